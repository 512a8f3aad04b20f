import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';
let adminCookie = '';
const PASSWORD = 'console test password';

async function api(path: string, method = 'GET', body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Cookie: adminCookie, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as Record<string, unknown> };
}

async function signInAs(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByLabel('البريد الإلكتروني').fill(email);
  await page.getByLabel('كلمة المرور').fill(PASSWORD);
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.getByRole('button', { name: 'التذكرة التالية' }).waitFor();
  return page;
}

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL: 'admin@mowakaba.test', ADMIN_PASSWORD: PASSWORD });
  ({ browser, baseUrl } = environment);
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@mowakaba.test', password: PASSWORD }),
  });
  adminCookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  for (const [email, name] of [
    ['amina@mowakaba.test', 'أمينة الإدريسي'],
    ['rachid@mowakaba.test', 'Rachid Ouazzani'],
  ]) {
    expect((await api('/api/users', 'POST', { email, name, password: PASSWORD, role: 'agent' })).status).toBe(201);
  }
});

afterAll(async () => {
  await environment?.stop();
});

describe('the agent console', () => {
  it('shows a new ticket live, lets the agent reply and solve it, and a colleague sees the change', async () => {
    const amina = await signInAs('amina@mowakaba.test');
    const rachid = await signInAs('rachid@mowakaba.test');
    expect(await amina.evaluate(() => document.documentElement.dir)).toBe('rtl');

    const subject = `طلب تجديد مكتب الجمعية ${Date.now()}`;
    const created = await api('/api/tickets', 'POST', { subject, description: 'نحتاج لائحة الوثائق', channel: 'web', language: 'ar', topic: 'founding', priority: 'high' });
    expect(created.status).toBe(201);
    const row = amina.getByRole('row', { name: new RegExp(subject) });
    await row.waitFor({ timeout: 2_000 });
    await saveScreenshot(amina, 'queue-ar');

    await row.click();
    await amina.getByRole('heading', { name: new RegExp(String(created.body.reference)) }).waitFor();
    await rachid.goto(`${baseUrl}/tickets/${String(created.body.id)}`);
    await rachid.getByLabel('الحالة').waitFor();
    await amina.getByText('Rachid Ouazzani يطّلع على التذكرة').waitFor();

    await amina.getByLabel('الرد (يُرسل عبر قناة التذكرة)').fill('مرحبا، ستجدون لائحة الوثائق في قاعدة المعرفة.');
    await amina.getByRole('button', { name: 'إرسال الرد' }).click();
    await amina.getByRole('list', { name: 'سجل التذكرة' }).getByText('مرحبا، ستجدون لائحة الوثائق في قاعدة المعرفة.').waitFor();
    await expect.poll(() => amina.getByLabel('الرد (يُرسل عبر قناة التذكرة)').inputValue()).toBe('');
    await amina.getByText('تم', { exact: true }).waitFor();
    await saveScreenshot(amina, 'ticket-ar');

    await amina.getByLabel('الحالة').selectOption('solved');
    await expect.poll(() => rachid.getByLabel('الحالة').inputValue(), { timeout: 5_000 }).toBe('solved');
    const stored = await api(`/api/tickets/${String(created.body.id)}`);
    expect(stored.body.status).toBe('solved');

    await amina.getByLabel('اللغة').selectOption('fr');
    await amina.getByRole('button', { name: 'Ticket suivant' }).waitFor();
    expect(await amina.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await saveScreenshot(amina, 'ticket-fr');
    await amina.getByRole('link', { name: "File d'attente" }).click();
    await amina.getByRole('tab', { name: 'Toutes' }).waitFor();
    await saveScreenshot(amina, 'queue-fr');
  });
});
