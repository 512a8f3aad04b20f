import { DateTime } from 'luxon';
import { TIME_ZONE } from '@mowakaba/shared/constants';
import type { TDashboardInterval } from '@mowakaba/shared/schemas/dashboard';

/**
 * Rollups are keyed by the UTC hour they start at (`2026-02-15T01`): every real hour has exactly one
 * key, even when Morocco turns its clock back for Ramadan and a local hour happens twice, and keys
 * sort in time order, so a range of `_id`s is a range of time. Local days, weeks and months are
 * worked out from each hour's instant with luxon.
 */
export function hourKeyOf(instant: Date | number): string {
  return new Date(Math.floor(new Date(instant).getTime() / 3_600_000) * 3_600_000).toISOString().slice(0, 13);
}

/**
 * `compute` remembered by key: luxon works out a zone offset for every DateTime it makes (about 15 µs),
 * and a year by day or a month by hour makes hundreds per query. Forgotten past 10,000 keys (over 27
 * years of days), so ranges asked of far-off years cannot grow it without end.
 */
function remembered<T>(compute: (key: string) => T): (key: string) => T {
  const kept = new Map<string, T>();
  return (key) => {
    if (kept.has(key)) return kept.get(key)!;
    const value = compute(key);
    if (kept.size >= 10_000) kept.clear();
    kept.set(key, value);
    return value;
  };
}

export const hourStartOf = remembered((hourKey): DateTime => DateTime.fromISO(`${hourKey}:00:00Z`, { zone: TIME_ZONE }));

const isoTexts = new WeakMap<DateTime, string>();

/** `time.toISO()`, worked out once per DateTime: the remembered bucket starts are written out in every answer. */
export function isoTextOf(time: DateTime): string {
  let text = isoTexts.get(time);
  if (text === undefined) {
    text = time.toISO()!;
    isoTexts.set(time, text);
  }
  return text;
}

/** Local midnight starting `date` (YYYY-MM-DD) in Casablanca. */
export const localDayStart = remembered((date): DateTime => DateTime.fromISO(date, { zone: TIME_ZONE }).startOf('day'));

/** Bucket starts from the one holding local midnight of `from` to the last before the end of `to`. */
export function bucketStarts(from: string, to: string, interval: TDashboardInterval): DateTime[] {
  if (interval !== 'hour') return [...new Set(datesBetween(from, to).map((date) => bucketDateOf(date, interval)))].map(localDayStart);
  // Every UTC hour is a local hour (Morocco's offsets are whole hours): 23 or 25 of them on a day the clock changes.
  const starts: DateTime[] = [];
  const end = localDayStart(to).plus({ days: 1 }).toMillis();
  for (let start = localDayStart(from).toMillis(); start < end; start += 3_600_000) starts.push(hourStartOf(hourKeyOf(start)));
  return starts;
}

/** The local date (YYYY-MM-DD) of an instant in Casablanca. */
export function localDateOf(instant: Date | number): string {
  return DateTime.fromMillis(new Date(instant).getTime(), { zone: TIME_ZONE }).toISODate()!;
}

// Local dates (YYYY-MM-DD) are calendar dates whatever the zone: they are counted with UTC dates,
// which is many times cheaper than luxon's zone arithmetic when a year of days is walked per query.
const dateAt = (date: string) => new Date(`${date}T00:00:00Z`);
const isoDate = (time: Date) => time.toISOString().slice(0, 10);

/** Every local date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (const day = dateAt(from); isoDate(day) <= to; day.setUTCDate(day.getUTCDate() + 1)) dates.push(isoDate(day));
  return dates;
}

/** Every date of a month (YYYY-MM). */
export function datesOfMonth(month: string): string[] {
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0));
  return datesBetween(`${month}-01`, isoDate(last));
}

/** The local date starting the day, week (from Monday) or month bucket that holds `date`. */
export function bucketDateOf(date: string, interval: Exclude<TDashboardInterval, 'hour'>): string {
  if (interval === 'day') return date;
  if (interval === 'month') return `${date.slice(0, 7)}-01`;
  const day = dateAt(date);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return isoDate(day);
}

/** The instant (epoch ms) a UTC hour key starts at: also the start of its local hour, Morocco's offsets being whole hours. */
export const hourKeyMillis = (hourKey: string) => Date.parse(`${hourKey}:00:00Z`);
