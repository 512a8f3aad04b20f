import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminApi } from './admin-api.js';
import { saveScreenshot, type E2eEnvironment } from './browser.js';
import { dashboardOverflow } from './dashboard-overflow.js';
import { startSimulatedCenter } from './simulated-center.js';
import { BROWSER_LOCALES, localeText, type TestLanguage } from './locale-text.js';

let environment: E2eEnvironment;
let admin: AdminApi;
const PASSWORD = 'alerts test password';
const TWILIO_TOKEN = 'e2e-alerts-token-5b2e9c41';
const CENTER_NUMBER = '+212522000000';
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

/** A caller rings, chooses Arabic and the first topic, and waits in the queue (signed webhooks, as Twilio posts them). */
async function queueCaller(from: string): Promise<string> {
  const callSid = `CA${randomBytes(16).toString('hex')}`;
  const params = (extra: Record<string, string>) => ({ CallSid: callSid, From: from, To: CENTER_NUMBER, Direction: 'inbound', ...extra });
  await admin.postTwilio('/webhooks/twilio/voice', params({ CallStatus: 'ringing' }));
  await admin.postTwilio('/webhooks/twilio/voice/language?attempt=1', params({ Digits: '1' }));
  expect(await admin.postTwilio('/webhooks/twilio/voice/topic?lang=ar&attempt=1', params({ Digits: '1' }))).toContain('<Enqueue');
  return callSid;
}

/** The caller hangs up. */
async function hangUp(callSid: string, from: string) {
  await admin.postTwilio('/webhooks/twilio/voice/status', { CallSid: callSid, From: from, To: CENTER_NUMBER, Direction: 'inbound', CallStatus: 'completed', CallDuration: '30', SequenceNumber: '9' });
}

async function openDashboard(email: string, language: TestLanguage, viewport: { width: number; height: number }): Promise<Page> {
  const context = await environment.browser.newContext({ locale: BROWSER_LOCALES[language], viewport });
  const page = await context.newPage();
  const login = await page.request.post(`${environment.baseUrl}/api/auth/login`, { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  await page.goto(`${environment.baseUrl}/dashboard`);
  await page.locator('[data-metric="callsWaiting"]').first().waitFor();
  return page;
}

beforeAll(async () => {
  ({ environment, admin } = await startSimulatedCenter({ password: PASSWORD, twilioToken: TWILIO_TOKEN }));
  expect((await admin.api('/api/auth/me', 'PATCH', { language: 'fr' })).status).toBe(200);
  for (const language of ['fr', 'ar'] as const) {
    const user = await admin.api('/api/users', 'POST', { email: `amina.${language}@mowakaba.test`, name: language === 'ar' ? 'أمينة الفاسي' : 'Amina Fassi', password: PASSWORD, role: 'supervisor', language });
    expect(user.status).toBe(201);
  }
  const team = await admin.api('/api/teams', 'POST', { name: { ar: 'الاستقبال', fr: 'Accueil', en: 'Front desk' }, skills: { languages: ['ar', 'fr'], topics: ['founding'] } });
  expect(team.status).toBe(201);
});

afterAll(async () => {
  await environment?.stop();
});

describe('dashboard alerts', () => {
  it('an admin sets a longest-wait threshold; when a caller waits past it the banner appears and the tile turns red without reload, and goes when the caller hangs up', async () => {
    const text = localeText('fr');
    const page = await openDashboard('admin@mowakaba.test', 'fr', VIEWPORTS[0]);
    await page.getByText(text('staffingAlerts.alertSettingsTitle')).click();
    await page.locator('[data-threshold="center.longestWaitSeconds"]').fill('2');
    await page.getByLabel(text('staffingAlerts.onCallPhone')).fill('+212612345678');
    // The alert settings' own save (the staffing panel has one for the team's staffing target).
    await page.getByRole('form', { name: text('staffingAlerts.alertSettingsTitle') }).getByRole('button', { name: text('staffingAlerts.save') }).click();
    await page.getByText(text('staffingAlerts.saved')).waitFor();
    expect(await page.locator('.alerts-banner').count()).toBe(0);
    const reloads: string[] = [];
    page.on('load', () => reloads.push(page.url()));

    const from = '+212661900001';
    const callSid = await queueCaller(from);
    const banner = page.locator('.alerts-banner [data-alert="center:longestWaitSeconds"]');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toContain(text('staffingAlerts.scopeCenter'));
    expect(await banner.textContent()).toContain(text('staffingAlerts.smsSimulated'));
    await expect.poll(() => page.locator('[data-metric="longestWaitSeconds"].tile--alert').count()).toBe(1);
    await saveScreenshot(page, 'dashboard-alert-admin-fr-1440x900');

    await hangUp(callSid, from);
    await page.locator('.alerts-banner').waitFor({ state: 'detached', timeout: 20_000 });
    expect(reloads).toEqual([]);
    await page.context().close();
  });

  describe('while a caller waits past the threshold', () => {
    const from = '+212661900002';
    let callSid = '';
    beforeAll(async () => {
      callSid = await queueCaller(from);
    });
    afterAll(async () => {
      await hangUp(callSid, from);
    });

    for (const language of ['ar', 'fr'] as const) {
      for (const viewport of VIEWPORTS) {
        it(`shows a supervisor the banner, the staffing table and the thresholds in ${language} at ${viewport.width}×${viewport.height}`, async () => {
          const text = localeText(language);
          const page = await openDashboard(`amina.${language}@mowakaba.test`, language, viewport);
          const banner = page.locator('.alerts-banner');
          await banner.waitFor({ timeout: 20_000 });
          expect(await banner.getAttribute('role')).toBe('alert');
          expect(await banner.textContent()).toContain(text('staffingAlerts.scopeCenter'));
          expect(await page.evaluate(() => document.documentElement.dir)).toBe(language === 'ar' ? 'rtl' : 'ltr');
          await page.getByRole('heading', { name: text('staffingAlerts.staffingTitle') }).waitFor();
          // Today's 24 hours (no history yet: nobody needed), and the agents online now beside them.
          await expect.poll(() => page.locator('.staffing tbody tr').count()).toBe(24);
          expect(await page.getByTestId('agents-online').textContent()).toContain(text('staffingAlerts.noPresenceHistory'));
          await page.getByText(text('staffingAlerts.alertSettingsTitle')).click();
          // Supervisors read the thresholds the admin set; only admins change them.
          expect(await page.locator('[data-threshold="center.longestWaitSeconds"]').inputValue()).toBe('2');
          expect(await page.locator('[data-threshold="center.longestWaitSeconds"]').isDisabled()).toBe(true);
          await page.getByText(text('staffingAlerts.readOnly')).waitFor();
          await saveScreenshot(page, `dashboard-alerts-${language}-${viewport.width}x${viewport.height}`);
          expect(await dashboardOverflow(page)).toEqual([]);
          await page.context().close();
        });
      }
    }
  });
});
