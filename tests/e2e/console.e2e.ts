import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';
const PASSWORD = 'console test password';
// Simulation mode (no account SID) still checks signatures with this token, against PUBLIC_URL.
const TWILIO_TOKEN = 'e2e-twilio-token-5b7c1d';
const PUBLIC_URL = 'http://localhost:3000';

let admin: AdminApi;
const api: AdminApi['api'] = (...request) => admin.api(...request);
const postTwilio: AdminApi['postTwilio'] = (...request) => admin.postTwilio(...request);

const messageSid = () => `SM${Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`;

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
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL: 'admin@mowakaba.test', ADMIN_PASSWORD: PASSWORD, PUBLIC_URL, TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
  ({ browser, baseUrl } = environment);
  admin = await connectAdmin({ baseUrl, email: 'admin@mowakaba.test', password: PASSWORD, twilioToken: TWILIO_TOKEN, publicUrl: PUBLIC_URL });
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

  it('shows an SMS reply’s delivery live, a failure in the header, and the association’s editable profile with its history', async () => {
    const association = await api('/api/associations', 'POST', {
      name: { ar: 'جمعية النخيل للتنمية', fr: 'Association Annakhil pour le développement' },
      registrationRef: `RC-E2E-${Date.now()}`,
      region: 'souss-massa',
      province: 'Tiznit',
      city: 'Tiznit',
      fieldOfActivity: 'Développement local',
      contacts: [{ name: 'Fatima Zahra', role: 'رئيسة', phones: ['0661234567'], emails: [] }],
    });
    expect(association.status).toBe(201);
    const associationId = String(association.body.id);
    await postTwilio('/webhooks/twilio/messaging', { MessageSid: messageSid(), From: '+212661234567', To: '+212522000000', Body: 'السلام عليكم، متى آخر أجل لطلب الدعم؟', NumMedia: '0' });
    const history = await api(`/api/associations/${associationId}/timeline`);
    const ticket = (history.body.items as Array<{ kind: string; ticket?: { id: string; reference: string } }>).find((item) => item.kind === 'ticket')!.ticket!;

    // A colleague of her own: the first test leaves Amina's console in French.
    expect((await api('/api/users', 'POST', { email: 'salma@mowakaba.test', name: 'سلمى بناني', password: PASSWORD, role: 'agent' })).status).toBe(201);
    const salma = await signInAs('salma@mowakaba.test');
    await salma.goto(`${baseUrl}/tickets/${ticket.id}`);
    const timeline = salma.getByRole('list', { name: 'سجل التذكرة' });
    await timeline.getByText('السلام عليكم، متى آخر أجل لطلب الدعم؟').waitFor();
    await salma.getByLabel('الرد (يُرسل عبر قناة التذكرة)').fill('آخر أجل هو 30 يونيو.');
    await salma.getByRole('button', { name: 'إرسال الرد' }).click();
    const reply = timeline.getByRole('listitem').filter({ hasText: 'آخر أجل هو 30 يونيو.' });
    await reply.getByText('محاكاة (لم تُرسل)').waitFor();

    // Twilio's delivery reports arrive: the status changes on screen without a reload.
    const entries = await api(`/api/tickets/${ticket.id}/timeline`);
    const sent = (entries.body.items as Array<{ kind: string; data: { messageSid?: string } | null }>).find((item) => item.kind === 'public-reply')!;
    await postTwilio('/webhooks/twilio/messaging/status', { MessageSid: sent.data!.messageSid!, MessageStatus: 'delivered', From: '+212522000000' });
    await reply.getByText('وصلت').waitFor({ timeout: 5_000 });
    await postTwilio('/webhooks/twilio/messaging/status', { MessageSid: sent.data!.messageSid!, MessageStatus: 'undelivered', ErrorCode: '30003', From: '+212522000000' });
    await reply.getByText('لم تصل').waitFor({ timeout: 5_000 });
    await reply.getByText('خطأ 30003').waitFor();
    await salma.getByRole('alert').filter({ hasText: 'فشل التسليم: 1 رسالة لم تصل إلى الجمعية' }).waitFor();
    await saveScreenshot(salma, 'ticket-delivery-ar');

    // From the association panel to the association's page.
    await salma.getByRole('link', { name: 'جمعية النخيل للتنمية' }).click();
    await salma.getByRole('heading', { level: 1, name: 'جمعية النخيل للتنمية' }).waitFor();
    const phone = salma.locator('bdi.phone', { hasText: '+212661234567' });
    await phone.waitFor();
    expect(await phone.getAttribute('dir')).toBe('ltr');
    const historyTable = salma.getByRole('table', { name: 'التذاكر والمكالمات والرسائل، الأحدث أولا' });
    await historyTable.getByRole('link', { name: ticket.reference }).waitFor();
    await historyTable.getByText('لم تصل').waitFor();

    // Edit the city while a colleague saves the notes and another city: their notes join the form, the
    // city is kept, and only the city (changed by both) is listed with the colleague's value.
    await salma.getByRole('button', { name: 'تعديل', exact: true }).click();
    await salma.getByLabel('المدينة').fill('أكادير');
    await salma.getByLabel('الإقليم').fill('أكادير إداوتنان');
    const current = await api(`/api/associations/${associationId}`);
    expect((await api(`/api/associations/${associationId}`, 'PATCH', { version: current.body.version, notes: 'اتصلت الرئيسة يوم الإثنين', city: 'إنزكان' })).status).toBe(200);
    await salma.getByRole('button', { name: 'حفظ', exact: true }).click();
    const conflictNotice = salma.getByRole('alert').filter({ hasText: 'حفظ زميل هذه الجمعية أثناء تحريرك' });
    await conflictNotice.waitFor();
    expect(await conflictNotice.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('إنزكان')]);
    expect(await salma.getByLabel('ملاحظات').inputValue()).toBe('اتصلت الرئيسة يوم الإثنين');
    expect(await salma.getByLabel('المدينة').inputValue()).toBe('أكادير');
    await salma.getByRole('button', { name: 'حفظ', exact: true }).click();
    await salma.getByText('تم الحفظ.').waitFor();
    const saved = await api(`/api/associations/${associationId}`);
    expect(saved.body).toMatchObject({ city: 'أكادير', province: 'أكادير إداوتنان', notes: 'اتصلت الرئيسة يوم الإثنين' });

    // A second contact, typed the Moroccan way, is stored and shown in E.164.
    await salma.getByRole('button', { name: 'إضافة جهة اتصال' }).click();
    await salma.getByLabel('الاسم', { exact: true }).fill('Youssef Amrani');
    await salma.getByLabel('الهواتف', { exact: true }).fill('0662 11 22 33');
    await salma.getByRole('button', { name: 'حفظ', exact: true }).click();
    await salma.locator('bdi.phone', { hasText: '+212662112233' }).waitFor();
    await saveScreenshot(salma, 'association-ar');
  });
});
