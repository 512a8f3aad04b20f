import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { findAccessibilityViolations } from './axe.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { signInThroughPage } from './sign-in-page.js';
import { localeText, type TestLanguage } from './locale-text.js';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';
let admin: AdminApi;
const PASSWORD = 'admin settings test password';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const YEAR = '2027';

// Each language has its own values: both journeys change the one center's settings.
const VALUES = {
  ar: { mondayEnd: '13:00', localDate: `${YEAR}-06-10`, localLabel: 'موسم مولاي إدريس', welcome: 'https://media.mowakaba.test/ar/welcome-darija.mp3' },
  fr: { mondayEnd: '13:15', localDate: `${YEAR}-09-15`, localLabel: 'Moussem de Tan-Tan', welcome: 'https://media.mowakaba.test/fr/accueil.mp3' },
} as const;

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL: 'admin@mowakaba.test', ADMIN_PASSWORD: PASSWORD });
  ({ browser, baseUrl } = environment);
  admin = await connectAdmin({ baseUrl, email: 'admin@mowakaba.test', password: PASSWORD });
  for (const language of ['ar', 'fr'] as const) {
    for (const role of ['admin', 'supervisor'] as const) {
      const created = await admin.api('/api/users', 'POST', { email: `${role}.${language}@mowakaba.test`, name: `${role} ${language}`, password: PASSWORD, role, language });
      expect(created.status).toBe(201);
    }
  }
  // Content for the phone check: a team with many skills and a long canned reply.
  const team = { name: { ar: 'فريق التمويل والشراكات', fr: 'Financement et partenariats', en: 'Funding' }, skills: { languages: ['ar', 'fr'], topics: ['funding', 'governance', 'platform'] } };
  expect((await admin.api('/api/teams', 'POST', team)).status).toBe(201);
  const reply = {
    title: 'Accusé de réception',
    body: 'Bonjour {association}, nous avons bien reçu votre demande {reference}. Un conseiller vous répondra dans les meilleurs délais. {agent}',
    language: 'fr',
    topic: 'funding',
  };
  expect((await admin.api('/api/canned-replies', 'POST', reply)).status).toBe(201);
});

afterAll(async () => {
  await environment?.stop();
});

const signIn = (email: string, language: TestLanguage, viewport = DESKTOP): Promise<Page> =>
  signInThroughPage(browser, baseUrl, { email, password: PASSWORD, language, viewport });

