import { toWesternDigits } from './western-digits';

/**
 * A time of day as people here type it, on the 24-hour clock: 14:30, 14h30, 14.30, 1430 or 9h, in
 * Western or Arabic-Indic digits, returned as `HH:MM`; null while it is incomplete or names no time
 * of the day (24:00, 9:75).
 */
export function parseTypedTime(text: string): string | null {
  const digits = toWesternDigits(text.trim());
  const match = /^(\d{1,2})[:hH.](\d{2})?$/.exec(digits) ?? /^(\d{2})(\d{2})$/.exec(digits);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  return hours < 24 && minutes < 60 ? `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` : null;
}
