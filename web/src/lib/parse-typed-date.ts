import { toWesternDigits } from './western-digits';

/**
 * A date as people here type it, day first (30/09/2026, 30-9-2026, 30.09.2026, in Western or
 * Arabic-Indic digits) or as `yyyy-mm-dd`, returned as `yyyy-mm-dd`; null while it is incomplete
 * or names no day of the calendar (31/02/2026).
 */
export function parseTypedDate(text: string): string | null {
  const digits = toWesternDigits(text.trim());
  const isoOrder = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(digits);
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(digits);
  const [year, month, day] = isoOrder ? [isoOrder[1]!, isoOrder[2]!, isoOrder[3]!] : dayFirst ? [dayFirst[3]!, dayFirst[2]!, dayFirst[1]!] : [];
  if (!year || !month || !day) return null;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** `yyyy-mm-dd` written day first, the way it is typed: 30/09/2026. */
export function toDayFirst(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return year && month && day ? `${day}/${month}/${year}` : '';
}
