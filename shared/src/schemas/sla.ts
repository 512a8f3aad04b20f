import { z } from 'zod';
import { TICKET_PRIORITIES } from '../constants.js';

const ZClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const ZLocalDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be YYYY-MM-DD');

export const ZWorkPeriod = z
  .object({ start: ZClockTime, end: ZClockTime })
  .strict()
  .refine((period) => period.start < period.end, { message: 'must end after it starts', path: ['end'] });

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type TWeekday = (typeof WEEKDAYS)[number];

/** Message of the issue raised when two periods of one day overlap. */
export const OVERLAPPING_PERIODS = 'periods of one day must not overlap';

const ZDayPeriods = z
  .array(ZWorkPeriod)
  .max(4)
  .superRefine((periods, context) => {
    const sorted = periods.map((period, index) => ({ ...period, index })).sort((a, b) => a.start.localeCompare(b.start));
    for (let position = 1; position < sorted.length; position += 1) {
      if (sorted[position]!.start < sorted[position - 1]!.end) context.addIssue({ code: 'custom', message: OVERLAPPING_PERIODS, path: [sorted[position]!.index, 'start'] });
    }
  });

/**
 * Working periods per weekday; several periods a day make split shifts. An object, not an array of
 * arrays: FerretDB refuses nested arrays.
 */
export const ZWeeklySchedule = z.object(Object.fromEntries(WEEKDAYS.map((day) => [day, ZDayPeriods])) as Record<TWeekday, typeof ZDayPeriods>).strict();
export type TWeeklySchedule = z.infer<typeof ZWeeklySchedule>;

export const ISLAMIC_HOLIDAYS = ['eid-al-fitr', 'eid-al-adha', 'islamic-new-year', 'mawlid'] as const;
export type TIslamicHoliday = (typeof ISLAMIC_HOLIDAYS)[number];

export const ZBusinessCalendar = z
  .object({
    weekly: ZWeeklySchedule,
    /** Date ranges with their own weekly schedule, e.g. Ramadan hours. */
    overrides: z
      .array(
        z
          .object({ label: z.string().trim().min(1).max(100), from: ZLocalDate, to: ZLocalDate, weekly: ZWeeklySchedule })
          .strict()
          .refine((override) => override.from <= override.to, { message: 'must end after it starts', path: ['to'] }),
      )
      .max(50),
    /** Holidays on the same day every year, as MM-DD. */
    fixedHolidays: z
      .array(z.object({ label: z.string().trim().min(1).max(100), monthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/) }).strict())
      .max(40),
    /**
     * An admin's answer to a proposed Islamic holiday once the moon is sighted: accepted as proposed
     * (shiftDays 0), moved by a day, or removed. A proposal without an answer is still only proposed.
     */
    islamicCorrections: z
      .array(
        z
          .object({
            year: z.number().int().min(2000).max(2100),
            holiday: z.enum(ISLAMIC_HOLIDAYS),
            shiftDays: z.number().int().min(-1).max(1),
            removed: z.boolean().optional(),
          })
          .strict(),
      )
      .max(100)
      .refine((corrections) => new Set(corrections.map((correction) => `${correction.year}:${correction.holiday}`)).size === corrections.length, {
        message: 'one answer per holiday and year',
      }),
    /** Holidays of one date only: a local festival, a day the center closes. */
    localHolidays: z
      .array(z.object({ date: ZLocalDate, label: z.string().trim().min(1).max(100) }).strict())
      .max(100)
      .refine((holidays) => new Set(holidays.map((holiday) => holiday.date)).size === holidays.length, { message: 'one holiday per date' })
      .default([]),
  })
  .strict();
export type TBusinessCalendar = z.infer<typeof ZBusinessCalendar>;

const ZTarget = z.object({ firstResponseMinutes: z.number().int().min(1).max(100_000), resolutionMinutes: z.number().int().min(1).max(1_000_000) }).strict();

export const ZSlaPolicy = z
  .object({
    targets: z.object(Object.fromEntries(TICKET_PRIORITIES.map((priority) => [priority, ZTarget])) as Record<(typeof TICKET_PRIORITIES)[number], typeof ZTarget>).strict(),
    /** How many business minutes before a breach `sla.warning` is raised. */
    warningMinutes: z.number().int().min(0).max(10_000),
  })
  .strict();
export type TSlaPolicy = z.infer<typeof ZSlaPolicy>;

export const ZSlaSettings = z.object({ policy: ZSlaPolicy, calendar: ZBusinessCalendar }).strict();
export type TSlaSettings = z.infer<typeof ZSlaSettings>;

export const HOLIDAY_KINDS = ['fixed', 'islamic', 'local'] as const;

export const ZHoliday = z.object({
  date: z.string(),
  label: z.string(),
  kind: z.enum(HOLIDAY_KINDS),
  /** Which Islamic holiday this day belongs to; null for fixed and local ones. */
  holiday: z.enum(ISLAMIC_HOLIDAYS).nullable(),
  /** False while an Islamic holiday is only the Hijri calendar's proposal, not yet accepted or moved by an admin. */
  confirmed: z.boolean(),
});
export type THoliday = z.infer<typeof ZHoliday>;

export const ZHolidayList = z.object({
  year: z.number().int(),
  holidays: z.array(ZHoliday),
  /** Ramadan's days in the year by the Hijri calendar, offered as the dates of a Ramadan schedule. */
  ramadan: z.object({ from: ZLocalDate, to: ZLocalDate }).nullable(),
});
export type THolidayList = z.infer<typeof ZHolidayList>;
export const ZHolidayQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
