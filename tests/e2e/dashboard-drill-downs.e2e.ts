import { spawn } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../server/src/project-root.js';
import type { AdminApi } from './admin-api.js';
import { saveScreenshot, type E2eEnvironment } from './browser.js';
import { localeText, type TestLanguage } from './locale-text.js';
import { signInThroughPage } from './sign-in-page.js';
import { startSimulatedCenter } from './simulated-center.js';

let environment: E2eEnvironment;
let admin: AdminApi;
const PASSWORD = 'drill-down test password';
const TWILIO_TOKEN = 'e2e-simulation-token-5c1e90d2';
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

beforeAll(async () => {
  ({ environment, admin } = await startSimulatedCenter({ password: PASSWORD, twilioToken: TWILIO_TOKEN }));
  for (const language of ['fr', 'ar'] as const) {
    const user = await admin.api('/api/users', 'POST', { email: `karim.${language}@mowakaba.test`, name: language === 'ar' ? 'كريم بناني' : 'Karim Bennani', password: PASSWORD, role: 'supervisor', language });
    expect(user.status).toBe(201);
  }
  // Today: four tickets created, two of them solved.
  for (const [index, subject] of ['Renouvellement du bureau', 'Dossier de subvention', 'Accès à la plateforme', 'Formation à distance'].entries()) {
    const created = await admin.api('/api/tickets', 'POST', { subject, description: '', channel: 'web', language: 'fr', topic: 'funding', priority: 'normal', tags: [], custom: {} });
    expect(created.status).toBe(201);
    if (index < 2) await admin.api(`/api/tickets/${created.body.id}/entries`, 'POST', { kind: 'public-reply', body: 'Voici la réponse.', status: 'solved' });
  }
  // A caller who hangs up after two seconds in the queue: offered, abandoned, a short abandon.
  const caller = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/simulate.ts', 'call', '--from', '+212661234599', '--url', environment.baseUrl, '--token', TWILIO_TOKEN, '--give-up', '2'],
    { cwd: findProjectRoot(), env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } },
  );
  await new Promise((resolve) => caller.once('exit', resolve));
});

afterAll(async () => {
  await environment?.stop();
});

/** A figure's digits, whatever the script (Arabic-Indic digits are read too). */
const digitsOf = (text: string) => Number(text.replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660)).replace(/[^\d]/g, '') || 'NaN');

async function historyFigure(page: Page, metric: string): Promise<{ value: number; link: ReturnType<Page['locator']> }> {
  const tile = page.locator(`.history [data-metric="${metric}"]`).first();
  const link = tile.locator('a.drill-down');
  await link.waitFor();
  return { value: digitsOf((await link.textContent()) ?? ''), link };
}

describe('dashboard drill-downs in the browser', () => {
  for (const language of ['fr', 'ar'] as TestLanguage[]) {
    for (const viewport of VIEWPORTS) {
      it(`a figure opens the list of exactly its items (${language}, ${viewport.name})`, async () => {
        const text = localeText(language);
        const page = await signInThroughPage(environment.browser, environment.baseUrl, { email: `karim.${language}@mowakaba.test`, password: PASSWORD, language, viewport });
        await page.goto(`${environment.baseUrl}/dashboard`);
        await expect.poll(async () => (await historyFigure(page, 'ticketsCreated')).value, { timeout: 20_000 }).toBe(4);
        await saveScreenshot(page, `drill-downs-dashboard-${language}-${viewport.name}`);

        // Tickets created: the queue, filtered, shows as many rows.
        let figure = await historyFigure(page, 'ticketsCreated');
        await figure.link.focus();
        await page.keyboard.press('Enter');
        await page.getByText(text('drill.filteredTickets')).waitFor();
        const tickets = page.getByRole('table', { name: text('queue.tableLabel') });
        await expect.poll(() => tickets.locator('tbody tr').count()).toBe(4);
        await saveScreenshot(page, `drill-downs-tickets-${language}-${viewport.name}`);

        // Tickets solved: two of them.
        await page.goBack();
        figure = await historyFigure(page, 'ticketsSolved');
        expect(figure.value).toBe(2);
        await figure.link.click();
        await page.getByText(text('drill.filteredTickets')).waitFor();
        await expect.poll(() => tickets.locator('tbody tr').count()).toBe(2);

        // Short abandons: the call log, with the same count.
        await page.goBack();
        figure = await historyFigure(page, 'shortAbandons');
        expect(figure.value).toBe(1);
        await figure.link.click();
        const calls = page.getByRole('table', { name: text('drill.tableLabel') });
        await page.getByRole('heading', { name: text('drill.title') }).waitFor();
        await expect.poll(() => calls.locator('tbody tr').count()).toBe(1);
        await calls.getByText(text('drill.results.abandoned')).waitFor();
        await saveScreenshot(page, `drill-downs-calls-${language}-${viewport.name}`);
        await page.context().close();
      });
    }
  }
});
