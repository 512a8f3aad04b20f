import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { TIME_ZONE } from '@mowakaba/shared/constants';
import { bucketDateOf, bucketStarts, datesBetween, datesOfMonth } from './local-time.js';

/** Bucket starts walked with luxon's own zone arithmetic, one bucket after another. */
function walkedBucketStarts(from: string, to: string, interval: 'hour' | 'day' | 'week' | 'month'): string[] {
  const end = DateTime.fromISO(to, { zone: TIME_ZONE }).plus({ days: 1 });
  const starts: string[] = [];
  for (let start = DateTime.fromISO(from, { zone: TIME_ZONE }).startOf(interval, { useLocaleWeeks: false }); start < end; start = start.plus({ [`${interval}s`]: 1 })) {
    starts.push(start.toISO()!);
  }
  return starts;
}

describe('local dates and buckets', () => {
  it('count the days of months and ranges as the calendar has them', () => {
    expect(datesOfMonth('2028-02')).toHaveLength(29);
    expect(datesOfMonth('2026-02').at(-1)).toBe('2026-02-28');
    expect(datesBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });

  it('start a week on its Monday, across the end of a year', () => {
    expect(bucketDateOf('2027-01-01', 'week')).toBe('2026-12-28');
    expect(bucketDateOf('2026-12-28', 'week')).toBe('2026-12-28');
    expect(bucketDateOf('2027-01-03', 'week')).toBe('2026-12-28');
    expect(bucketDateOf('2027-01-17', 'month')).toBe('2027-01-01');
  });

  it('are the same local instants luxon walks to, across the Ramadan clock changes of 2026 and 2027', () => {
    for (const interval of ['day', 'week', 'month'] as const) {
      expect(bucketStarts('2025-12-03', '2027-12-31', interval).map((start) => start.toISO())).toEqual(walkedBucketStarts('2025-12-03', '2027-12-31', interval));
    }
    expect(bucketStarts('2026-02-10', '2026-04-05', 'hour').map((start) => start.toISO())).toEqual(walkedBucketStarts('2026-02-10', '2026-04-05', 'hour'));
  });
});