/** Nothing sticks out sideways: the page itself never scrolls horizontally (tables scroll inside their own box). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

async function openHolidaysOf(page: Page, text: ReturnType<typeof localeText>) {
  const holidays = page.getByRole('region', { name: text('adminSettings.holidays.title') });
  await holidays.getByRole('combobox', { name: text('adminSettings.holidays.year') }).selectOption(YEAR);
  return holidays;
}

describe.each(['ar', 'fr'] as const)('administration settings in %s', (language) => {
  const text = localeText(language);
  const values = VALUES[language];

  it('an admin changes business hours, a holiday and a voice prompt; a supervisor sees them read-only', { timeout: 300_000 }, async () => {
    const page = await signIn(`admin.${language}@mowakaba.test`, language);
    await page.getByRole('link', { name: text('nav.admin') }).click();
    await page.getByRole('link', { name: text('adminSettings.sections.sla') }).click();

    // Business hours: a split shift whose afternoon overlaps the morning is refused, in words, at its place.
    const form = page.getByRole('form', { name: text('adminSettings.sla.formLabel') });
    const monday = form.getByRole('group', { name: text('adminSettings.sla.hours') }).getByRole('group', { name: text('adminSettings.weekdays.mon') });
    await monday.getByLabel(text('adminSettings.sla.periodStart', { day: text('adminSettings.weekdays.mon'), number: '2' })).fill('12:00');
    await form.getByRole('button', { name: text('associationPage.save') }).click();
    await monday.getByRole('alert').filter({ hasText: text('adminSettings.issues.overlap') }).waitFor();
    await saveScreenshot(page, `admin-sla-overlap-${language}`);
    await monday.getByLabel(text('adminSettings.sla.periodStart', { day: text('adminSettings.weekdays.mon'), number: '2' })).fill('14:00');
    await monday.getByLabel(text('adminSettings.sla.periodEnd', { day: text('adminSettings.weekdays.mon'), number: '1' })).fill(values.mondayEnd);
    await form.getByRole('button', { name: text('associationPage.save') }).click();
    await form.getByRole('status').filter({ hasText: text('adminSettings.saved') }).waitFor();
    expect((await admin.api('/api/sla')).body.calendar.weekly.mon).toEqual([
      { start: '09:00', end: values.mondayEnd },
      { start: '14:00', end: '18:00' },
    ]);

    // Holidays: the Hijri calendar's proposal is answered, and a local day added.
    const holidays = await openHolidaysOf(page, text);
    const eidName = text('adminSettings.holidays.islamic.eid-al-adha');
    const eid = holidays.getByRole('listitem', { name: eidName });
    if (language === 'ar') await eid.getByRole('button', { name: text('adminSettings.holidays.acceptNamed', { name: eidName }) }).click();
    else await eid.getByRole('button', { name: text('adminSettings.holidays.laterNamed', { name: eidName }) }).click();
    await eid.getByText(text('adminSettings.holidays.kind.islamic')).waitFor();
    const addLocal = holidays.getByRole('form', { name: text('adminSettings.holidays.add') });
    await addLocal.getByLabel(text('adminSettings.holidays.date')).fill(values.localDate);
    await addLocal.getByLabel(text('adminSettings.holidays.label')).fill(values.localLabel);
    await addLocal.getByRole('button', { name: text('adminSettings.holidays.add') }).click();
    await holidays.getByRole('listitem', { name: values.localLabel }).waitFor();
    const listed = (await admin.api(`/api/sla/holidays?year=${YEAR}`)).body.holidays as Array<{ date: string; holiday: string | null; confirmed: boolean; kind: string }>;
    expect(listed).toContainEqual(expect.objectContaining({ date: values.localDate, kind: 'local' }));
    expect(listed.filter((holiday) => holiday.holiday === 'eid-al-adha').every((holiday) => holiday.confirmed)).toBe(true);
    await saveScreenshot(page, `admin-sla-${language}-desktop`);
    expect(await findAccessibilityViolations(page)).toEqual([]);

    // Voice: the welcome prompt of the interface's language gets a recording; a key used twice is refused.
    await page.getByRole('link', { name: text('adminSettings.sections.voice') }).click();
    const voice = page.getByRole('form', { name: text('adminSettings.voice.title') });
    await voice.getByLabel(text('adminSettings.voice.language')).selectOption(language);
    await voice.getByLabel(text('adminSettings.voice.promptNames.welcome')).fill(values.welcome);
    const secondKey = voice.getByRole('listitem', { name: text('adminSettings.voice.keyNamed', { digit: '2' }) });
    // A key's row: its key, its topic, its queue; the key comes first.
    await secondKey.getByRole('combobox').first().selectOption('1');
    await voice.getByRole('button', { name: text('associationPage.save') }).click();
    await voice.getByRole('alert').filter({ hasText: text('adminSettings.issues.duplicateKey') }).first().waitFor();
    await saveScreenshot(page, `admin-voice-duplicate-${language}`);
    await voice.getByRole('listitem', { name: text('adminSettings.voice.keyNamed', { digit: '1' }) }).nth(1).getByRole('combobox').first().selectOption('2');
    await voice.getByRole('button', { name: text('associationPage.save') }).click();
    await voice.getByRole('status').filter({ hasText: text('adminSettings.saved') }).waitFor();
    expect((await admin.api('/api/voice/settings')).body.prompts[language].welcome).toBe(values.welcome);
    await saveScreenshot(page, `admin-voice-${language}-desktop`);
    expect(await findAccessibilityViolations(page)).toEqual([]);
    await page.context().close();

    // The supervisor reads the same settings and cannot change them.
    const supervisor = await signIn(`supervisor.${language}@mowakaba.test`, language);
    await supervisor.getByRole('link', { name: text('nav.admin') }).click();
    await supervisor.getByRole('link', { name: text('adminSettings.sections.sla') }).click();
    await supervisor.getByText(text('adminSettings.readOnly')).waitFor();
    const readOnly = supervisor.getByRole('form', { name: text('adminSettings.sla.formLabel') });
    const mondayEnd = readOnly.getByLabel(text('adminSettings.sla.periodEnd', { day: text('adminSettings.weekdays.mon'), number: '1' })).first();
    expect(await mondayEnd.inputValue()).toBe(values.mondayEnd);
    expect(await mondayEnd.isDisabled()).toBe(true);
    expect(await readOnly.getByRole('button').count()).toBe(0);
    const supervisorHolidays = await openHolidaysOf(supervisor, text);
    await supervisorHolidays.getByRole('listitem', { name: values.localLabel }).waitFor();
    expect(await supervisorHolidays.getByRole('button').count()).toBe(0);
    await saveScreenshot(supervisor, `admin-sla-${language}-supervisor`);
    expect(await findAccessibilityViolations(supervisor)).toEqual([]);
    await supervisor.getByRole('link', { name: text('adminSettings.sections.voice') }).click();
    const readOnlyVoice = supervisor.getByRole('form', { name: text('adminSettings.voice.title') });
    await readOnlyVoice.getByLabel(text('adminSettings.voice.language')).selectOption(language);
    const welcome = readOnlyVoice.getByLabel(text('adminSettings.voice.promptNames.welcome'));
    expect(await welcome.inputValue()).toBe(values.welcome);
    expect(await welcome.isDisabled()).toBe(true);
    expect(await readOnlyVoice.getByRole('button').count()).toBe(0);
    await saveScreenshot(supervisor, `admin-voice-${language}-supervisor`);
    await supervisor.context().close();
  });

  it('a supervisor writes a canned reply for a language and topic on the screen, with its variables', async () => {
    const reply = language === 'ar'
      ? { title: 'طلب التقرير المالي', body: 'مرحبا {association}، المرجو إرسال التقرير المالي لطلبكم {reference}. {agent}' }
      : { title: 'Rapport financier demandé', body: 'Bonjour {association}, merci d’envoyer le rapport financier pour la demande {reference}. {agent}' };
    const page = await signIn(`supervisor.${language}@mowakaba.test`, language);
    await page.getByRole('link', { name: text('nav.admin') }).click();
    await page.getByRole('link', { name: text('admin.sections.canned'), exact: true }).click();
    await page.getByRole('button', { name: text('admin.canned.create') }).click();
    const form = page.getByRole('form', { name: text('admin.canned.create') });
    await form.getByLabel(text('admin.canned.titleField')).fill(reply.title);
    await form.getByLabel(text('admin.canned.language')).selectOption(language);
    await form.getByLabel(text('admin.canned.topic')).selectOption('governance');
    await form.getByLabel(text('admin.canned.body')).fill(reply.body);
    await form.getByRole('button', { name: text('associationPage.save') }).click();
    const row = page.getByRole('table', { name: text('admin.canned.title') }).getByRole('row').filter({ hasText: reply.title });
    await row.getByText(text('topics.governance')).waitFor();
    await saveScreenshot(page, `admin-canned-created-${language}`);
    const stored = (await admin.api('/api/canned-replies')).body.items.find((item: { title: string }) => item.title === reply.title);
    expect(stored).toMatchObject({ body: reply.body, language, topic: 'governance' });
    await page.context().close();
  });

  it('every administration tab fits a phone', { timeout: 300_000 }, async () => {
    const page = await signIn(`admin.${language}@mowakaba.test`, language, PHONE);
    // On a phone the pages are under the menu button.
    await page.getByRole('button', { name: text('consoleHeader.menu'), exact: true }).click();
    await page.getByRole('link', { name: text('nav.admin') }).click();
    // Each tab, and the form its create button opens, where it has one.
    for (const [section, label, create] of [
      ['users', 'admin.sections.users', 'admin.users.create'],
      ['teams', 'admin.sections.teams', 'admin.teams.create'],
      ['sla', 'adminSettings.sections.sla', null],
      ['calls', 'admin.sections.calls', null],
      ['voice', 'adminSettings.sections.voice', null],
      ['canned', 'admin.sections.canned', 'admin.canned.create'],
    ] as const) {
      await page.getByRole('link', { name: text(label), exact: true }).click();
      await page.locator('.admin-section h2').first().waitFor();
      await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
      await page.getByText(text('common.loading')).first().waitFor({ state: 'detached' });
      await expectNoSidewaysScroll(page);
      await saveScreenshot(page, `admin-${section}-${language}-phone`);
      if (!create) continue;
      await page.getByRole('button', { name: text(create) }).click();
      await page.getByRole('form', { name: text(create) }).waitFor();
      await expectNoSidewaysScroll(page);
      await saveScreenshot(page, `admin-${section}-form-${language}-phone`);
    }
    await page.context().close();
  });
});
