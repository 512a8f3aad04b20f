import type { TUiLanguage } from '@mowakaba/shared/constants';
import { formatDate } from './i18n';

// Noon keeps a `yyyy-mm-dd` on its own day in Casablanca whatever the offset.
const atNoon = (isoDate: string) => new Date(`${isoDate}T12:00:00Z`);

/** A calendar date (`yyyy-mm-dd`) in the interface's language. */
export function formatLocalDate(isoDate: string, language: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return formatDate(atNoon(isoDate), language as TUiLanguage, options);
}

/** The same date in the Hijri (Umm al-Qura) calendar. */
export function formatHijriDate(isoDate: string, language: string): string {
  return formatDate(atNoon(isoDate), language as TUiLanguage, { dateStyle: 'long', calendar: 'islamic-umalqura' });
}
