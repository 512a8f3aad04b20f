import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo/seed-demo-data.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'true' });
  ({ browser, baseUrl } = environment);
});

afterAll(async () => {
  await environment?.stop();
});

describe('signing in from the browser', () => {
  it('shows an Arabic browser the sign-in page in Arabic, right to left', async () => {
    const context = await browser.newContext({ locale: 'ar-MA' });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);
    await saveScreenshot(page, 'sign-in-ar');
    await context.close();
  });

  it('follows ?lang= before the browser language', async () => {
    const context = await browser.newContext({ locale: 'ar-MA' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/?lang=fr`);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await context.close();
  });

  it('tells a wrong password in the page language and signs a demo agent in', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.getByLabel('Adresse e-mail').fill('salma.agent@mowakaba.test');
    await page.getByLabel('Mot de passe').fill('not the password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe("L'adresse e-mail ou le mot de passe est incorrect.");

    await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // The demo agent's remembered language is Arabic: the shell switches to it, right to left.
    await page.getByRole('button', { name: 'تسجيل الخروج' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const navBox = await page.getByRole('navigation', { name: 'التنقل الرئيسي' }).boundingBox();
    expect(navBox!.x).toBeGreaterThan(page.viewportSize()!.width / 2);
    await saveScreenshot(page, 'home-ar');

    const languageSaved = page.waitForResponse((response) => response.url().endsWith('/api/auth/me') && response.request().method() === 'PATCH');
    await page.getByLabel('اللغة').selectOption('fr');
    expect((await languageSaved).status()).toBe(200);
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect((await page.getByRole('navigation', { name: 'Navigation principale' }).boundingBox())!.x).toBe(0);
    await saveScreenshot(page, 'home-fr');

    await page.reload();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await context.close();
  });

  it('suggests knowledge-base articles beside a demo ticket, with highlighted words and a link to insert', async () => {
    const context = await browser.newContext({ locale: 'ar-MA' });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.getByLabel('البريد الإلكتروني').fill('youssef.agent@mowakaba.test');
    await page.getByLabel('كلمة المرور').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'دخول' }).click();
    await page.getByRole('button', { name: 'التذكرة التالية' }).waitFor();
    const ticketId = await page.evaluate(async () => {
      const response = await fetch('/api/tickets?status=new,open,pending&topic=founding&limit=1');
      return ((await response.json()) as { items: Array<{ id: string }> }).items[0]!.id;
    });
    await page.goto(`${baseUrl}/tickets/${ticketId}`);
    const suggestions = page.getByRole('region', { name: 'مقالات مقترحة' });
    await suggestions.getByRole('link').first().waitFor();
    expect(await suggestions.locator('mark').count()).toBeGreaterThan(0);
    await suggestions.getByRole('button', { name: 'إدراج الرابط في الرد' }).first().click();
    // The association's address of the article (the staff /kb/ address asks for a login).
    expect(await page.getByLabel('الرد (يُرسل عبر قناة التذكرة)').inputValue()).toContain('/portal/articles/');
    await context.close();
  });
});
