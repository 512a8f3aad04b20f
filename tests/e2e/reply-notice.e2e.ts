import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { associationInput } from '../helpers/fixtures.js';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { BROWSER_LOCALES, localeText, type TestLanguage } from './locale-text.js';
import { signInThroughPage } from './sign-in-page.js';

const PASSWORD = 'reply notice test password';
const ADMIN_EMAIL = 'admin@mowakaba.test';
// Simulation mode still checks webhook signatures with this token, against PUBLIC_URL.
const TWILIO_TOKEN = 'reply-notice-e2e-token';
const PUBLIC_URL = 'http://localhost:3000';
const SIZES = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;

let environment: E2eEnvironment;
let admin: AdminApi;
let article: { id: string; title: string };
const api: AdminApi['api'] = (...request) => admin.api(...request);

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL, ADMIN_PASSWORD: PASSWORD, PUBLIC_URL, TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
  admin = await connectAdmin({ baseUrl: environment.baseUrl, email: ADMIN_EMAIL, password: PASSWORD, twilioToken: TWILIO_TOKEN, publicUrl: PUBLIC_URL });
  const created = await api('/api/kb/articles', 'POST', {
    title: 'الشراكة مع الدولة: ملف طلب الدعم',
    summary: 'الوثائق المطلوبة وآجال الإيداع',
    body: '## الوثائق\nالقانون الأساسي، محضر آخر جمع عام، التقرير المالي.',
    lang: 'ar',
    topic: 'funding',
    status: 'published',
    visibility: 'public',
  });
  expect(created.status).toBe(201);
  article = created.body as { id: string; title: string };
});

afterAll(async () => {
  await environment?.stop();
});

/** In the test's language, whatever the admin's saved one (the console applies it a moment after sign-in). */
function signIn(language: TestLanguage): Promise<Page> {
  return signInThroughPage(environment.browser, environment.baseUrl, { email: ADMIN_EMAIL, password: PASSWORD, language, viewport: SIZES.desktop });
}

/** Desktop and phone screenshots of what the page shows now. */
async function saveBothSizes(page: Page, name: string): Promise<void> {
  await page.setViewportSize(SIZES.desktop);
  await saveScreenshot(page, `${name}-desktop`);
  await page.setViewportSize(SIZES.phone);
  await saveScreenshot(page, `${name}-phone`);
}

