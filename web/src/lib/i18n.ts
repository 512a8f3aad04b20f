import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { TIME_ZONE, UI_LANGUAGES, type TContentLanguage, type TUiLanguage } from '@mowakaba/shared/constants';

// One file per language, fetched when needed: a visitor (or an agent before sign-in) on mobile data
// downloads the texts of their language only (the three together weigh about 30 KB compressed).
// Every file has every text (locales.test.ts), so the fallback language is never needed for a UI language.
const TEXTS: Record<TUiLanguage, () => Promise<{ default: Record<string, unknown> }>> = {
  ar: () => import('../locales/ar.json'),
  fr: () => import('../locales/fr.json'),
  en: () => import('../locales/en.json'),
};

const FALLBACK_LANGUAGE: TUiLanguage = 'fr';

const textsLoading = new Map<TUiLanguage, Promise<void>>();

/** Fetches a language's texts once, however many screens ask for them at the same time. */
function loadTexts(language: TUiLanguage): Promise<void> {
  let loading = textsLoading.get(language);
  if (!loading) {
    loading = TEXTS[language]().then((texts) => {
      i18next.addResourceBundle(language, 'translation', texts.default);
    });
    // A failed fetch (the network dropped) is tried again by the next screen that asks.
    loading.catch(() => textsLoading.delete(language));
    textsLoading.set(language, loading);
  }
  return loading;
}

/** The texts `i18next.getFixedT(language)` reads: the language's own, or the fallback's for a language the interface does not have (Tamazight). */
export function textsLanguageOf(language: TContentLanguage): TUiLanguage {
  return isUiLanguage(language) ? language : FALLBACK_LANGUAGE;
}

/** Whether `getFixedT(language)` would answer with that language's texts now. */
export function hasTextsFor(language: TContentLanguage): boolean {
  return i18next.hasResourceBundle(textsLanguageOf(language), 'translation');
}

/** Fetches the texts a content language is written with (see `textsLanguageOf`). */
export function loadTextsFor(language: TContentLanguage): Promise<void> {
  return loadTexts(textsLanguageOf(language));
}

/**
 * After sign-in, in the background: the console writes canned replies in the ticket's language and
 * switches to the user's saved one, so every language is fetched before a screen asks for it.
 */
export function preloadEveryLanguage(): void {
  for (const language of UI_LANGUAGES) {
    // A failed fetch is harmless here: the screen that needs the language fetches it again.
    loadTexts(language).catch(() => undefined);
  }
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

/** A list in the language's own way ("a, b et c", "a، b و c"), as parts: each item's index, or the words between them. */
export function listParts(count: number, language: TUiLanguage): Array<{ item: number } | { text: string }> {
  const indexes = Array.from({ length: count }, (_, index) => String(index));
  return new Intl.ListFormat(LOCALE_BY_LANGUAGE[language], { style: 'narrow', type: 'unit' })
    .formatToParts(indexes)
    .map((part) => (part.type === 'element' ? { item: Number(part.value) } : { text: part.value }));
}

/** Starts i18next with the texts of the detected language only (the console fetches the others after sign-in). */
export async function initI18n(): Promise<void> {
  const language = detectInitialLanguage();
  await i18next.use(initReactI18next).init({
    resources: {},
    partialBundledLanguages: true,
    lng: language,
    fallbackLng: FALLBACK_LANGUAGE,
    interpolation: { escapeValue: false },
  });
  await applyLanguage(language);
}
