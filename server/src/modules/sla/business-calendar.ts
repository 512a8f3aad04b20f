import { DateTime } from 'luxon';
import { TIME_ZONE } from '@mowakaba/shared/constants';
import { WEEKDAYS, type TBusinessCalendar, type THoliday, type TIslamicHoliday } from '@mowakaba/shared/schemas/sla';

/** Hijri month and day of each holiday's first day, and how many days it lasts in Morocco. */
const ISLAMIC_HOLIDAY_DATES: Record<TIslamicHoliday, { month: number; day: number; days: number; label: string }> = {
  'islamic-new-year': { month: 1, day: 1, days: 1, label: '1 Muharram' },
  mawlid: { month: 3, day: 12, days: 2, label: 'Mawlid' },
  'eid-al-fitr': { month: 10, day: 1, days: 2, label: 'Eid al-Fitr' },
  'eid-al-adha': { month: 12, day: 10, days: 2, label: 'Eid al-Adha' },
};

const hijriFormat = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'UTC' });

function hijriMonthDay(isoDate: string): { month: number; day: number } {
  const parts = hijriFormat.formatToParts(new Date(`${isoDate}T12:00:00Z`));
  return {
    month: Number(parts.find((part) => part.type === 'month')?.value),
    day: Number(parts.find((part) => part.type === 'day')?.value),
  };
}

/** The days of the Hijri month of Ramadan that begin in `year`, as the Umm al-Qura calendar computes them. */
export function proposeRamadan(year: number): { from: string; to: string } | null {
  const days: string[] = [];
  for (let day = DateTime.fromObject({ year, month: 1, day: 1 }); day.year === year; day = day.plus({ days: 1 })) {
    if (hijriMonthDay(day.toISODate()!).month === 9) days.push(day.toISODate()!);
  }
  return days.length > 0 ? { from: days[0]!, to: days[days.length - 1]! } : null;
}

const MAX_DAYS_SEARCHED = 800;
// Days looked at stay worked out; past this many (a long-running node) the memo starts over.
const MAX_DAYS_KEPT = 4_000;

