import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { findAccessibilityViolations, type AxeFinding } from './axe.js';
import { findDirectionMisses } from './direction.js';
import { startE2eEnvironment, type E2eEnvironment } from './browser.js';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';
let admin: AdminApi;
const PASSWORD = 'accessibility test password';
// Simulation mode still checks webhook signatures with this token, against PUBLIC_URL.
const TWILIO_TOKEN = 'e2e-a11y-token-3f9a2c';
const PUBLIC_URL = 'http://localhost:3000';
const seeded = { ticketId: '', reference: '', associationId: '', articleId: '' };
const api: AdminApi['api'] = (...args) => admin.api(...args);
const postTwilio: AdminApi['postTwilio'] = (...args) => admin.postTwilio(...args);

/** A caller through the voice menu into the queue: a waiting call. */
async function queueCall(callSid: string, from: string) {
  const call = { CallSid: callSid, From: from, To: '+212522000000', Direction: 'inbound' };
  await postTwilio('/webhooks/twilio/voice', { ...call, CallStatus: 'ringing' });
  await postTwilio('/webhooks/twilio/voice/language?attempt=1', { ...call, Digits: '2' });
  await postTwilio('/webhooks/twilio/voice/topic?lang=fr&attempt=1', { ...call, Digits: '1' });
  return call;
}

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL: 'admin@mowakaba.test', ADMIN_PASSWORD: PASSWORD, PUBLIC_URL, TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
  ({ browser, baseUrl } = environment);
  admin = await connectAdmin({ baseUrl, email: 'admin@mowakaba.test', password: PASSWORD, twilioToken: TWILIO_TOKEN, publicUrl: PUBLIC_URL });
  await admin.openAllWeek();
  for (const [email, name, language] of [
    ['layla@mowakaba.test', 'ليلى العلوي', 'ar'],
    ['claire@mowakaba.test', 'Claire Benali', 'fr'],
  ] as const) {
    expect((await api('/api/users', 'POST', { email, name, password: PASSWORD, role: 'supervisor', language })).status).toBe(201);
  }

  const association = await api('/api/associations', 'POST', {
    name: { ar: 'جمعية الواحة للتنمية', fr: 'Association Al Waha pour le développement' },
    registrationRef: `RC-A11Y-${Date.now()}`,
    region: 'souss-massa',
    province: 'Tiznit',
    city: 'Tiznit',
    fieldOfActivity: 'Développement local',
    contacts: [{ name: 'Fatima Zahra', role: 'رئيسة', phones: ['0661234500'], emails: ['fatima@example.org'] }],
  });
  expect(association.status).toBe(201);
  seeded.associationId = String(association.body.id);

  // A message from the association opens a ticket; a reply, a note and a call join its timeline.
  await postTwilio('/webhooks/twilio/messaging', { MessageSid: `SM${'a1'.repeat(16)}`, From: '+212661234500', To: '+212522000000', Body: 'السلام عليكم، Nous avons besoin du formulaire de subvention.', NumMedia: '0' });
  const history = await api(`/api/associations/${seeded.associationId}/timeline`);
  const ticket = (history.body.items as Array<{ kind: string; ticket?: { id: string; reference: string } }>).find((item) => item.kind === 'ticket')!.ticket!;
  seeded.ticketId = ticket.id;
  seeded.reference = ticket.reference;
  expect((await api(`/api/tickets/${ticket.id}/entries`, 'POST', { kind: 'public-reply', body: 'Le formulaire est en ligne : اطلعوا على قاعدة المعرفة.' })).status).toBe(201);
  expect((await api(`/api/tickets/${ticket.id}/entries`, 'POST', { kind: 'internal-note', body: 'ملاحظة داخلية: rappeler mardi.' })).status).toBe(201);

  // A caller who hung up in the queue leaves a callback task; their call is then filed on the ticket.
  const abandoned = await queueCall(`CA${'1'.repeat(32)}`, '+212661234500');
  await postTwilio('/webhooks/twilio/voice/queue-result?lang=fr', { ...abandoned, QueueResult: 'hangup', QueueTime: '45' });
  await postTwilio('/webhooks/twilio/voice/status', { ...abandoned, CallStatus: 'completed', SequenceNumber: '2' });
  expect((await api(`/api/calls/${abandoned.CallSid}`, 'PATCH', { ticketId: ticket.id, notes: 'Appel perdu, à rappeler.' })).status).toBe(200);
  // And one still waiting.
  await queueCall(`CA${'2'.repeat(32)}`, '+212662998877');
  expect((await api('/api/tickets', 'POST', { subject: 'Renouvellement du bureau', description: '', channel: 'web', language: 'fr', topic: 'founding', priority: 'urgent' })).status).toBe(201);

  const article = await api('/api/kb/articles', 'POST', {
    title: 'تجديد مكتب الجمعية: الوثائق والآجال',
    summary: 'ما يجب إيداعه بعد انتخاب مكتب جديد',
    body: '## الوثائق\nمحضر الجمع العام، لائحة أعضاء المكتب. Contact : +212522000000',
    lang: 'ar',
    topic: 'founding',
    status: 'published',
    visibility: 'public',
  });
  expect(article.status).toBe(201);
  seeded.articleId = String(article.body.id);
});

afterAll(async () => {
  await environment?.stop();
});

// What users typed, in both directions: each must read in its own direction whatever the interface's.
const USER_TEXTS = [
  'السلام عليكم، Nous avons besoin',
  'Le formulaire est en ligne',
  'ملاحظة داخلية: rappeler mardi.',
  'Appel perdu, à rappeler.',
  'Renouvellement du bureau',
  'جمعية الواحة للتنمية',
  'Association Al Waha pour le développement',
  'Fatima Zahra',
  'تجديد مكتب الجمعية: الوثائق والآجال',
  'ما يجب إيداعه بعد انتخاب مكتب جديد',
  'ليلى العلوي',
  'Claire Benali',
  'انتخبنا مكتبا جديدا',
];

