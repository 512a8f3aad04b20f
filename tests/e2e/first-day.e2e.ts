import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { BROWSER_LOCALES, localeText, type TestLanguage } from './locale-text.js';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';
const PASSWORD = 'first day test password';
const ADMIN_EMAIL = 'admin@mowakaba.test';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let admin: AdminApi;
const api: AdminApi['api'] = (...request) => admin.api(...request);

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL, ADMIN_PASSWORD: PASSWORD });
  ({ browser, baseUrl } = environment);
  admin = await connectAdmin({ baseUrl, email: ADMIN_EMAIL, password: PASSWORD });
});

afterAll(async () => {
  await environment?.stop();
});

/** Signs in through the sign-in page in `language` and waits for the console. */
async function signIn(email: string, language: TestLanguage, password = PASSWORD, viewport = DESKTOP): Promise<{ page: Page; context: BrowserContext }> {
  const text = localeText(language);
  const context = await browser.newContext({ locale: BROWSER_LOCALES[language], viewport });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/?lang=${language}`);
  await page.getByLabel(text('signIn.email')).fill(email);
  await page.getByLabel(text('signIn.password')).fill(password);
  await page.getByRole('button', { name: text('signIn.submit') }).click();
  // The console opens in the user's saved language, which may not be this one yet.
  await page.locator('button[aria-keyshortcuts="Alt+N"]').waitFor();
  await useLanguage(page, language);
  return { page, context };
}

/** Sets the signed-in user's interface language the way they would: the language switch. */
async function useLanguage(page: Page, language: TestLanguage): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current === language) return;
  await page.locator('.language-switch select').selectOption(language);
  await page.waitForFunction((wanted) => document.documentElement.lang === wanted, language);
}

describe.each(['ar', 'fr'] as const)('journey 1 in %s: a new agent receives work', (language) => {
  it('admin creates a team with skills and an agent in it; the agent goes available and take-next gives a ticket of that team', async () => {
    const text = localeText(language);
    const stamp = Date.now().toString(36);
    const teamName = language === 'ar' ? `فريق التمويل ${stamp}` : `Équipe financement ${stamp}`;
    const agentName = language === 'ar' ? `سناء البقالي ${stamp}` : `Sanae Bakkali ${stamp}`;
    const agentEmail = `agent-${language}-${stamp}@mowakaba.test`;

    const { page, context } = await signIn(ADMIN_EMAIL, language);
    await page.getByRole('link', { name: text('nav.admin') }).click();
    await page.getByRole('link', { name: text('admin.sections.teams') }).click();
    await page.getByRole('button', { name: text('admin.teams.create') }).click();
    const teamForm = page.getByRole('form', { name: text('admin.teams.create') });
    await teamForm.getByLabel(text('admin.teams.nameIn', { language: text(`kbEditor.languages.${language}`) })).fill(teamName);
    await teamForm.getByRole('group', { name: text('admin.teams.languages') }).getByLabel(text(`kbEditor.languages.${language}`)).check();
    await teamForm.getByRole('group', { name: text('admin.teams.topics') }).getByLabel(text('topics.funding')).check();
    await saveScreenshot(page, `j1-team-form-${language}`);
    await teamForm.getByRole('button', { name: text('associationPage.save') }).click();
    await page.getByRole('row', { name: new RegExp(teamName) }).waitFor();

    await page.getByRole('link', { name: text('admin.sections.users') }).click();
    await page.getByRole('button', { name: text('admin.users.create') }).click();
    const userForm = page.getByRole('form', { name: text('admin.users.create') });
    await userForm.getByLabel(text('admin.users.name')).fill(agentName);
    await userForm.getByLabel(text('admin.users.email')).fill(agentEmail);
    await userForm.getByLabel(text('admin.users.password'), { exact: true }).fill(PASSWORD);
    await userForm.getByLabel(text('admin.users.role')).selectOption('agent');
    await userForm.getByRole('group', { name: text('admin.users.teams') }).getByLabel(teamName).check();
    await userForm.getByRole('button', { name: text('admin.users.create') }).click();
    const agentRow = page.getByRole('row', { name: new RegExp(agentName) });
    await agentRow.waitFor();
    expect(await agentRow.textContent()).toContain(teamName);
    await saveScreenshot(page, `j1-users-${language}`);

    // A request for that team arrives while the agent is not yet signed in (so nobody was given it).
    const ticket = await api('/api/tickets', 'POST', {
      subject: language === 'ar' ? `طلب دعم مشروع ${stamp}` : `Demande de subvention ${stamp}`,
      description: language === 'ar' ? 'نريد معرفة شروط الشراكة مع الدولة لتمويل مشروع تكوين الشباب.' : 'Nous voulons connaître les conditions du partenariat avec l’État pour financer un projet de formation.',
      channel: 'web',
      language,
      topic: 'funding',
    });
    expect(ticket.status).toBe(201);
    expect(ticket.body.assigneeId).toBeNull();

    const agent = await signIn(agentEmail, language);
    await agent.page.getByLabel(text('presence.label')).selectOption('available');
    await agent.page.getByRole('button', { name: text('queue.takeNext') }).click();
    await agent.page.getByRole('heading', { name: new RegExp(String(ticket.body.reference)) }).waitFor();
    await agent.page.getByRole('listitem', { name: text('ticket.description') }).getByText(String(ticket.body.description)).waitFor();
    await saveScreenshot(agent.page, `j1-agent-ticket-${language}`);
    const taken = await api(`/api/tickets/${String(ticket.body.id)}`);
    expect(taken.body).toMatchObject({ status: 'open', teamId: expect.any(String) });
    expect(taken.body.assigneeId).toBeTruthy();

    // Nothing else waits for this team: take-next says so in words.
    await agent.page.getByRole('button', { name: text('queue.takeNext') }).click();
    await agent.page.getByText(text('queue.takeNextReasons.nothing-waiting')).waitFor();
    await agent.context.close();
    await context.close();
  });
});
