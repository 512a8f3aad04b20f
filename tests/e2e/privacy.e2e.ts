import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { findDirectionMisses } from './direction.js';
import { localeText, type TestLanguage } from './locale-text.js';
import { signInThroughPage } from './sign-in-page.js';

const ADMIN_EMAIL = 'admin@mowakaba.test';
const ADMIN_PASSWORD = 'privacy admin password';
// Simulation mode still checks webhook signatures with this token, against PUBLIC_URL.
const TWILIO_TOKEN = 'e2e-privacy-token-8c1d4e';
const PUBLIC_URL = 'http://localhost:3000';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';
let admin: AdminApi;

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL, ADMIN_PASSWORD, PUBLIC_URL, TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
  ({ browser, baseUrl } = environment);
  admin = await connectAdmin({ baseUrl, email: ADMIN_EMAIL, password: ADMIN_PASSWORD, twilioToken: TWILIO_TOKEN, publicUrl: PUBLIC_URL });
});

afterAll(async () => {
  await environment?.stop();
});

describe('personal data from the admin screens', () => {
  it('an admin exports an association (JSON and readable summary), erases it, and finds both in the audit log, in Arabic', async () => {
    const associationId = await admin.createAssociation({
      name: { ar: 'جمعية الواحة للتنمية', fr: 'Association Al Waha pour le développement' },
      registrationRef: 'RC-WAHA-2026',
      notes: 'La présidente préfère être appelée le soir',
      contacts: [{ name: 'Aicha Ouhaddou', role: 'présidente', phones: ['+212661550011'], emails: ['aicha@example.ma'] }],
    });
    const ticket = await admin.api('/api/tickets', 'POST', {
      subject: 'طلب دعم عمومي باسم عائشة',
      description: 'نريد معرفة شروط الشراكة',
      channel: 'voice',
      language: 'ar',
      topic: 'funding',
      priority: 'normal',
      tags: [],
      custom: {},
      associationId,
    });
    expect(ticket.status).toBe(201);
    // The president also wrote by SMS: the message is in the association's history.
    await admin.postTwilio('/webhooks/twilio/messaging', { MessageSid: `SM${'b2'.repeat(16)}`, From: '+212661550011', To: '+212522000000', Body: 'السلام عليكم، متى نتوصل بالجواب؟', NumMedia: '0' });

    const page = await signInThroughPage(browser, baseUrl, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, language: 'ar', viewport: { width: 1440, height: 900 } });
    const context = page.context();
    await page.getByRole('link', { name: 'المعطيات الشخصية' }).click();
    await page.getByRole('heading', { name: 'المعطيات الشخصية (القانون 09-08)' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

    await page.getByLabel('ابحث عن جمعية').fill('Waha');
    await page.getByRole('radio', { name: /جمعية الواحة للتنمية/ }).check();
    await page.getByRole('heading', { name: /جمعية الواحة للتنمية/ }).waitFor();
    expect(await findDirectionMisses(page, ['جمعية الواحة للتنمية'])).toEqual([]);
    await saveScreenshot(page, 'privacy-association-ar');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'تصدير الكل (JSON)' }).click();
    const exported = JSON.parse(await readFile((await (await download).path())!, 'utf8'));
    expect(exported.association.contacts[0].name).toBe('Aicha Ouhaddou');
    expect(exported.tickets[0].ticket.subject).toBe('طلب دعم عمومي باسم عائشة');

    const summaryOpened = context.waitForEvent('page');
    await page.getByRole('link', { name: 'ملخص مقروء' }).click();
    const summary = await summaryOpened;
    await summary.waitForLoadState();
    await summary.getByRole('heading', { name: /Personal data/ }).waitFor();
    expect(await summary.textContent('body')).toContain('Aicha Ouhaddou');
    await saveScreenshot(summary, 'privacy-export-summary');
    await summary.close();

    await page.getByLabel('مرجع التسجيل، أعد كتابته للتأكيد').fill('RC-WAHA-2026');
    await page.getByRole('button', { name: 'محو المعطيات الشخصية' }).click();
    const result = page.getByRole('status').filter({ hasText: 'تم محو المعطيات الشخصية' });
    await result.waitFor();
    expect(await result.textContent()).toMatch(/الأشخاص: ?1/);
    await saveScreenshot(page, 'privacy-erased-ar');
    await saveAtPhoneWidth(page, 'privacy-erased-ar-390');
    // The erased association is named so, never by its stored placeholders ([erased], erased-<id>).
    await page.getByRole('heading', { name: 'جمعية محذوفة' }).waitFor();
    expect(await page.textContent('main')).not.toMatch(/erased-|\[erased\]/);

    const after = await admin.api(`/api/associations/${associationId}`);
    expect(after.body).toMatchObject({ name: { ar: '[erased]', fr: '[erased]' }, contacts: [], notes: '' });
    expect((await admin.api(`/api/tickets/${ticket.body.id as string}`)).body.subject).toBe('[erased]');

    // Screens name what was erased in the reader's language, never with the stored marker: the
    // association, its tickets and its messages.
    const ar = localeText('ar');
    await page.goto(`${baseUrl}/associations/${associationId}`);
    await page.getByRole('heading', { level: 1, name: 'جمعية محذوفة' }).waitFor();
    await page.locator('main').getByText(ar('channels.sms'), { exact: false }).first().waitFor();
    expect(await page.textContent('main')).not.toMatch(/erased-|\[erased\]/);
    await saveScreenshot(page, 'association-erased-ar');
    await page.goto(baseUrl);
    await page.getByLabel(ar('ticketSearch.searchLabel')).fill(ticket.body.reference as string);
    const found = page.getByRole('region', { name: ar('ticketSearch.title') }).getByRole('link', { name: new RegExp(ticket.body.reference as string) });
    await found.waitFor();
    expect(await found.textContent()).toContain(ar('privacy.erasedText'));
    // Found by its reference alone, not in any text: no empty "found in" line.
    expect(await page.getByText(ar('ticketSearch.foundIn')).count()).toBe(0);
    expect(await page.textContent('main')).not.toMatch(/\[erased\]/);
    await saveScreenshot(page, 'ticket-search-erased-ar');
    await page.goto(`${baseUrl}/admin/privacy`);
    await page.getByRole('heading', { name: 'المعطيات الشخصية (القانون 09-08)' }).waitFor();
    // In the privacy screen's list too.
    await page.getByRole('radio', { name: 'جمعية محذوفة' }).waitFor();
    expect(await page.textContent('main')).not.toMatch(/erased-|\[erased\]/);
    await saveScreenshot(page, 'privacy-list-erased-ar');

    await page.getByRole('link', { name: 'سجل التدقيق' }).click();
    await page.getByRole('heading', { name: 'سجل التدقيق' }).waitFor();
    await page.getByLabel('نوع العنصر').selectOption('association');
    await page.getByRole('button', { name: 'تصفية' }).click();
    const table = page.getByRole('table', { name: 'سجل التدقيق' });
    await table.getByText('محو معطيات شخصية').waitFor();
    await table.getByText('تصدير معطيات شخصية').first().waitFor();
    await saveScreenshot(page, 'audit-log-ar');
    await saveAtPhoneWidth(page, 'audit-log-ar-390');
    // The export is the filtered log: only the association entries shown, as CSV with its header.
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: ar('audit.exportCsv') }).click();
    const csv = (await readFile((await (await csvDownload).path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv[0]).toBe('at,actorName,actorRole,actorId,action,targetKind,targetId,status,details');
    expect(csv.length).toBeGreaterThan(2);
    expect(csv.slice(1).every((line) => line.split(',')[5] === 'association')).toBe(true);
    expect(csv.some((line) => line.includes('privacy.erase'))).toBe(true);

    await page.getByRole('link', { name: 'مدد الحفظ' }).click();
    await page.getByLabel('تسجيلات المكالمات').fill('180');
    await page.getByRole('button', { name: 'حفظ' }).click();
    await page.getByText('تم الحفظ.').waitFor();
    expect((await admin.api('/api/privacy/retention')).body.settings.callRecordings).toBe(180);
    await saveScreenshot(page, 'retention-ar');
    await context.close();
  });
});

