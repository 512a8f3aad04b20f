import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { BROWSER_LOCALES, localeText, type TestLanguage } from './locale-text.js';

let environment: E2eEnvironment;
let admin: AdminApi;
const PASSWORD = 'search test password';

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL: 'admin@mowakaba.test', ADMIN_PASSWORD: PASSWORD });
  admin = await connectAdmin({ baseUrl: environment.baseUrl, email: 'admin@mowakaba.test', password: PASSWORD });
  const renewal = await admin.api('/api/tickets', 'POST', {
    subject: 'تجديد مكتب جمعية الأمل بأكادير',
    description: 'انتهت ولاية المكتب ونريد معرفة الوثائق المطلوبة.',
    channel: 'web',
    language: 'ar',
    topic: 'founding',
    priority: 'normal',
  });
  expect(renewal.status).toBe(201);
  const reply = await admin.api(`/api/tickets/${(renewal.body as { id: string }).id}/entries`, 'POST', {
    kind: 'public-reply',
    body: 'يجب عقد جمع عام استثنائي وإيداع المحضر ولائحة أعضاء المكتب الجديد لدى الباشوية داخل أجل شهر.',
  });
  expect(reply.status).toBe(201);
  const grant = await admin.api('/api/tickets', 'POST', {
    subject: "Dossier de partenariat avec l'État",
    description: "Le dossier comprend la fiche projet, le budget prévisionnel et le procès-verbal de l'assemblée générale.",
    channel: 'email',
    language: 'fr',
    topic: 'funding',
    priority: 'normal',
  });
  expect(grant.status).toBe(201);
});

afterAll(async () => {
  await environment?.stop();
});

const SEARCHES: Record<TestLanguage, { query: string; marked: string }> = {
  ar: { query: 'المحضر الباشوية', marked: 'المحضر' },
  fr: { query: 'proces verbal assemblee', marked: 'procès' },
};

describe('ticket search in the console', () => {
  for (const language of ['ar', 'fr'] as const) {
    for (const [width, height] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      it(`shows matching tickets with the words marked, in ${language} at ${width}×${height}`, async () => {
        const text = localeText(language);
        // The console speaks the signed-in user's language.
        expect((await admin.api('/api/auth/me', 'PATCH', { language })).status).toBe(200);
        const context = await environment.browser.newContext({ locale: BROWSER_LOCALES[language], viewport: { width, height } });
        const page = await context.newPage();
        await page.goto(environment.baseUrl);
        await page.getByLabel(text('signIn.email')).fill('admin@mowakaba.test');
        await page.getByLabel(text('signIn.password')).fill(PASSWORD);
        await page.getByRole('button', { name: text('signIn.submit') }).click();
        const search = page.getByLabel(text('ticketSearch.searchLabel'));
        await search.fill(SEARCHES[language].query);
        const results = page.getByRole('region', { name: text('ticketSearch.title') });
        await results.getByRole('listitem').first().waitFor({ timeout: 10_000 });
        expect(await results.locator('mark').first().textContent()).toBe(SEARCHES[language].marked);
        expect(await page.evaluate(() => document.documentElement.dir)).toBe(language === 'ar' ? 'rtl' : 'ltr');
        await saveScreenshot(page, `ticket-search-${language}-${width}`);
        await context.close();
      });
    }
  }
});
