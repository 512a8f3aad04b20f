import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { localeText, type TestLanguage } from './locale-text.js';
import { signInThroughPage } from './sign-in-page.js';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';
let admin: AdminApi;
const PASSWORD = 'demo data removal test password';
const DESKTOP = { width: 1440, height: 900 };

beforeAll(async () => {
  // A center started with the demo, as a new center tries Mowakaba.
  environment = await startE2eEnvironment({ DEMO_DATA: 'true', ADMIN_EMAIL: 'admin@mowakaba.test', ADMIN_PASSWORD: PASSWORD });
  ({ browser, baseUrl } = environment);
  admin = await connectAdmin({ baseUrl, email: 'admin@mowakaba.test', password: PASSWORD });
  for (const language of ['ar', 'fr'] as const) {
    expect((await admin.api('/api/users', 'POST', { email: `admin.${language}@mowakaba.test`, name: `admin ${language}`, password: PASSWORD, role: 'admin', language })).status).toBe(201);
  }
}, 180_000);

afterAll(async () => {
  await environment?.stop();
});

const signIn = (language: TestLanguage): Promise<Page> =>
  signInThroughPage(browser, baseUrl, { email: `admin.${language}@mowakaba.test`, password: PASSWORD, language, viewport: DESKTOP });

async function openDemoSection(page: Page, language: TestLanguage) {
  const text = localeText(language);
  await page.goto(`${baseUrl}/admin/demo`);
  const section = page.getByRole('region', { name: text('demoData.title') });
  await section.waitFor();
  return { text, section };
}

describe('an admin removes the demo data from Administration', () => {
  it('in Arabic: the section says what is left, the confirmation says what goes and what stays, and cancelling removes nothing', async () => {
    const page = await signIn('ar');
    const { text, section } = await openDemoSection(page, 'ar');
    await section.getByText(text('demoData.remaining', { counts: '@' }).split('@')[0]!.trim(), { exact: false }).waitFor();
    await saveScreenshot(page, 'demo-data-ar-before');
    await section.getByRole('button', { name: text('demoData.remove') }).click();
    const dialog = page.getByRole('dialog', { name: text('demoData.confirmTitle') });
    await dialog.waitFor();
    await dialog.getByText(text('demoData.confirmKeeps')).waitFor();
    await saveScreenshot(page, 'demo-data-ar-confirm');
    await dialog.getByRole('button', { name: text('demoData.cancel') }).click();
    await dialog.waitFor({ state: 'hidden' });
    const state = await admin.api('/api/admin/demo-data', 'GET');
    expect((state.body as { remaining: { tickets: number } }).remaining.tickets).toBeGreaterThan(0);
    await page.context().close();
  }, 120_000);

  it('in French: confirming removes it, the queue no longer shows a demo ticket, and the section says when it was removed', async () => {
    // Another admin's console is open on the queue meanwhile, showing a demo ticket.
    const listed = await admin.api('/api/tickets?limit=1&status=new,open,pending,on-hold', 'GET');
    const demoReference = (listed.body as { items: Array<{ reference: string }> }).items[0]!.reference;
    const watcher = await signIn('ar');
    await watcher.getByText(demoReference, { exact: true }).first().waitFor();

    const page = await signIn('fr');
    const { text, section } = await openDemoSection(page, 'fr');
    await section.getByRole('button', { name: text('demoData.remove') }).click();
    const dialog = page.getByRole('dialog', { name: text('demoData.confirmTitle') });
    await dialog.getByRole('button', { name: text('demoData.confirm') }).click();
    await section.getByRole('status').waitFor({ timeout: 60_000 });
    await saveScreenshot(page, 'demo-data-fr-removed');
    expect(await section.getByRole('button', { name: text('demoData.remove') }).count()).toBe(0);

    const tickets = await admin.api('/api/tickets?limit=100', 'GET');
    expect((tickets.body as { items: unknown[] }).items).toEqual([]);
    await page.context().close();

    // The open console dropped the demo tickets live (ticket.removed), without a reload.
    await expect.poll(() => watcher.getByText(demoReference, { exact: true }).count(), { timeout: 30_000 }).toBe(0);
    await saveScreenshot(watcher, 'demo-data-ar-queue-after-removal');
    await watcher.context().close();

    // The other admin, in Arabic, now reads that it is gone and will not come back.
    const arabic = await signIn('ar');
    const { text: arText, section: arSection } = await openDemoSection(arabic, 'ar');
    await arSection.getByText(arText('demoData.removedOn', { date: '@' }).split('@')[0]!.trim(), { exact: false }).waitFor();
    await saveScreenshot(arabic, 'demo-data-ar-after');
    await arabic.context().close();
  }, 180_000);
});
