import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { findAccessibilityViolations } from './axe.js';
import { ARTIFACTS_DIR, saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { BROWSER_LOCALES, localeText, type TestLanguage } from './locale-text.js';
import { signInThroughPage } from './sign-in-page.js';

const ADMIN_EMAIL = 'admin@mowakaba.test';
const ADMIN_PASSWORD = 'reader language admin password';
const SIZES = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;
/** Interface language → the locale the console formats dates and times with (web/src/lib/i18n.ts). */
const DATE_LOCALES: Record<TestLanguage, string> = { ar: 'ar-MA', fr: 'fr-MA' };

let environment: E2eEnvironment;
let admin: AdminApi;

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL, ADMIN_PASSWORD });
  admin = await connectAdmin({ baseUrl: environment.baseUrl, email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
});

afterAll(async () => {
  await environment?.stop();
});

/** Desktop and phone screenshots of what the page shows now. */
async function saveBothSizes(page: Page, name: string): Promise<void> {
  await page.setViewportSize(SIZES.desktop);
  await saveScreenshot(page, `${name}-1440`);
  await page.setViewportSize(SIZES.phone);
  await saveScreenshot(page, `${name}-390`);
}

/** A `yyyy-mm-dd` day as the browser's Intl writes it in the interface language (the browser's own data, as the console uses). */
function writtenDay(page: Page, day: string, language: TestLanguage): Promise<string> {
  return page.evaluate(
    ([value, locale]) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Africa/Casablanca' }).format(new Date(`${value}T12:00:00Z`)),
    [day, DATE_LOCALES[language]] as const,
  );
}

/** Whether a select lies inside the screen, and whether its chosen option's text fits in it beside the browser's arrow. */
function selectFits(select: Locator) {
  return select.evaluate((element: HTMLSelectElement) => {
    const style = getComputedStyle(element);
    const canvas = document.createElement('canvas').getContext('2d')!;
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const box = element.getBoundingClientRect();
    // The room for the text: the box less its borders, padding and the arrow (about 1.25rem).
    const room = element.clientWidth - parseFloat(style.paddingInlineStart) - parseFloat(style.paddingInlineEnd) - 20;
    const textWidth = canvas.measureText(element.selectedOptions[0]!.text).width;
    return { inScreen: box.left >= 0 && box.right <= document.documentElement.clientWidth, textFits: textWidth <= room, textWidth, room };
  });
}

/** Monday's first opening time in the SLA calendar, by its accessible name. */
function openingTime(page: Page, language: TestLanguage) {
  const text = localeText(language);
  const monday = text('adminSettings.weekdays.mon');
  return page.getByRole('group', { name: monday, exact: true }).first().getByRole('textbox', { name: text('adminSettings.sla.periodStart', { day: monday, number: '1' }), exact: true });
}

/** A date field by its accessible name (a label's text content also holds the written date). */
const dateControl = (page: Page, label: string) => page.getByRole('textbox', { name: label, exact: true });

/** The text shown in the labelled field's box, whatever element draws it. */
function fieldBox(page: Page, label: string) {
  return page.locator('.field, label').filter({ has: dateControl(page, label) });
}

