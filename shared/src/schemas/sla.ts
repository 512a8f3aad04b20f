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

const ZDayPeriods = z.array(ZWorkPeriod).max(4);

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
      .array(z.object({ label: z.string().trim().min(1).max(100), from: ZLocalDate, to: ZLocalDate, weekly: ZWeeklySchedule }).strict())
      .max(50),
    /** Holidays on the same day every year, as MM-DD. */
    fixedHolidays: z
      .array(z.object({ label: z.string().trim().min(1).max(100), monthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/) }).strict())
      .max(40),
    /** An admin's correction of a proposed Islamic holiday once the moon is sighted. */
    islamicCorrections: z
      .array(z.object({ year: z.number().int().min(2000).max(2100), holiday: z.enum(ISLAMIC_HOLIDAYS), shiftDays: z.number().int().min(-1).max(1) }).strict())
      .max(100),
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

export const ZHolidayList = z.object({
  year: z.number().int(),
  holidays: z.array(z.object({ date: z.string(), label: z.string(), kind: z.enum(['fixed', 'islamic']) })),
});
export const ZHolidayQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
