import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { saveScreenshot, startE2eEnvironment, type E2eEnvironment } from './browser.js';
import { BROWSER_LOCALES, localeText } from './locale-text.js';

let environment: E2eEnvironment;
let browser: Browser;
let baseUrl = '';
const PASSWORD = 'portal test password';

let admin: AdminApi;
const api: AdminApi['api'] = (...request) => admin.api(...request);

beforeAll(async () => {
  environment = await startE2eEnvironment({ DEMO_DATA: 'false', ADMIN_EMAIL: 'admin@mowakaba.test', ADMIN_PASSWORD: PASSWORD });
  ({ browser, baseUrl } = environment);
  admin = await connectAdmin({ baseUrl, email: 'admin@mowakaba.test', password: PASSWORD });
  const article = await api('/api/kb/articles', 'POST', {
    title: 'تجديد مكتب الجمعية: الوثائق والآجال',
    summary: 'ما يجب إيداعه بعد انتخاب مكتب جديد',
    body: '## الوثائق\nمحضر الجمع العام، لائحة أعضاء المكتب، نسخة من القانون الأساسي.',
    lang: 'ar',
    topic: 'founding',
    status: 'published',
    visibility: 'public',
  });
  expect(article.status).toBe(201);
});

afterAll(async () => {
  await environment?.stop();
});

describe('the public portal', () => {
  it('suggests articles while an Arabic visitor types a request, then gives a reference and a code to follow it', async () => {
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/portal/ask`);
    await page.getByRole('heading', { name: 'طرح سؤال على المركز' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);

    await page.getByLabel('اسم الجمعية').fill('جمعية الأمل للتنمية');
    await page.getByLabel('رقم الهاتف').fill('0661223344');
    await page.getByLabel('عنوان الطلب').pressSequentially('تجديد المكتب', { delay: 40 });
    const suggestions = page.getByRole('list', { name: 'مقالات قد تجيب عن سؤالكم' });
    await suggestions.getByRole('link', { name: 'تجديد مكتب الجمعية: الوثائق والآجال' }).waitFor({ timeout: 5_000 });
    await page.getByLabel('اشرحوا طلبكم').pressSequentially('انتخبنا مكتبا جديدا، ما هي الوثائق المطلوبة؟', { delay: 10 });
    await saveScreenshot(page, 'portal-ask-ar');

    await page.getByRole('button', { name: 'إرسال الطلب' }).click();
    await page.getByText('الموافقة ضرورية لمعالجة طلبكم.').waitFor();
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'إرسال الطلب' }).click();
    await page.getByRole('heading', { name: 'تم استلام طلبكم' }).waitFor();
    const codes = await page.locator('.portal-code').allTextContents();
    expect(codes[0]).toMatch(/^T-\d{4}-\d{6}$/);
    expect(codes[1]).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await saveScreenshot(page, 'portal-created-ar');

    const ticket = await api(`/api/tickets?q=${encodeURIComponent(codes[0]!)}`);
    expect((ticket.body.items as Array<Record<string, unknown>>)[0]).toMatchObject({ reference: codes[0], channel: 'web', language: 'ar', contactPhone: '+212661223344' });

    await page.getByRole('link', { name: 'تتبع طلبي' }).last().click();
    await page.getByLabel('رمز التتبع').fill(codes[1]!);
    await page.getByRole('button', { name: 'عرض الطلب' }).click();
    await page.getByText('لا يوجد جواب بعد.').waitFor();

    // The code is lost: a new one goes by SMS to the request's number, and the old one stops working.
    await page.goto(`${baseUrl}/portal/follow?reference=${codes[0]!}`);
    await page.getByText('أضعتم رمز التتبع؟').click();
    await page.getByLabel('رقم الهاتف أو البريد الإلكتروني المقدم مع الطلب').fill('0661223344');
    await page.getByRole('button', { name: 'أرسلوا لي رمزا جديدا' }).click();
    await page.getByRole('status').filter({ hasText: 'الرمز الجديد في طريقه إليكم' }).waitFor();
    await saveScreenshot(page, 'portal-lost-code-ar');
    await page.getByLabel('رمز التتبع').fill(codes[1]!);
    await page.getByRole('button', { name: 'عرض الطلب' }).click();
    await page.getByText('لا يوجد طلب بهذا المرجع وهذا الرمز.').waitFor();
    await context.close();
  });

  it('shows a French visitor the portal in French, left to right, and finds articles by search', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/portal?lang=fr`);
    await page.getByRole('heading', { name: 'Comment pouvons-nous vous aider ?' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.getByLabel('Rechercher dans les articles').fill('tajdid maktab');
    await page.getByRole('link', { name: 'تجديد مكتب الجمعية: الوثائق والآجال' }).click();
    await page.getByRole('heading', { name: 'تجديد مكتب الجمعية: الوثائق والآجال' }).waitFor();
    await context.close();
  });
});

describe.each([
  { language: 'ar', query: 'تجديد المكتب' },
  { language: 'fr', query: 'tajdid maktab' },
] as const)('the portal in $language', ({ language, query }) => {
  it('gives the visitor their search back, with its results, when they come back from an article', async () => {
    const text = localeText(language);
    const context = await browser.newContext({ locale: BROWSER_LOCALES[language], viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/portal?lang=${language}`);
    const search = page.getByLabel(text('portal.search.label'));
    await search.fill(query);
    await page.getByRole('link', { name: 'تجديد مكتب الجمعية: الوثائق والآجال' }).click();
    await page.getByRole('heading', { level: 1, name: 'تجديد مكتب الجمعية: الوثائق والآجال' }).waitFor();
    await page.goBack();
    await page.getByRole('link', { name: 'تجديد مكتب الجمعية: الوثائق والآجال' }).waitFor();
    expect(await search.inputValue()).toBe(query);
    await saveScreenshot(page, `portal-search-kept-${language}-390`);
    await context.close();
  });
});

describe('the article editor', () => {
  it('previews Markdown live, sanitised, and saves a first version', async () => {
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.getByLabel('البريد الإلكتروني').fill('admin@mowakaba.test');
    await page.getByLabel('كلمة المرور').fill(PASSWORD);
    await page.getByRole('button', { name: 'دخول' }).click();
    await page.getByRole('link', { name: 'قاعدة المعرفة' }).click();
    await page.getByRole('link', { name: 'مقال جديد' }).click();

    await page.getByLabel('العنوان').fill('التصريح بالتمويل الأجنبي');
    await page.getByLabel('النص (Markdown)').fill('## الآجال\nيجب **التصريح** داخل أجل 30 يوما. <img src=x onerror="window.pwned=1">');
    const preview = page.getByRole('region', { name: 'معاينة' });
    await preview.getByRole('heading', { name: 'الآجال' }).waitFor();
    expect(await preview.locator('strong').textContent()).toBe('التصريح');
    expect(await preview.innerHTML()).not.toContain('onerror');
    await saveScreenshot(page, 'kb-editor-ar');

    await page.getByRole('button', { name: 'حفظ' }).click();
    await page.getByRole('heading', { name: 'تحرير المقال' }).waitFor();
    await page.getByText('النسخة 1', { exact: false }).first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await context.close();
  });
});
