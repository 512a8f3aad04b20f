import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { TIME_ZONE, UI_LANGUAGES, type TUiLanguage } from '@mowakaba/shared/constants';

// One file per language, fetched when needed: a portal visitor on mobile data downloads the texts
// of their language only (the three together weigh about 30 KB compressed).
const TEXTS: Record<TUiLanguage, () => Promise<{ default: Record<string, unknown> }>> = {
  ar: () => import('../locales/ar.json'),
  fr: () => import('../locales/fr.json'),
  en: () => import('../locales/en.json'),
};

async function loadTexts(language: TUiLanguage): Promise<void> {
  if (i18next.hasResourceBundle(language, 'translation')) return;
  i18next.addResourceBundle(language, 'translation', (await TEXTS[language]()).default);
}

const LOCALE_BY_LANGUAGE: Record<TUiLanguage, string> = { ar: 'ar-MA', fr: 'fr-MA', en: 'en-GB' };

function isUiLanguage(value: string | null | undefined): value is TUiLanguage {
  return UI_LANGUAGES.includes(value as TUiLanguage);
}

/** Before sign-in: `?lang=` first, then the browser's languages, then Arabic. */
export function detectInitialLanguage(): TUiLanguage {
  const fromQuery = new URLSearchParams(window.location.search).get('lang');
  if (isUiLanguage(fromQuery)) return fromQuery;
  const fromBrowser = navigator.languages.map((tag) => tag.slice(0, 2).toLowerCase()).find(isUiLanguage);
  return fromBrowser ?? 'ar';
}

/** Switches texts and flips the whole document between right-to-left and left-to-right. */
export async function applyLanguage(language: TUiLanguage): Promise<void> {
  await loadTexts(language);
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  document.documentElement.dir = i18next.dir(language);
}

export function formatDate(date: Date, language: TUiLanguage, options: Intl.DateTimeFormatOptions = { dateStyle: 'full' }): string {
  return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], { timeZone: TIME_ZONE, ...options }).format(date);
}

export function formatNumber(value: number, language: TUiLanguage): string {
  return new Intl.NumberFormat(LOCALE_BY_LANGUAGE[language]).format(value);
}

/**
 * Starts i18next in the detected language. `everyLanguage`: the console also loads the others at
 * once (it writes canned replies in the ticket's language and switches to the user's saved one).
 */
export async function initI18n({ everyLanguage }: { everyLanguage: boolean }): Promise<void> {
  const language = detectInitialLanguage();
  await i18next.use(initReactI18next).init({
    resources: {},
    partialBundledLanguages: true,
    lng: language,
    fallbackLng: 'fr',
    interpolation: { escapeValue: false },
  });
  await Promise.all((everyLanguage ? UI_LANGUAGES : [language]).map(loadTexts));
  await applyLanguage(language);
}
