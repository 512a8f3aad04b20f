import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';
let admin: AdminApi;
const PASSWORD = 'timeline paging password';
const ENTRIES = 250;

async function signIn(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ locale: 'ar-MA', viewport });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByLabel('البريد الإلكتروني').fill('salma@mowakaba.test');
  await page.getByLabel('كلمة المرور').fill(PASSWORD);
  await page.getByRole('button', { name: 'دخول' }).click();
  // In the language the agent last chose.
  await page.getByRole('button', { name: /التذكرة التالية|Ticket suivant/ }).waitFor();
  return page;
}

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL: 'admin@mowakaba.test', ADMIN_PASSWORD: PASSWORD });
  ({ browser, baseUrl } = environment);
  admin = await connectAdmin({ baseUrl, email: 'admin@mowakaba.test', password: PASSWORD });
  expect((await admin.api('/api/users', 'POST', { email: 'salma@mowakaba.test', name: 'سلمى العلوي', password: PASSWORD, role: 'agent' })).status).toBe(201);
});

afterAll(async () => {
  await environment?.stop();
});

describe('a long ticket timeline', () => {
  it('opens on its latest entries, loads older ones page by page, and still shows a new entry live', async () => {
    const created = await admin.api('/api/tickets', 'POST', { subject: 'متابعة ملف الشراكة', description: 'ملف طويل', channel: 'web', language: 'ar', topic: 'funding', priority: 'normal' });
    expect(created.status).toBe(201);
    const ticketId = String(created.body.id);
    for (let n = 1; n <= ENTRIES; n += 1) {
      const note = await admin.api(`/api/tickets/${ticketId}/entries`, 'POST', { kind: 'internal-note', body: `ملاحظة رقم ${n}` });
      expect(note.status).toBe(201);
    }

    const page = await signIn({ width: 1440, height: 900 });
    await page.goto(`${baseUrl}/tickets/${ticketId}`);
    const timeline = page.getByRole('list', { name: 'سجل التذكرة' });
    await timeline.getByText(`ملاحظة رقم ${ENTRIES}`, { exact: true }).waitFor();
    // The latest page only, at first: the oldest notes wait behind the button.
    expect(await timeline.getByText('ملاحظة رقم 1', { exact: true }).count()).toBe(0);
    const older = page.getByRole('button', { name: 'عرض الإدخالات الأقدم' });
    await saveScreenshot(page, 'timeline-latest-ar-1440');
    for (let pages = 1; await older.isVisible(); pages += 1) {
      expect(pages).toBeLessThan(10);
      const shown = await timeline.locator('li').count();
      await older.click();
      // While a page loads the button is named "loading", so it is looked for again only once the
      // page's entries are shown (checking the button right after the click raced the render).
      await expect.poll(() => timeline.locator('li').count()).toBeGreaterThan(shown);
      await expect.poll(() => timeline.getAttribute('aria-busy')).toBe('false');
    }
    await timeline.getByText('ملاحظة رقم 1', { exact: true }).waitFor();
    // The description, then every note once, oldest first.
    const notes = await timeline.locator('li').allInnerTexts();
    const numbers = notes.flatMap((text) => /ملاحظة رقم (\d+)/.exec(text)?.[1] ?? []).map(Number);
    expect(numbers).toEqual(Array.from({ length: ENTRIES }, (_, index) => index + 1));

    // A colleague answers and sets the ticket pending: the reply appears at the end, the older pages stay loaded.
    expect((await admin.api(`/api/tickets/${ticketId}/entries`, 'POST', { kind: 'public-reply', body: 'ملاحظة جديدة من الزميل', status: 'pending' })).status).toBe(201);
    await timeline.getByText('ملاحظة جديدة من الزميل').waitFor({ timeout: 5_000 });
    expect(await timeline.getByText('ملاحظة رقم 1', { exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await saveScreenshot(page, 'timeline-all-ar-1440');

    await page.getByLabel('اللغة').selectOption('fr');
    await page.getByRole('list', { name: 'Historique du ticket' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await saveScreenshot(page, 'timeline-all-fr-1440');

    // On a phone, in French (the agent's choice now), then in Arabic.
    const phone = await signIn({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/tickets/${ticketId}`);
    await phone.getByRole('list', { name: 'Historique du ticket' }).getByText('ملاحظة جديدة من الزميل').waitFor();
    await phone.getByRole('button', { name: 'Afficher les entrées plus anciennes' }).waitFor();
    const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await saveScreenshot(phone, 'timeline-latest-fr-390');
    // On a phone the language is under the menu button.
    await phone.getByRole('button', { name: 'Menu', exact: true }).click();
    await phone.locator('.language-switch select').selectOption('ar');
    await phone.getByRole('button', { name: 'عرض الإدخالات الأقدم' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await saveScreenshot(phone, 'timeline-latest-ar-390');
  }, 180_000);

  it('keeps what the agent types while the last entry is still being sent, and gives back an entry that could not be sent', async () => {
    const created = await admin.api('/api/tickets', 'POST', { subject: 'طلب وثائق التأسيس', description: 'نحتاج النموذج', channel: 'web', language: 'ar', topic: 'founding', priority: 'normal' });
    expect(created.status).toBe(201);
    const ticketId = String(created.body.id);
    const page = await signIn({ width: 1440, height: 900 });
    await page.goto(`${baseUrl}/tickets/${ticketId}`);
    const timeline = page.getByRole('list', { name: 'سجل التذكرة' });
    const composer = page.locator('form.composer textarea');
    await composer.waitFor();

    // The server's answer to the send is held back (as on a slow network): the entry's event shows it first.
    let answer: 'as-sent' | 'refused' = 'as-sent';
    let release: () => void = () => undefined;
    let answered = false;
    await page.route(`**/api/tickets/${ticketId}/entries`, async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      const held = new Promise<void>((resolve) => (release = resolve));
      if (answer === 'refused') {
        await held;
        await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'try again' } }) });
      } else {
        const response = await route.fetch();
        await held;
        await route.fulfill({ response });
      }
      answered = true;
    });

    await composer.fill('أرسلنا لكم نموذج النظام الأساسي.');
    await composer.press('Control+Enter');
    await timeline.getByText('أرسلنا لكم نموذج النظام الأساسي.').waitFor();
    expect(await composer.inputValue()).toBe('');
    await composer.fill('تذكير: موعد الجمع العام');
    release();
    await expect.poll(() => answered).toBe(true);
    await page.getByRole('status').filter({ hasText: 'أُرسل الرد إلى الجمعية.' }).waitFor();
    expect(await composer.inputValue()).toBe('تذكير: موعد الجمع العام');

    // Refused: the text comes back for another try, nothing is lost.
    answer = 'refused';
    answered = false;
    await composer.press('Control+Enter');
    await expect.poll(() => composer.inputValue()).toBe('');
    release();
    await expect.poll(() => answered).toBe(true);
    await expect.poll(() => composer.inputValue()).toBe('تذكير: موعد الجمع العام');
    expect(await timeline.getByText('تذكير: موعد الجمع العام').count()).toBe(0);
  }, 120_000);
});