// Building a DateTimeFormat costs far more than using one.
const localDateFormat = new Intl.DateTimeFormat('en', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The date in Morocco of an instant, as `yyyy-mm-dd`. */
function localIsoDate(instant: Date): string {
  const parts = localDateFormat.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** One local day worked out: when it starts and ends and its working intervals, as instants in milliseconds, and the date after it. */
interface CalendarDay {
  start: number;
  end: number;
  intervals: Array<[number, number]>;
  next: string;
}

/** Working time in Africa/Casablanca: split shifts, date-range schedules, fixed and Islamic holidays. */
export class BusinessCalendar {
  private readonly holidaysByYear = new Map<number, Map<string, THoliday>>();
  // Time-zone arithmetic is the slow part of every SLA computation and call; each day is done once.
  private readonly days = new Map<string, CalendarDay>();
  // Most instants asked about fall on the same day as the one before.
  private lastDayAsked: CalendarDay | undefined;

  constructor(private readonly calendar: TBusinessCalendar) {}

  /** The year's holidays: fixed and local ones, and Islamic ones proposed by the Umm al-Qura calendar, as an admin answered them. */
  holidays(year: number): THoliday[] {
    return [...this.holidayMap(year).values()].sort((a, b) => a.date.localeCompare(b.date));
  }

  private holidayMap(year: number): Map<string, THoliday> {
    const cached = this.holidaysByYear.get(year);
    if (cached) return cached;
    const holidays = new Map<string, THoliday>();
    for (const fixed of this.calendar.fixedHolidays) {
      const date = `${year}-${fixed.monthDay}`;
      if (DateTime.fromISO(date).isValid) holidays.set(date, { date, label: fixed.label, kind: 'fixed', holiday: null, confirmed: true });
    }
    for (const local of this.calendar.localHolidays) {
      if (local.date.startsWith(`${year}-`)) holidays.set(local.date, { date: local.date, label: local.label, kind: 'local', holiday: null, confirmed: true });
    }
    // Walk the Gregorian year once and note where each Hijri holiday begins.
    for (let day = DateTime.fromObject({ year, month: 1, day: 1 }); day.year === year; day = day.plus({ days: 1 })) {
      const hijri = hijriMonthDay(day.toISODate()!);
      for (const [key, rule] of Object.entries(ISLAMIC_HOLIDAY_DATES) as Array<[TIslamicHoliday, (typeof ISLAMIC_HOLIDAY_DATES)[TIslamicHoliday]]>) {
        if (hijri.month !== rule.month || hijri.day !== rule.day) continue;
        const correction = this.calendar.islamicCorrections.find((candidate) => candidate.year === year && candidate.holiday === key);
        if (correction?.removed) continue;
        for (let offset = 0; offset < rule.days; offset += 1) {
          const date = day.plus({ days: (correction?.shiftDays ?? 0) + offset }).toISODate()!;
          holidays.set(date, { date, label: rule.label, kind: 'islamic', holiday: key, confirmed: correction !== undefined });
        }
      }
    }
    this.holidaysByYear.set(year, holidays);
    return holidays;
  }

  private day(isoDate: string): CalendarDay {
    const known = this.days.get(isoDate);
    if (known) return known;
    const localDay = DateTime.fromISO(isoDate, { zone: TIME_ZONE });
    const override = this.calendar.overrides.find((candidate) => candidate.from <= isoDate && isoDate <= candidate.to);
    const periods = this.holidayMap(localDay.year).has(isoDate) ? [] : (override?.weekly ?? this.calendar.weekly)[WEEKDAYS[localDay.weekday - 1]!];
    const intervals = periods.map((period): [number, number] => {
      const [startHour, startMinute] = period.start.split(':').map(Number) as [number, number];
      const [endHour, endMinute] = period.end.split(':').map(Number) as [number, number];
      return [
        localDay.set({ hour: startHour, minute: startMinute }).toMillis(),
        localDay.set({ hour: endHour, minute: endMinute }).toMillis(),
      ];
    });
    if (this.days.size >= MAX_DAYS_KEPT) this.days.clear();
    const nextDay = localDay.plus({ days: 1 });
    const day = { start: localDay.toMillis(), end: nextDay.toMillis(), intervals, next: nextDay.toISODate()! };
    this.days.set(isoDate, day);
    return day;
  }

  /** The local day `instant` falls on. */
  private dayOf(instant: Date): CalendarDay {
    const time = instant.getTime();
    const last = this.lastDayAsked;
    if (last && last.start <= time && time < last.end) return last;
    return (this.lastDayAsked = this.day(localIsoDate(instant)));
  }

  /** Whether `instant` falls in working time (the center's opening hours, holidays excluded). */
  isOpenAt(instant: Date): boolean {
    const time = instant.getTime();
    return this.dayOf(instant).intervals.some(([start, end]) => start <= time && time < end);
  }

  /** The instant `minutes` working minutes after `start`. Throws when the calendar has no working time. */
  addBusinessMinutes(start: Date, minutes: number): Date {
    let remaining = minutes * 60_000;
    let day = this.dayOf(start);
    for (let searched = 0; searched < MAX_DAYS_SEARCHED; searched += 1, day = this.day(day.next)) {
      for (const [intervalStart, intervalEnd] of day.intervals) {
        const from = Math.max(intervalStart, start.getTime());
        if (from >= intervalEnd) continue;
        if (from + remaining <= intervalEnd) return new Date(from + remaining);
        remaining -= intervalEnd - from;
      }
    }
    throw new Error('the business calendar has no working time in the next two years');
  }

  /** Working minutes between two instants (0 when `end` is not after `start`). */
  businessMinutesBetween(start: Date, end: Date): number {
    if (end <= start) return 0;
    let total = 0;
    const lastDate = localIsoDate(end);
    for (let date = localIsoDate(start); date <= lastDate; ) {
      const day = this.day(date);
      date = day.next;
      for (const [intervalStart, intervalEnd] of day.intervals) {
        const from = Math.max(intervalStart, start.getTime());
        const to = Math.min(intervalEnd, end.getTime());
        if (to > from) total += to - from;
      }
    }
    return Math.round(total / 60_000);
  }
}