describe.each(['ar', 'fr'] as const)('in %s', (language) => {
  const text = localeText(language);

  it('a requester whose conversation was erased (law 09-08) reads “(erased)” in their language on the follow page, never the stored marker', async () => {
    // A portal request, answered, then merged into the association's own ticket; the association is then erased on request.
    const submitted = await fetch(`${environment.baseUrl}/api/portal/requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        associationName: language === 'ar' ? 'جمعية الأطلس الصغير' : 'Association Anti-Atlas',
        subject: language === 'ar' ? 'طلب تجديد المكتب' : 'Renouvellement du bureau',
        description: language === 'ar' ? 'ما هي الوثائق المطلوبة؟' : 'Quelles pièces fournir ?',
        language,
        topic: 'founding',
        consent: true,
        email: `atlas.${language}@example.org`,
      }),
    });
    expect(submitted.status).toBe(201);
    const { reference, followUpCode } = (await submitted.json()) as { reference: string; followUpCode: string };
    const request = ((await admin.api(`/api/tickets?q=${reference}`)).body.items as Array<{ id: string; reference: string; version: number }>).find((item) => item.reference === reference)!;
    expect((await admin.api(`/api/tickets/${request.id}/entries`, 'POST', { kind: 'public-reply', body: 'Bonjour, voici la liste des pièces à fournir.' })).status).toBe(201);
    const registrationRef = `RC-ATLAS-${language.toUpperCase()}`;
    const associationId = await admin.createAssociation({ registrationRef });
    const own = await admin.api('/api/tickets', 'POST', { subject: 'Dossier de l’association', description: '', channel: 'voice', language, topic: 'founding', priority: 'normal', tags: [], custom: {}, associationId });
    expect(own.status).toBe(201);
    const current = await admin.api(`/api/tickets/${request.id}`);
    expect((await admin.api(`/api/tickets/${request.id}/merge`, 'POST', { targetTicketId: own.body.id, version: current.body.version })).status).toBe(200);
    expect((await admin.api(`/api/privacy/associations/${associationId}/erase`, 'POST', { confirmReference: registrationRef })).status).toBe(200);

    const context = await environment.browser.newContext({ locale: BROWSER_LOCALES[language], viewport: SIZES.phone });
    const page = await context.newPage();
    await page.goto(`${environment.baseUrl}/portal/follow?lang=${language}&reference=${reference}`);
    await page.getByLabel(text('portal.created.code')).fill(followUpCode);
    await page.getByRole('button', { name: text('portal.follow.submit') }).click();
    // The subject and the center's reply were erased: both say so in the reader's language.
    await page.getByRole('heading', { level: 2, name: text('privacy.erasedText') }).waitFor();
    const replies = page.getByRole('list', { name: text('portal.follow.replies') });
    expect(await replies.getByRole('listitem').first().getByText(text('privacy.erasedText'), { exact: true }).count()).toBe(1);
    expect(await page.textContent('main')).not.toContain('[erased]');
    await saveBothSizes(page, `reader-language-follow-erased-${language}`);
    await context.close();
  });

  it('the audit log’s longest action reads whole in its filter, on a phone and on a desktop, and on a phone its table scrolls sideways by keyboard', async () => {
    const page = await signInThroughPage(environment.browser, environment.baseUrl, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, language, viewport: SIZES.desktop });
    await page.goto(`${environment.baseUrl}/admin/audit`);
    const action = page.getByLabel(text('audit.action'), { exact: true });
    await action.waitFor();
    const longest = await action.evaluate((select: HTMLSelectElement) => [...select.options].reduce((best, option) => (option.text.length > best.text.length ? option : best)).value);
    await action.selectOption(longest);
    expect(await selectFits(action)).toMatchObject({ inScreen: true, textFits: true });
    await page.setViewportSize(SIZES.phone);
    expect(await selectFits(action)).toMatchObject({ inScreen: true, textFits: true });
    await saveBothSizes(page, `reader-language-audit-action-${language}`);

    // The table is wider than the phone: its frame takes the focus from the keyboard, and the arrow keys scroll it.
    const frame = page.getByRole('group', { name: text('audit.title'), exact: true });
    await frame.focus();
    await page.keyboard.press(language === 'ar' ? 'ArrowLeft' : 'ArrowRight');
    await expect.poll(() => frame.evaluate((element) => Math.abs(element.scrollLeft))).toBeGreaterThan(0);
    expect(await findAccessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('an admin in an English browser reads the dates of the audit log, the dashboard’s range and the Ramadan schedule, and the opening hours, in the console’s language', async () => {
    const page = await signInThroughPage(environment.browser, environment.baseUrl, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, language, viewport: SIZES.desktop, browserLocale: 'en-US' });
    await page.setViewportSize(SIZES.phone);
    await page.goto(`${environment.baseUrl}/admin/audit`);
    // Typed day first whatever the browser's locale (an English browser's own date field asks for mm/dd/yyyy)...
    const auditFrom = dateControl(page, text('audit.from'));
    await auditFrom.fill('30/09/2026');
    expect(await auditFrom.inputValue()).toBe('30/09/2026');
    await auditFrom.locator('xpath=ancestor::form').screenshot({ path: join(ARTIFACTS_DIR, `reader-language-audit-date-typing-${language}.png`) });
    // ...and written in the console's language once the field is left.
    await page.getByRole('heading', { level: 1 }).click();
    expect(await auditFrom.inputValue()).toBe('2026-09-30');
    const from = await writtenDay(page, '2026-09-30', language);
    await fieldBox(page, text('audit.from')).getByText(from, { exact: true }).waitFor();
    await saveBothSizes(page, `reader-language-audit-dates-${language}`);
    // The browser's own text is hidden, not faded: nothing for contrast or names to trip over (at 1440 px, where the table does not scroll).
    await page.setViewportSize(SIZES.desktop);
    expect(await findAccessibilityViolations(page)).toEqual([]);

    await page.setViewportSize(SIZES.desktop);
    await page.goto(`${environment.baseUrl}/dashboard`);
    await page.getByRole('button', { name: text('dashboard.presets.custom') }).click();
    const to = await dateControl(page, text('dashboard.to')).inputValue();
    await fieldBox(page, text('dashboard.to')).getByText(await writtenDay(page, to, language), { exact: true }).waitFor();
    await saveBothSizes(page, `reader-language-dashboard-range-${language}`);

    await page.setViewportSize(SIZES.desktop);
    await page.goto(`${environment.baseUrl}/admin/sla`);
    await page.getByRole('button', { name: new RegExp(text('adminSettings.sla.addRamadan').split(' (')[0]!) }).click();
    const start = await dateControl(page, text('adminSettings.sla.from')).first().inputValue();
    await fieldBox(page, text('adminSettings.sla.from')).first().getByText(await writtenDay(page, start, language), { exact: true }).waitFor();
    // The opening hours on the 24-hour clock (the English browser's own time field wrote 09:00 AM).
    expect(await openingTime(page, language).inputValue()).toBe('09:00');
    expect(await findAccessibilityViolations(page)).toEqual([]);
    await saveBothSizes(page, `reader-language-sla-${language}`);
    await page.context().close();
  });

  it('an admin in an English browser types opening hours on the 24-hour clock, and picks a Ramadan day from the calendar with the keyboard alone', async () => {
    const page = await signInThroughPage(environment.browser, environment.baseUrl, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, language, viewport: SIZES.desktop, browserLocale: 'en-US' });
    await page.goto(`${environment.baseUrl}/admin/sla`);
    const opening = openingTime(page, language);
    await opening.fill('14h30');
    await opening.blur();
    expect(await opening.inputValue()).toBe('14:30');
    // What is not a time marks the field and keeps the form from being sent, saying how to write it.
    await opening.fill('2:30 PM');
    expect(await opening.getAttribute('aria-invalid')).toBe('true');
    expect(await opening.evaluate((input: HTMLInputElement) => [input.form!.checkValidity(), input.validationMessage])).toEqual([false, text('ui.time.invalid')]);
    await opening.locator('xpath=ancestor::div[contains(@class, "weekly-schedule__day")]').screenshot({ path: join(ARTIFACTS_DIR, `reader-language-time-invalid-${language}.png`) });
    await opening.fill('٨:٠٠');
    expect(await opening.getAttribute('aria-invalid')).toBeNull();
    await opening.blur();
    expect(await opening.inputValue()).toBe('08:00');

    // The calendar button follows its field in the tab order, named in the console's language.
    await page.getByRole('button', { name: new RegExp(text('adminSettings.sla.addRamadan').split(' (')[0]!) }).click();
    const from = dateControl(page, text('adminSettings.sla.from')).first();
    const start = await from.inputValue();
    await from.focus();
    await page.keyboard.press('Tab');
    const pick = fieldBox(page, text('adminSettings.sla.from')).first().getByRole('button', { name: text('ui.date.pick'), exact: true });
    const focused = () => pick.evaluate((element) => element === document.activeElement);
    const calendarOpen = () => fieldBox(page, text('adminSettings.sla.from')).first().locator('input[type="date"]').evaluate((element) => element.matches(':open'));
    expect(await focused()).toBe(true);
    await saveScreenshot(page, `reader-language-date-pick-focus-${language}`);
    // Enter opens the browser's calendar, Escape closes it and the focus is still on the button.
    await page.keyboard.press('Enter');
    await expect.poll(calendarOpen).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(calendarOpen).toBe(false);
    expect(await focused()).toBe(true);
    // Space opens it too; the arrows move the day and Enter picks it.
    await page.keyboard.press('Space');
    await expect.poll(calendarOpen).toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(calendarOpen).toBe(false);
    const next = new Date(Date.parse(`${start}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(await from.inputValue()).toBe(next);
    expect(await focused()).toBe(true);
    await fieldBox(page, text('adminSettings.sla.from')).first().getByText(await writtenDay(page, next, language), { exact: true }).waitFor();
    await page.context().close();
  });
});
