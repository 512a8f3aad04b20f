import { join } from 'node:path';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { ARTIFACTS_DIR, saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { localeText, type TestLanguage } from './locale-text.js';
import { signInThroughPage } from './sign-in-page.js';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';
let admin: AdminApi;
const PASSWORD = 'ticket fields password';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const teamIds: Record<'founding' | 'funding', string> = { founding: '', funding: '' };

const TICKETS: Record<TestLanguage, { subject: string; tags: string; otherLanguage: TestLanguage; staleTags: string }> = {
  ar: { subject: 'طلب شراكة مع الجماعة لتمويل مشروع', tags: 'شراكة، تمويل', otherLanguage: 'fr', staleTags: 'مستعجل' },
  fr: { subject: 'Partenariat avec la commune pour un projet', tags: 'partenariat, subvention', otherLanguage: 'ar', staleTags: 'relance' },
};

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL: 'admin@mowakaba.test', ADMIN_PASSWORD: PASSWORD });
  ({ browser, baseUrl } = environment);
  admin = await connectAdmin({ baseUrl, email: 'admin@mowakaba.test', password: PASSWORD });
  for (const [key, name] of [
    ['founding', { ar: 'فريق التأسيس', fr: 'Équipe création', en: 'Founding team' }],
    ['funding', { ar: 'فريق التمويل', fr: 'Équipe financement', en: 'Funding team' }],
  ] as const) {
    const team = await admin.api('/api/teams', 'POST', { name, skills: { languages: ['ar', 'fr'], topics: [key] } });
    expect(team.status).toBe(201);
    teamIds[key] = String(team.body.id);
  }
  for (const language of ['ar', 'fr'] as const) {
    const user = await admin.api('/api/users', 'POST', { email: `agent-${language}@mowakaba.test`, name: `agent ${language}`, password: PASSWORD, role: 'agent', language, teamIds: Object.values(teamIds) });
    expect(user.status).toBe(201);
  }
});

afterAll(async () => {
  await environment?.stop();
});

/**
 * Holds what the server sends this page on its live connection while `held` is true, as a slow
 * network would, so a colleague's change has not reached the screen yet when the agent saves.
 */
async function holdLiveUpdates(page: Page): Promise<{ hold(): void; release(): void }> {
  let held = false;
  const waiting: Array<string | Buffer> = [];
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/socket\.io\//, (socket) => {
    sockets.push(socket);
    const server = socket.connectToServer();
    server.onMessage((message) => (held ? waiting.push(message) : socket.send(message)));
  });
  return {
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
      for (const message of waiting.splice(0)) for (const socket of sockets) socket.send(message);
    },
  };
}

