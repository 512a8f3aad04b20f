import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { ARTIFACTS_DIR, saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';

let environment: E2eEnvironment;
let admin: AdminApi;
const PASSWORD = 'wallboard link password';
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const TEXTS = {
  fr: { create: 'Créer un lien', label: 'Nom de l’écran', title: 'Mur d’affichage', revoke: 'Révoquer le lien « Écran salle Rabat »', revoked: 'Ce lien est inconnu ou a été révoqué.' },
  ar: { create: 'إنشاء رابط', label: 'اسم الشاشة', title: 'الشاشة الحائطية', revoke: 'إلغاء الرابط «شاشة قاعة الرباط»', revoked: 'هذا الرابط غير صالح أو أُلغي.' },
} as const;

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL: 'admin@mowakaba.test', ADMIN_PASSWORD: PASSWORD });
  admin = await connectAdmin({ baseUrl: environment.baseUrl, email: 'admin@mowakaba.test', password: PASSWORD });
  for (const language of ['fr', 'ar']) {
    const user = await admin.api('/api/users', 'POST', { email: `salma.${language}@mowakaba.test`, name: language === 'ar' ? 'سلمى بناني' : 'Salma Bennani', password: PASSWORD, role: 'supervisor', language });
    expect(user.status).toBe(201);
  }
});

afterAll(async () => {
  await environment?.stop();
});

async function openSupervisor(language: 'fr' | 'ar', viewport: { width: number; height: number }): Promise<Page> {
  const context = await environment.browser.newContext({ locale: language === 'ar' ? 'ar-MA' : 'fr-FR', viewport });
  const page = await context.newPage();
  const login = await page.request.post(`${environment.baseUrl}/api/auth/login`, { data: { email: `salma.${language}@mowakaba.test`, password: PASSWORD } });
  expect(login.status()).toBe(200);
  return page;
}

async function tileNumber(page: Page, metric: string): Promise<number> {
  const text = (await page.locator(`[data-metric="${metric}"] .tile__value`).first().textContent()) ?? '';
  // Arabic-Indic digits as well as Latin ones.
  const latin = text.replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - 0x0660));
  return Number(latin.replace(/[^\d]/g, '') || 'NaN');
}

describe('read-only wallboard links', () => {
  for (const language of ['fr', 'ar'] as const) {
    it(`a supervisor creates a TV link in ${language}; the TV, signed in nowhere, shows a number change live and is cut off when the link is revoked`, async () => {
      const texts = TEXTS[language];
      const supervisor = await openSupervisor(language, VIEWPORTS[0]);
      await supervisor.goto(`${environment.baseUrl}/dashboard`);
      await supervisor.getByLabel(texts.label).fill(language === 'ar' ? 'شاشة قاعة الرباط' : 'Écran salle Rabat');
      await supervisor.getByRole('button', { name: texts.create }).click();
      const url = await supervisor.locator('#wallboard-link-url').inputValue();
      expect(url).toMatch(/\/wallboard\/[\w-]{40,}$/);
      await saveScreenshot(supervisor, `wallboard-links-${language}-desktop`);
      await supervisor.locator('.wallboard-links').screenshot({ path: join(ARTIFACTS_DIR, `wallboard-links-panel-${language}-desktop.png`) });
      await supervisor.setViewportSize(VIEWPORTS[1]);
      await saveScreenshot(supervisor, `wallboard-links-${language}-phone`);
      await supervisor.locator('.wallboard-links').screenshot({ path: join(ARTIFACTS_DIR, `wallboard-links-panel-${language}-phone.png`) });

      const tvContext = await environment.browser.newContext({ viewport: VIEWPORTS[0] });
      const tv = await tvContext.newPage();
      // The link is made of PUBLIC_URL, which this server leaves at its default: the TV goes to the same path
      // here; in Arabic as `/wallboard?token=`, the other form a link can be typed in.
      const token = new URL(url).pathname.split('/').at(-1)!;
      await tv.goto(language === 'fr' ? `${environment.baseUrl}/wallboard/${token}?lang=fr` : `${environment.baseUrl}/wallboard?token=${token}&lang=ar`);
      await tv.getByRole('heading', { name: texts.title }).waitFor();
      await expect.poll(() => tv.locator('.live--on').count()).toBe(1);
      const before = await tileNumber(tv, 'ticketsCreated');
      const reloads: string[] = [];
      tv.on('load', () => reloads.push(tv.url()));
      const created = await admin.api('/api/tickets', 'POST', { subject: 'Question sur le volontariat', description: '', channel: 'web', language: 'fr', topic: 'volunteering', priority: 'normal', tags: [], custom: {} });
      expect(created.status).toBe(201);
      await expect.poll(() => tileNumber(tv, 'ticketsCreated'), { timeout: 15_000 }).toBe(before + 1);
      expect(reloads).toEqual([]);
      expect(await tv.evaluate(() => document.documentElement.dir)).toBe(language === 'ar' ? 'rtl' : 'ltr');
      await saveScreenshot(tv, `wallboard-tv-${language}-desktop`);
      await tv.setViewportSize(VIEWPORTS[1]);
      await saveScreenshot(tv, `wallboard-tv-${language}-phone`);

      supervisor.once('dialog', (dialog) => void dialog.accept());
      await supervisor.getByRole('button', { name: texts.revoke }).first().click();
      await tv.getByRole('alert').filter({ hasText: texts.revoked }).waitFor({ timeout: 10_000 });
      await saveScreenshot(tv, `wallboard-tv-revoked-${language}-phone`);
      expect(reloads).toEqual([]);
      await tvContext.close();
      await supervisor.context().close();
    });
  }
});
