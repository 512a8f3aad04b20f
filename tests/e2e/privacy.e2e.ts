import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { findDirectionMisses } from './direction.js';

const ADMIN_EMAIL = 'admin@mowakaba.test';
const ADMIN_PASSWORD = 'privacy admin password';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';
let admin: AdminApi;

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL, ADMIN_PASSWORD });
  ({ browser, baseUrl } = environment);
  admin = await connectAdmin({ baseUrl, email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
});

afterAll(async () => {
  await environment?.stop();
});

describe('personal data from the admin screens', () => {
  it('an admin exports an association (JSON and readable summary), erases it, and finds both in the audit log, in Arabic', async () => {
    const created = await admin.api('/api/associations', 'POST', {
      name: { ar: 'جمعية الواحة للتنمية', fr: 'Association Al Waha pour le développement' },
      registrationRef: 'RC-WAHA-2026',
      region: 'draa-tafilalet',
      province: 'Errachidia',
      city: 'Erfoud',
      fieldOfActivity: 'Développement local',
      notes: 'La présidente préfère être appelée le soir',
      contacts: [{ name: 'Aicha Ouhaddou', role: 'présidente', phones: ['+212661550011'], emails: ['aicha@example.ma'] }],
    });
    expect(created.status).toBe(201);
    const associationId = created.body.id as string;
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

    const context = await browser.newContext({ locale: 'ar-MA', acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.getByLabel('البريد الإلكتروني').fill(ADMIN_EMAIL);
    await page.getByLabel('كلمة المرور').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'دخول' }).click();
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

    const after = await admin.api(`/api/associations/${associationId}`);
    expect(after.body).toMatchObject({ name: { ar: '[erased]', fr: '[erased]' }, contacts: [], notes: '' });
    expect((await admin.api(`/api/tickets/${ticket.body.id as string}`)).body.subject).toBe('[erased]');

    // Screens name what was erased in the reader's language, never with the stored marker.
    await page.goto(`${baseUrl}/associations/${associationId}`);
    await page.getByRole('heading', { level: 1, name: '(محذوف)' }).waitFor();
    expect(await page.textContent('main')).not.toContain('[erased]');
    await saveScreenshot(page, 'association-erased-ar');
    await page.goto(`${baseUrl}/admin/privacy`);
    await page.getByRole('heading', { name: 'المعطيات الشخصية (القانون 09-08)' }).waitFor();

    await page.getByRole('link', { name: 'سجل التدقيق' }).click();
    await page.getByRole('heading', { name: 'سجل التدقيق' }).waitFor();
    await page.getByLabel('نوع العنصر').selectOption('association');
    await page.getByRole('button', { name: 'تصفية' }).click();
    const table = page.getByRole('table', { name: 'سجل التدقيق' });
    await table.getByText('محو معطيات شخصية').waitFor();
    await table.getByText('تصدير معطيات شخصية').first().waitFor();
    await saveScreenshot(page, 'audit-log-ar');

    await page.getByRole('link', { name: 'مدد الحفظ' }).click();
    await page.getByLabel('تسجيلات المكالمات').fill('180');
    await page.getByRole('button', { name: 'حفظ' }).click();
    await page.getByText('تم الحفظ.').waitFor();
    expect((await admin.api('/api/privacy/retention')).body.settings.callRecordings).toBe(180);
    await saveScreenshot(page, 'retention-ar');
    await context.close();
  });
});