describe.each(['ar', 'fr'] as const)('editing a ticket’s fields in place (%s)', (language) => {
  it('the agent changes team, priority, topic, tags and language, each saved; a stale save from a second tab is refused in words and nothing is lost', async () => {
    const text = localeText(language);
    const data = TICKETS[language];
    const created = await admin.api('/api/tickets', 'POST', { subject: data.subject, description: '', channel: 'email', language, topic: 'founding', priority: 'normal' });
    expect(created.status).toBe(201);
    // Routed by its topic to the founding team; the agent sends it to the funding team.
    expect(created.body.teamId).toBe(teamIds.founding);
    const ticketId = String(created.body.id);

    const page = await signInThroughPage(browser, baseUrl, { email: `agent-${language}@mowakaba.test`, password: PASSWORD, language, viewport: DESKTOP });
    const live = await holdLiveUpdates(page);
    await page.goto(`${baseUrl}/tickets/${ticketId}`);
    await page.getByRole('heading', { name: new RegExp(String(created.body.reference)) }).waitFor();
    const fields = page.locator('.ticket-fields');
    const field = (key: string) => fields.getByLabel(text(key));
    const saved = page.getByRole('status').filter({ hasText: text('ui.toast.saved') });

    // Each change is saved on its own, with the version the agent saw, before the next one is made.
    const savedWith = async (change: () => Promise<unknown>, status = 200) => {
      const answered = page.waitForResponse((response) => response.request().method() === 'PATCH' && response.url().endsWith(`/api/tickets/${ticketId}`));
      await change();
      expect((await answered).status()).toBe(status);
    };
    await savedWith(() => field('ticket.team').selectOption(teamIds.funding));
    await saved.first().waitFor();
    await savedWith(() => field('ticket.priority').selectOption('urgent'));
    await savedWith(() => field('ticket.topic').selectOption('funding'));
    await field('ticket.tags').fill(data.tags);
    await savedWith(() => field('ticket.tags').press('Enter'));
    await savedWith(() => field('ticket.language').selectOption(data.otherLanguage));
    // Her own saves one after another never read as a colleague's (a field losing focus as it saves is no second save).
    expect(await page.getByRole('alert').filter({ hasText: text('ticket.conflict') }).count()).toBe(0);
    const afterEdits = (await admin.api(`/api/tickets/${ticketId}`)).body;
    expect(afterEdits).toMatchObject({ teamId: teamIds.funding, priority: 'urgent', topic: 'funding', language: data.otherLanguage, tags: data.tags.split(/[،,]\s*/) });
    await saveScreenshot(page, `ticket-fields-saved-${language}-1440`);

    // A reload shows what was saved.
    await page.reload();
    await expect.poll(() => field('ticket.priority').inputValue()).toBe('urgent');
    await expect.poll(() => field('ticket.team').inputValue()).toBe(teamIds.funding);
    expect(await field('ticket.team').locator('option:checked').textContent()).toBe(language === 'ar' ? 'فريق التمويل' : 'Équipe financement');
    expect(await field('ticket.topic').inputValue()).toBe('funding');
    expect(await field('ticket.language').inputValue()).toBe(data.otherLanguage);
    expect(await field('ticket.tags').inputValue()).toBe(afterEdits.tags.join(', '));
    // The timeline names the new team once, though its name starts with the word for team.
    await page.getByText(text('ticket.movedToTeam', { team: language === 'ar' ? 'فريق التمويل' : 'Équipe financement' }), { exact: true }).waitFor();
    await page.locator('.timeline').screenshot({ path: join(ARTIFACTS_DIR, `ticket-fields-team-moved-${language}.png`) });

    // A second tab (the same agent, or a colleague) lowers the priority before this one has heard of it.
    live.hold();
    const otherTab = await page.context().newPage();
    await otherTab.goto(`${baseUrl}/tickets/${ticketId}`);
    // As the agent would: once the ticket shows, with the priority saved above (a change made while
    // the page was still loading was once lost to the load's render, and no save followed).
    await otherTab.getByRole('heading', { name: new RegExp(String(created.body.reference)) }).waitFor();
    const otherPriority = otherTab.locator('.ticket-fields').getByLabel(text('ticket.priority'));
    await expect.poll(() => otherPriority.inputValue()).toBe('urgent');
    await otherPriority.selectOption('low');
    await otherTab.getByRole('status').filter({ hasText: text('ui.toast.saved') }).waitFor();

    // The stale tab adds a tag: refused, said in words, and the screen now shows the other tab's priority
    // while the tags typed here stay in the field, to be saved again.
    const typedTags = `${afterEdits.tags.join(', ')}, ${data.staleTags}`;
    await field('ticket.tags').fill(typedTags);
    await savedWith(() => field('ticket.tags').press('Enter'), 409);
    await page.getByRole('alert').filter({ hasText: text('ticket.conflict') }).waitFor();
    await expect.poll(() => field('ticket.priority').inputValue()).toBe('low');
    expect(await field('ticket.tags').inputValue()).toBe(typedTags);
    expect((await admin.api(`/api/tickets/${ticketId}`)).body.tags).toEqual(afterEdits.tags);
    await saveScreenshot(page, `ticket-fields-conflict-${language}-1440`);
    await page.setViewportSize(PHONE);
    await saveScreenshot(page, `ticket-fields-conflict-${language}-390`);
    await page.setViewportSize(DESKTOP);

    // The live news arrives late: still nothing typed is wiped. Saving again keeps both changes.
    live.release();
    expect(await field('ticket.tags').inputValue()).toBe(typedTags);
    await savedWith(() => field('ticket.tags').press('Enter'));
    expect((await admin.api(`/api/tickets/${ticketId}`)).body.tags).toEqual([...afterEdits.tags, data.staleTags]);
    await page.getByRole('alert').filter({ hasText: text('ticket.conflict') }).waitFor({ state: 'detached' });
    await page.reload();
    await expect.poll(() => field('ticket.tags').inputValue()).toBe(typedTags);
    expect(await field('ticket.priority').inputValue()).toBe('low');
    expect(await field('ticket.topic').inputValue()).toBe('funding');
    await page.context().close();
  });
});
