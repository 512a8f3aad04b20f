import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { BROWSER_LOCALES, localeText, type TestLanguage } from './locale-text.js';
import { signInThroughPage } from './sign-in-page.js';

const ADMIN_EMAIL = 'admin@mowakaba.test';
const ADMIN_PASSWORD = 'reader language admin password';
const SIZES = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;

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

  it('the audit log’s longest action reads whole in its filter, on a phone and on a desktop', async () => {
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
    await page.context().close();
  });
});