/** Every screen's serious and critical violations, by screen, so one run lists them all. */
async function auditScreens(language: 'ar' | 'fr', email: string): Promise<Record<string, AxeFinding[]>> {
  const found: Record<string, AxeFinding[]> = {};
  const audit = async (page: Page, screen: string) => {
    const violations = await findAccessibilityViolations(page);
    if (violations.length > 0) found[`${language}:${screen}`] = violations;
    const misses = await findDirectionMisses(page, USER_TEXTS);
    if (misses.length > 0) found[`${language}:${screen}:direction`] = misses.map((miss) => ({ rule: 'mixed-direction', impact: 'serious', help: miss, targets: [] }));
  };
  const context = await browser.newContext({ locale: language === 'ar' ? 'ar-MA' : 'fr-FR', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();

  await page.goto(`${baseUrl}/?lang=${language}`);
  await page.locator('input[type=password]').waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
  await audit(page, 'sign-in');
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill('not the password');
  await page.locator('input[type=password]').press('Enter');
  await page.getByRole('alert').waitFor();
  await audit(page, 'sign-in-refused');
  await page.locator('input[type=password]').fill(PASSWORD);
  await page.locator('input[type=password]').press('Enter');

  // The queue: tickets, a waiting call, a callback task.
  await page.getByText('Renouvellement du bureau').waitFor();
  await page.getByText('+212662998877').first().waitFor();
  await page.locator('bdi.phone', { hasText: '+212661234500' }).first().waitFor();
  await audit(page, 'queue');

  await page.goto(`${baseUrl}/tickets/${seeded.ticketId}`);
  await page.getByText('ملاحظة داخلية: rappeler mardi.').waitFor();
  await page.getByText('Appel perdu, à rappeler.').waitFor();
  await audit(page, 'ticket');
  // The composer in internal-note mode has its own colours.
  await page.keyboard.press('Alt+KeyI');
  await page.locator('.composer--internal-note').waitFor();
  await audit(page, 'ticket-note-composer');

  await page.goto(`${baseUrl}/associations/${seeded.associationId}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByRole('link', { name: seeded.reference }).first().waitFor();
  await audit(page, 'association');
  await page.goto(`${baseUrl}/associations`);
  await page.getByRole('link', { name: /الواحة|Al Waha/ }).first().waitFor();
  await audit(page, 'associations');
  await page.goto(`${baseUrl}/kb`);
  await page.getByText('تجديد مكتب الجمعية: الوثائق والآجال').first().waitFor();
  await audit(page, 'kb-list');

  await page.goto(`${baseUrl}/kb/${seeded.articleId}`);
  await page.getByRole('heading', { name: 'تجديد مكتب الجمعية: الوثائق والآجال' }).first().waitFor();
  await audit(page, 'kb-reader');

  await page.goto(`${baseUrl}/kb/${seeded.articleId}/edit`);
  await page.locator('textarea').first().waitFor();
  await page.getByRole('heading', { name: 'الوثائق', exact: true }).waitFor();
  await audit(page, 'kb-editor');
  await context.close();

  // The public portal, as a visitor.
  const visitor = await browser.newContext({ locale: language === 'ar' ? 'ar-MA' : 'fr-FR', viewport: { width: 412, height: 915 } });
  const portal = await visitor.newPage();
  await portal.goto(`${baseUrl}/portal?lang=${language}`);
  await portal.locator('input[type=search]').waitFor();
  await audit(portal, 'portal-home');
  await portal.goto(`${baseUrl}/portal/ask?lang=${language}`);
  await portal.locator('form button[type=submit]').click();
  await portal.locator('[aria-invalid=true]').first().waitFor();
  await audit(portal, 'portal-ask-errors');
  await portal.locator('[name=associationName]').fill('جمعية الأمل');
  await portal.locator('[name=phone]').fill('0661223344');
  // Suggestions follow the request's language: the seeded article is Arabic.
  await portal.locator('[name=language]').selectOption('ar');
  await portal.locator('[name=subject]').pressSequentially('تجديد المكتب', { delay: 30 });
  await portal.getByRole('link', { name: 'تجديد مكتب الجمعية: الوثائق والآجال' }).waitFor({ timeout: 5_000 });
  await audit(portal, 'portal-ask');
  await portal.locator('[name=description]').fill('انتخبنا مكتبا جديدا، ما هي الوثائق المطلوبة؟');
  await portal.getByRole('checkbox').check();
  await portal.locator('form button[type=submit]').click();
  await portal.locator('.portal-code').nth(1).waitFor();
  await audit(portal, 'portal-created');
  const [reference, code] = await portal.locator('.portal-code').allTextContents();
  await portal.goto(`${baseUrl}/portal/follow?lang=${language}`);
  await portal.locator('form input').nth(0).fill(reference!);
  await portal.locator('form input').nth(1).fill(code!);
  await portal.locator('form button[type=submit]').first().click();
  await portal.getByText('تجديد المكتب').first().waitFor();
  await audit(portal, 'portal-follow');
  await visitor.close();
  return found;
}

describe('accessibility (axe-core, WCAG 2 AA)', () => {
  it('finds no serious or critical violation on the Arabic, right-to-left screens', async () => {
    expect(await auditScreens('ar', 'layla@mowakaba.test')).toEqual({});
  });

  it('finds no serious or critical violation on the French screens', async () => {
    expect(await auditScreens('fr', 'claire@mowakaba.test')).toEqual({});
  });
});
