import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { signInThroughPage } from './sign-in-page.js';
import { localeText, type TestLanguage } from './locale-text.js';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';
let admin: AdminApi;
const PASSWORD = 'ticket merge password';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const signIn = (email: string, language: TestLanguage, viewport: { width: number; height: number }): Promise<Page> =>
  signInThroughPage(browser, baseUrl, { email, password: PASSWORD, language, viewport });

async function createTicket(fields: Record<string, unknown>): Promise<{ id: string; reference: string }> {
  const created = await admin.api('/api/tickets', 'POST', { description: '', language: 'ar', topic: 'founding', priority: 'normal', ...fields });
  expect(created.status).toBe(201);
  return { id: String(created.body.id), reference: String(created.body.reference) };
}

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL: 'admin@mowakaba.test', ADMIN_PASSWORD: PASSWORD });
  ({ browser, baseUrl } = environment);
  admin = await connectAdmin({ baseUrl, email: 'admin@mowakaba.test', password: PASSWORD });
  for (const language of ['ar', 'fr'] as const) {
    for (const role of ['agent', 'supervisor'] as const) {
      const user = await admin.api('/api/users', 'POST', { email: `${role}-${language}@mowakaba.test`, name: `${role} ${language}`, password: PASSWORD, role, language });
      expect(user.status).toBe(201);
    }
  }
});

afterAll(async () => {
  await environment?.stop();
});

describe.each(['ar', 'fr'] as const)('merging a duplicate ticket (%s)', (language) => {
  it('the agent merges a portal duplicate into the call ticket of the same association; the supervisor watching the duplicate sees where it went', async () => {
    const text = localeText(language);
    const association = await admin.api('/api/associations', 'POST', {
      name: { ar: 'جمعية النور للتنمية', fr: 'Association Annour pour le développement' },
      registrationRef: `RC-merge-${language}`,
      region: 'fes-meknes',
      province: 'Fès',
      city: 'Fès',
      fieldOfActivity: 'Développement local',
      notes: '',
      contacts: [],
    });
    expect(association.status).toBe(201);
    const associationId = String(association.body.id);
    const target = await createTicket({ subject: 'مكالمة: تجديد المكتب المسير', channel: 'voice', associationId });
    const duplicate = await createTicket({ subject: 'طلب عبر البوابة: تجديد المكتب', description: 'نريد لائحة الوثائق لتجديد المكتب', channel: 'web', associationId });
    expect((await admin.api(`/api/tickets/${duplicate.id}/entries`, 'POST', { kind: 'internal-note', body: 'الرئيس سيرسل محضر الجمع العام' })).status).toBe(201);

    const supervisor = await signIn(`supervisor-${language}@mowakaba.test`, language, DESKTOP);
    await supervisor.goto(`${baseUrl}/tickets/${duplicate.id}`);
    await supervisor.getByText('الرئيس سيرسل محضر الجمع العام').waitFor();

    const agent = await signIn(`agent-${language}@mowakaba.test`, language, DESKTOP);
    await agent.goto(`${baseUrl}/tickets/${duplicate.id}`);
    await agent.getByRole('button', { name: text('ticketMerge.action') }).click();
    const dialog = agent.getByRole('dialog', { name: text('ticketMerge.title', { reference: duplicate.reference }) });
    await dialog.getByRole('heading', { name: text('ticketMerge.associationTickets') }).waitFor();
    await dialog.getByRole('button', { name: new RegExp(target.reference) }).waitFor();
    await saveScreenshot(agent, `ticket-merge-choose-${language}-1440`);
    await dialog.getByRole('button', { name: new RegExp(target.reference) }).click();
    await dialog.getByText(text('ticketMerge.confirm', { source: duplicate.reference, target: target.reference })).waitFor();
    await saveScreenshot(agent, `ticket-merge-confirm-${language}-1440`);
    await dialog.getByRole('button', { name: text('ticketMerge.submit', { target: target.reference }) }).click();

    // The agent lands on the ticket that stayed, with the duplicate's request and note in its timeline.
    await agent.waitForURL(`${baseUrl}/tickets/${target.id}`);
    const timeline = agent.getByRole('list', { name: text('ticket.timeline') });
    await timeline.getByText('نريد لائحة الوثائق لتجديد المكتب').waitFor();
    await timeline.getByText('الرئيس سيرسل محضر الجمع العام').waitFor();
    await timeline.getByText(text('ticketMerge.entryFrom')).waitFor();
    await saveScreenshot(agent, `ticket-merge-target-${language}-1440`);

    // The supervisor's console follows live: the duplicate says where it went and links there.
    const notice = supervisor.getByRole('status').filter({ hasText: text('ticketMerge.mergedInto') });
    await notice.getByRole('link', { name: target.reference }).waitFor();
    await supervisor.getByRole('list', { name: text('ticket.timeline') }).getByText(text('ticketMerge.entryInto')).waitFor();
    expect(await supervisor.getByText('الرئيس سيرسل محضر الجمع العام').count()).toBe(0);
    await saveScreenshot(supervisor, `ticket-merge-duplicate-live-${language}-1440`);
    await notice.getByRole('link', { name: target.reference }).click();
    await supervisor.waitForURL(`${baseUrl}/tickets/${target.id}`);
    await supervisor.context().close();
    await agent.context().close();
  });

  it('on a phone, the agent finds the ticket that stays by its reference', async () => {
    const text = localeText(language);
    const target = await createTicket({ subject: 'Demande de subvention 2026', channel: 'email', language: 'fr', topic: 'funding' });
    const duplicate = await createTicket({ subject: 'Subvention : relance par SMS', channel: 'sms', language: 'fr', topic: 'funding' });
    const agent = await signIn(`agent-${language}@mowakaba.test`, language, PHONE);
    await agent.goto(`${baseUrl}/tickets/${duplicate.id}`);
    await agent.getByRole('button', { name: text('ticketMerge.action') }).click();
    const dialog = agent.getByRole('dialog');
    await dialog.getByText(text('ticketMerge.noCandidates')).waitFor();
    await dialog.getByLabel(text('ticketMerge.searchLabel')).fill(target.reference.toLowerCase());
    await dialog.getByRole('button', { name: new RegExp(target.reference) }).waitFor();
    await saveScreenshot(agent, `ticket-merge-search-${language}-390`);
    await dialog.getByRole('button', { name: new RegExp(target.reference) }).click();
    await saveScreenshot(agent, `ticket-merge-confirm-${language}-390`);
    await dialog.getByRole('button', { name: text('ticketMerge.submit', { target: target.reference }) }).click();
    await agent.waitForURL(`${baseUrl}/tickets/${target.id}`);
    await agent.getByRole('list', { name: text('ticket.timeline') }).getByText(text('ticketMerge.entryFrom')).waitFor();
    await saveScreenshot(agent, `ticket-merge-target-${language}-390`);
    await agent.context().close();
  });
});
