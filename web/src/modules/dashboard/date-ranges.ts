import { TIME_ZONE } from '@mowakaba/shared/constants';
import type { TDashboardInterval } from '@mowakaba/shared/schemas/dashboard';

export const RANGE_PRESETS = ['today', 'yesterday', '7d', '30d', 'month', 'quarter', 'custom'] as const;
export type TRangePreset = (typeof RANGE_PRESETS)[number];

export interface TDateRange {
  from: string;
  to: string;
}

const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Casablanca, YYYY-MM-DD. */
export const localToday = (now = new Date()) => localDate.format(now);

/** A local date `days` later (or earlier). */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function daysIn(range: TDateRange): number {
  return Math.round((Date.parse(`${range.to}T12:00:00Z`) - Date.parse(`${range.from}T12:00:00Z`)) / 86_400_000) + 1;
}

/** The dates of a preset, from today's date in Casablanca. */
export function presetRange(preset: Exclude<TRangePreset, 'custom'>, today: string): TDateRange {
  const [year, month] = today.split('-').map(Number) as [number, number];
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: shiftDate(today, -1), to: shiftDate(today, -1) };
    case '7d':
      return { from: shiftDate(today, -6), to: today };
    case '30d':
      return { from: shiftDate(today, -29), to: today };
    case 'month':
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'quarter':
      return { from: `${year}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`, to: today };
  }
}

/** The period of the same length just before. */
export function previousRange(range: TDateRange): TDateRange {
  const length = daysIn(range);
  return { from: shiftDate(range.from, -length), to: shiftDate(range.from, -1) };
}

/** A readable bucket size for a range: hours for a day or two, days up to two months, then weeks. */
export function intervalFor(range: TDateRange): TDashboardInterval {
  const length = daysIn(range);
  if (length <= 2) return 'hour';
  if (length <= 62) return 'day';
  return length <= 400 ? 'week' : 'month';
}
