import { spawn } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../server/src/project-root.js';
import type { AdminApi } from './admin-api.js';
import { saveScreenshot, type E2eEnvironment } from './browser.js';
import { dashboardOverflow } from './dashboard-overflow.js';
import { startSimulatedCenter } from './simulated-center.js';

let environment: E2eEnvironment;
let admin: AdminApi;
const PASSWORD = 'dashboard test password';
const TWILIO_TOKEN = 'e2e-simulation-token-0d4a77e1';
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** `npm run simulate -- call …`: a caller who joins the queue and waits there. */
function simulateCall(from: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/simulate.ts', 'call', '--from', from, '--url', environment.baseUrl, '--token', TWILIO_TOKEN, '--talk', '5', '--give-up', '60'],
    { cwd: findProjectRoot(), env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited };
}

async function createTicket(subject: string) {
  const created = await admin.api('/api/tickets', 'POST', { subject, description: '', channel: 'web', language: 'fr', topic: 'funding', priority: 'normal', tags: [], custom: {} });
  expect(created.status).toBe(201);
  return created.body;
}

beforeAll(async () => {
  ({ environment, admin } = await startSimulatedCenter({ password: PASSWORD, twilioToken: TWILIO_TOKEN }));
  for (const language of ['fr', 'ar']) {
    const user = await admin.api('/api/users', 'POST', { email: `nadia.${language}@mowakaba.test`, name: language === 'ar' ? 'نادية العلوي' : 'Nadia Alaoui', password: PASSWORD, role: 'supervisor', language });
    expect(user.status).toBe(201);
  }
  // Some history: tickets created, answered and solved today.
  for (const subject of ['Renouvellement du bureau', 'Dossier de subvention', 'Accès à la plateforme']) {
    const ticket = await createTicket(subject);
    await admin.api(`/api/tickets/${ticket.id}/entries`, 'POST', { kind: 'public-reply', body: 'Bonjour, voici la réponse.' });
  }
});

afterAll(async () => {
  await environment?.stop();
});

async function signIn(language: 'fr' | 'ar', viewport: { width: number; height: number }): Promise<Page> {
  const context = await environment.browser.newContext({ locale: language === 'ar' ? 'ar-MA' : 'fr-FR', viewport });
  const page = await context.newPage();
  const login = await page.request.post(`${environment.baseUrl}/api/auth/login`, { data: { email: `nadia.${language}@mowakaba.test`, password: PASSWORD } });
  expect(login.status()).toBe(200);
  return page;
}

/** The number a tile shows (digits only, whatever the script); the first tile of `metric`, or the one `selector` finds. */
async function tileNumber(page: Page, metric: string, selector = `[data-metric="${metric}"]`): Promise<number> {
  const text = (await page.locator(`${selector} .tile__value`).first().textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, '') || 'NaN');
}

describe('supervisor dashboards', () => {
  it('changes a wallboard number without reload when a call enters the queue and when a ticket is solved', async () => {
    const page = await signIn('fr', { width: 1440, height: 900 });
    await page.goto(`${environment.baseUrl}/wallboard?lang=fr`);
    await page.getByRole('heading', { name: 'Mur d’affichage' }).waitFor();
    await page.locator('[data-metric="callsWaiting"]').waitFor();
    await expect.poll(() => page.locator('.live--on').count()).toBe(1);
    expect(await tileNumber(page, 'callsWaiting')).toBe(0);
    const solvedBefore = await tileNumber(page, 'ticketsSolved');
    const reloads: string[] = [];
    page.on('load', () => reloads.push(page.url()));

    // The center is open 00:00–23:59 every day: a caller in the last minute of the day gets the voicemail.
    while (new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Casablanca', hour: '2-digit', minute: '2-digit' }).format(new Date()) === '23:59') {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    const caller = simulateCall('0661234517');
    try {
      await expect.poll(() => tileNumber(page, 'callsWaiting'), { timeout: 20_000 }).toBe(1);
      const ticket = await createTicket('Question sur le volontariat');
      const current = await admin.api(`/api/tickets/${ticket.id}`);
      expect((await admin.api(`/api/tickets/${ticket.id}`, 'PATCH', { version: current.body.version, status: 'solved' })).status).toBe(200);
      await expect.poll(() => tileNumber(page, 'ticketsSolved'), { timeout: 10_000 }).toBe(solvedBefore + 1);
      await saveScreenshot(page, 'wallboard-live-fr');
      expect(reloads).toEqual([]);
    } finally {
      caller.child.kill('SIGTERM');
      await caller.exited;
    }
    await page.context().close();
  });

  for (const language of ['fr', 'ar'] as const) {
    for (const viewport of VIEWPORTS) {
      it(`shows the dashboard and the wallboard in ${language} at ${viewport.width}×${viewport.height}`, async () => {
        const page = await signIn(language, viewport);
        await page.goto(`${environment.baseUrl}/dashboard`);
        await page.locator('[data-metric="callsWaiting"]').first().waitFor();
        await page.locator('.chart__canvas canvas').first().waitFor();
        expect(await page.evaluate(() => document.documentElement.dir)).toBe(language === 'ar' ? 'rtl' : 'ltr');
        // The history's last 7 days (today's tiles start again at local midnight).
        await page.locator('.history [data-metric="ticketsCreated"]').waitFor();
        await saveScreenshot(page, `dashboard-${language}-${viewport.width}x${viewport.height}`);
        expect(await tileNumber(page, '', '.history [data-metric="ticketsCreated"]')).toBeGreaterThanOrEqual(3);
        // Nothing wider than the screen (the breakdown and heatmap scroll inside their own boxes).
        expect(await dashboardOverflow(page)).toEqual([]);

        await page.goto(`${environment.baseUrl}/wallboard?lang=${language}`);
        await page.locator('[data-metric="callsWaiting"]').waitFor();
        await saveScreenshot(page, `wallboard-${language}-${viewport.width}x${viewport.height}`);
        await page.context().close();
      });
    }
  }
});
