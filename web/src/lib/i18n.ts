import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { TIME_ZONE, UI_LANGUAGES, type TUiLanguage } from '../../../shared/src/constants';
import ar from '../locales/ar.json';
import en from '../locales/en.json';
import fr from '../locales/fr.json';

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

export async function initI18n(): Promise<void> {
  const language = detectInitialLanguage();
  await i18next.use(initReactI18next).init({
    resources: { ar: { translation: ar }, fr: { translation: fr }, en: { translation: en } },
    lng: language,
    fallbackLng: 'fr',
    interpolation: { escapeValue: false },
  });
  await applyLanguage(language);
}