describe.each(['ar', 'fr'] as const)('in %s', (language) => {
  const text = localeText(language);

  it('a member gives only an e-mail address on the portal; the agent sees on the reply that they were told by e-mail', async () => {
    const context = await environment.browser.newContext({ locale: BROWSER_LOCALES[language], viewport: SIZES.phone });
    const page = await context.newPage();
    await page.goto(`${environment.baseUrl}/portal/ask?lang=${language}`);
    await page.getByRole('heading', { name: text('portal.ask.title') }).waitFor();
    await page.getByLabel(text('portal.ask.associationName')).fill(language === 'ar' ? 'جمعية النور للتنمية' : 'Association Nour');
    await page.getByLabel(text('portal.ask.subject')).fill(language === 'ar' ? 'طلب دعم عمومي' : 'Subvention publique');
    await page.getByLabel(text('portal.ask.description')).fill(language === 'ar' ? 'ما هي شروط الشراكة مع الدولة؟' : 'Quelles sont les conditions du partenariat avec l’État ?');
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: text('portal.ask.send') }).click();
    // Neither a phone number nor an address: the form says one of them is needed.
    await page.getByText(text('replyNotice.contactRequired')).waitFor();
    await saveBothSizes(page, `reply-notice-contact-required-${language}`);

    expect(await page.getByLabel(text('replyNotice.email'), { exact: true }).getAttribute('type')).toBe('email');
    // Once its error shows, the field's name holds the error too: found by its type from here.
    const emailInput = page.locator('input[type="email"]');
    await emailInput.fill('not an address');
    await page.getByRole('button', { name: text('portal.ask.send') }).click();
    await page.getByText(text('replyNotice.invalidEmail')).waitFor();
    await emailInput.fill(`nour.${language}@example.org`);
    await page.getByRole('button', { name: text('portal.ask.send') }).click();
    await page.getByRole('heading', { name: text('portal.created.title') }).waitFor();
    const [reference] = await page.locator('.portal-code').allTextContents();
    expect(reference).toMatch(/^T-\d{4}-\d{6}$/);

    // The code is lost: a new one is asked with the address the request was made with.
    await page.goto(`${environment.baseUrl}/portal/follow?lang=${language}`);
    await page.getByText(text('portal.lostCode.title')).click();
    const lostCode = page.locator('.portal-lost-code');
    await lostCode.getByLabel(text('portal.created.reference')).fill(reference!);
    await lostCode.getByLabel(text('portal.lostCode.contact')).fill(`nour.${language}@example.org`);
    await lostCode.getByRole('button', { name: text('portal.lostCode.submit') }).click();
    await lostCode.getByRole('status').getByText(text('portal.lostCode.sent')).waitFor();
    await saveBothSizes(page, `reply-notice-lost-code-${language}`);
    await context.close();

    const found = await api(`/api/tickets?q=${encodeURIComponent(reference!)}`);
    const ticket = (found.body.items as Array<{ id: string; contactPhone: string | null }>)[0]!;
    expect(ticket.contactPhone).toBeNull();
    const reply = language === 'ar' ? 'مرحبا، الوثائق المطلوبة هي القانون الأساسي ومحضر آخر جمع عام.' : 'Bonjour, il faut les statuts et le dernier procès-verbal.';
    expect((await api(`/api/tickets/${ticket.id}/entries`, 'POST', { kind: 'public-reply', body: reply })).status).toBe(201);

    const staff = await signIn(language);
    await staff.goto(`${environment.baseUrl}/tickets/${ticket.id}`);
    // The new code's e-mail first, then the reply's: the reply is the last entry.
    const notice = staff.locator('[data-email-status="simulated"]').last();
    await notice.waitFor();
    expect(await notice.textContent()).toBe(`${text('replyNotice.emailTo')} n•••@example.org · ${text('delivery.simulated')}`);
    await saveBothSizes(staff, `reply-notice-ticket-${language}`);
    await staff.context().close();
  });

  it('a short link in an SMS reply opens the public article; an unknown one shows the portal’s “page not found”', async () => {
    const phone = language === 'ar' ? '+212661500600' : '+212661500601';
    const association = await api('/api/associations', 'POST', associationInput({ contacts: [{ name: 'Hiba', role: 'présidente', phones: [phone], emails: [] }] }));
    expect(association.status).toBe(201);
    await admin.postTwilio('/webhooks/twilio/messaging', { MessageSid: `SM${(language === 'ar' ? 'a1' : 'f2').repeat(16)}`, From: phone, To: '+212522000000', Body: 'Bonjour, comment demander une subvention ?', NumMedia: '0' });
    const history = await api(`/api/associations/${association.body.id as string}/timeline`);
    const ticketId = (history.body.items as Array<{ kind: string; message?: { ticketId: string } }>).find((item) => item.kind === 'message')!.message!.ticketId;
    const sent = await api(`/api/tickets/${ticketId}/entries`, 'POST', { kind: 'public-reply', body: `Voici l’article : ${PUBLIC_URL}/portal/articles/${article.id}` });
    expect(sent.status).toBe(201);
    const messages = await api(`/api/associations/${association.body.id as string}/timeline`);
    const outbound = (messages.body.items as Array<{ kind: string; message?: { direction: string; body: string } }>).find((item) => item.message?.direction === 'outbound')!;
    const shortLink = /http:\/\/localhost:3000(\/s\/[A-Za-z0-9]{10})$/.exec(outbound.message!.body);
    expect(shortLink).not.toBeNull();

    const context = await environment.browser.newContext({ locale: BROWSER_LOCALES[language], viewport: SIZES.phone });
    const page = await context.newPage();
    await page.goto(`${environment.baseUrl}${shortLink![1]}`);
    await page.getByRole('heading', { name: article.title }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/portal/articles/${article.id}`);

    const unknown = await page.goto(`${environment.baseUrl}/s/AbCdEfGhJk`);
    expect(unknown!.status()).toBe(404);
    await page.getByRole('heading', { name: text('notFound.title') }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe(language === 'ar' ? 'rtl' : 'ltr');
    await saveBothSizes(page, `reply-notice-unknown-link-${language}`);
    await context.close();
  });
});
