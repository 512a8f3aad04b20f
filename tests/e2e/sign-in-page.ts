import type { Browser, Page } from 'playwright-core';
import { BROWSER_LOCALES, localeText, type TestLanguage } from './locale-text.js';

export interface PageSignIn {
  email: string;
  password: string;
  language: TestLanguage;
  viewport: { width: number; height: number };
  /** The browser's own locale when it is not the language's usual one (an English browser, say). */
  browserLocale?: string;
}

/**
 * Signs in through the sign-in page in a new browser context and waits for the console in the
 * language asked for: when the user's saved language is another one, switches it the way a person
 * would (the language switch, which also saves it).
 */
export async function signInThroughPage(browser: Browser, baseUrl: string, { email, password, language, viewport, browserLocale }: PageSignIn): Promise<Page> {
  const text = localeText(language);
  const context = await browser.newContext({ locale: browserLocale ?? BROWSER_LOCALES[language], viewport });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/?lang=${language}`);
  await page.getByLabel(text('signIn.email')).fill(email);
  await page.getByLabel(text('signIn.password')).fill(password);
  await page.getByRole('button', { name: text('signIn.submit') }).click();
  await page.locator('button[aria-keyshortcuts="Alt+N"]').waitFor();
  // The console opens in the user's saved language, which may not be this one yet (its first
  // render may also still be in the page's language until the session has answered).
  const saved = await page.evaluate(async () => {
    const response = await fetch('/api/auth/me', { credentials: 'same-origin' });
    return ((await response.json()) as { user?: { language?: string } }).user?.language;
  });
  if (saved !== language) await page.locator('.language-switch select').selectOption(language);
  await page.waitForFunction((wanted) => document.documentElement.lang === wanted, language);
  return page;
}