/** A portal request given with only an e-mail address, answered by the center (so an e-mail notice was sent). */
async function answeredPortalRequest(address: string): Promise<{ id: string; reference: string }> {
  const submitted = await fetch(`${baseUrl}/api/portal/requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      associationName: 'Association Tifawin Ouarzazate',
      subject: 'Demande de renouvellement du bureau',
      description: 'Quelles pièces fournir pour déclarer le nouveau bureau ?',
      language: 'fr',
      topic: 'founding',
      consent: true,
      email: address,
    }),
  });
  expect(submitted.status).toBe(201);
  const { reference } = (await submitted.json()) as { reference: string };
  const list = await admin.api(`/api/tickets?q=${reference}`);
  const ticket = (list.body.items as Array<{ id: string; reference: string }>).find((item) => item.reference === reference)!;
  const reply = await admin.api(`/api/tickets/${ticket.id}/entries`, 'POST', { kind: 'public-reply', body: 'Bonjour, voici la liste des pièces à fournir.' });
  expect(reply.status).toBe(201);
  return { id: ticket.id, reference };
}

/** The same screen on a phone, then back to the desktop width the journey goes on with. */
async function saveAtPhoneWidth(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, name);
  await page.setViewportSize({ width: 1440, height: 900 });
}

const JOURNEYS: Array<{ language: TestLanguage; viewport: { width: number; height: number } }> = [
  { language: 'ar', viewport: { width: 1440, height: 900 } },
  { language: 'fr', viewport: { width: 1440, height: 900 } },
  { language: 'ar', viewport: { width: 390, height: 844 } },
  { language: 'fr', viewport: { width: 390, height: 844 } },
];

describe("one person's data from the admin privacy screen", () => {
  it.each(JOURNEYS)('an admin finds a portal requester by e-mail, exports, and erases after a confirmation naming what goes ($language, $viewport.width px)', async ({ language, viewport }) => {
    const text = localeText(language);
    const address = `tifawin.${language}.${viewport.width}@example.org`;
    const ticket = await answeredPortalRequest(address);

    // The console opens in the admin's saved language.
    expect((await admin.api('/api/auth/me', 'PATCH', { language })).status).toBe(200);
    const page = await signInThroughPage(browser, baseUrl, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, language, viewport });
    await page.goto(`${baseUrl}/admin/privacy`);
    await page.getByRole('heading', { name: text('privacyContacts.title') }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe(language === 'ar' ? 'rtl' : 'ltr');

    const search = page.getByLabel(text('privacyContacts.searchLabel'));
    await search.fill('Tifawin');
    await page.getByRole('button', { name: text('privacyContacts.search'), exact: true }).click();
    await page.getByRole('alert').filter({ hasText: text('validation.invalid_contact') }).waitFor();

    await search.fill(`  ${address.toUpperCase()} `);
    await page.getByRole('button', { name: text('privacyContacts.search'), exact: true }).click();
    const subject = page.getByRole('heading', { name: new RegExp(address.replace(/\./g, '\\.')) });
    await subject.waitFor();
    const held = page.locator('.privacy-contacts__counts');
    const countOf = (kind: string) => held.locator('div').filter({ has: page.getByText(text(`privacyContacts.kinds.${kind}`), { exact: true }) }).locator('dd').textContent();
    expect(await countOf('sentEmails')).toBe('1');
    expect(await countOf('tickets')).toBe('1');
    expect(await countOf('portalRequests')).toBe('1');
    expect(await page.getByRole('definition').count()).toBe(7);
    expect(await findDirectionMisses(page, [])).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await saveScreenshot(page, `privacy-contact-found-${language}-${viewport.width}`);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: text('privacy.exportJson') }).click();
    const exported = JSON.parse(await readFile((await (await download).path())!, 'utf8'));
    expect(exported.subject).toEqual({ kind: 'contact', email: address });
    expect(exported.tickets.map((held: { ticket: { reference: string } }) => held.ticket.reference)).toEqual([ticket.reference]);
    expect(exported.sentEmails).toEqual([expect.objectContaining({ to: 't•••@example.org', ticketReference: ticket.reference, status: 'simulated' })]);

    const summaryOpened = page.context().waitForEvent('page');
    await page.getByRole('link', { name: text('privacy.exportHtml') }).click();
    const summary = await summaryOpened;
    await summary.waitForLoadState();
    expect(await summary.textContent('body')).toContain('Demande de renouvellement du bureau');
    expect(await summary.textContent('body')).toContain('E-mails envoyés');
    await summary.close();

    await page.getByRole('button', { name: text('privacyContacts.erase') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(address);
    expect(await dialog.textContent()).toContain(text('privacyContacts.kinds.sentEmails'));
    await saveScreenshot(page, `privacy-contact-confirm-${language}-${viewport.width}`);
    await dialog.getByRole('button', { name: text('privacyContacts.confirm') }).click();
    const result = page.getByRole('status').filter({ hasText: text('privacy.erased') });
    await result.waitFor();
    expect(await result.textContent()).toContain(text('privacy.counts.sentEmails'));
    // The search comes again: nothing is held any more, so there is nothing left to erase.
    await page.getByText(text('privacyContacts.nothingHeld')).waitFor();
    expect(await page.getByRole('button', { name: text('privacyContacts.erase') }).isDisabled()).toBe(true);
    await saveScreenshot(page, `privacy-contact-erased-${language}-${viewport.width}`);

    expect((await admin.api(`/api/tickets/${ticket.id}`)).body.subject).toBe('[erased]');
    const trail = await admin.api('/api/audit-log?action=privacy.erase&targetKind=contact');
    expect(trail.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ targetId: 't•••@example.org', actorRole: 'admin' })]));
    expect(JSON.stringify(trail.body)).not.toContain(address);

    // The audit log names what was erased in the reader's language, never by the stored field names.
    await page.goto(`${baseUrl}/admin/audit`);
    await page.getByLabel(text('audit.action')).selectOption('privacy.erase');
    await page.getByRole('button', { name: text('audit.apply') }).click();
    const erasure = page.getByRole('table', { name: text('audit.title') }).getByRole('row').filter({ hasText: 't•••@example.org' }).first();
    await erasure.waitFor();
    const details = erasure.locator('.audit-details');
    const detail = (kind: string) => details.locator('div').filter({ has: page.getByText(text(`privacy.counts.${kind}`), { exact: true }) }).locator('dd');
    expect(await detail('sentEmails').textContent()).toBe('1');
    expect(await detail('recordingsPendingAtTwilio').textContent()).toBe('0');
    expect(await details.textContent()).not.toMatch(/[a-z][A-Z]|contacts/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await saveScreenshot(page, `audit-log-erasure-${language}-${viewport.width}`);
    // A change of settings shows what it was before and after, each group under its name.
    const periods = (await admin.api('/api/privacy/retention')).body.settings as Record<string, number | null>;
    const recordingDays = 1000 + viewport.width;
    expect((await admin.api('/api/privacy/retention', 'PUT', { ...periods, callRecordings: recordingDays, logs: null })).status).toBe(200);
    await page.getByLabel(text('audit.action')).selectOption('retention.change');
    await page.getByRole('button', { name: text('audit.apply') }).click();
    const retention = page.getByRole('table', { name: text('audit.title') }).getByRole('row').nth(1).locator('td').last();
    await retention.getByText(text('audit.detailKeys.after'), { exact: true }).waitFor();
    expect(await retention.locator('.audit-details--nested').getByText(text('retention.kinds.callRecordings'), { exact: true }).count()).toBe(2);
    // Periods are written the reader's way with their unit (2.440 jours, 2.440 يومًا), and an empty one as no limit.
    const after = retention.locator('.audit-details > div').filter({ has: page.getByText(text('audit.detailKeys.after'), { exact: true }) });
    const period = (kind: string) => after.locator('.audit-details--nested > div').filter({ has: page.getByText(text(`retention.kinds.${kind}`), { exact: true }) }).locator('dd');
    const writtenDays = text(`audit.periodDays_${new Intl.PluralRules(language).select(recordingDays)}`, { value: new Intl.NumberFormat(`${language}-MA`).format(recordingDays) });
    expect(await period('callRecordings').textContent()).toBe(writtenDays);
    expect(await period('logs').textContent()).toBe(text('audit.periodUnlimited'));
    await saveScreenshot(page, `audit-log-settings-${language}-${viewport.width}`);
    // A reply names the fields it sent and its kind in words.
    await page.getByLabel(text('audit.action')).selectOption('ticket.reply');
    await page.getByRole('button', { name: text('audit.apply') }).click();
    const reply = page.getByRole('table', { name: text('audit.title') }).getByRole('row').nth(1).locator('td').last();
    await reply.getByText(text('entryKinds.public-reply'), { exact: true }).waitFor();
    expect(await reply.textContent()).toContain(text('audit.detailKeys.fields'));
    expect(await reply.textContent()).not.toMatch(/public-reply|body|kind/);
    await page.context().close();
  });
});
