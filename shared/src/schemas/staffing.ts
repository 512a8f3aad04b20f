import { z } from 'zod';
import { ZObjectId } from './common.js';

export const STAFFING_MAX_DAYS = 14;
export const DEFAULT_STAFFING_TARGET_PERCENT = 80;
/** Weeks of history a weekday-hour's expected calls are the mean of. */
export const STAFFING_WEEKS_OBSERVED = 4;

export const ZStaffingQuery = z.object({
  /** A team id; the whole center when absent. */
  team: ZObjectId.optional(),
  /** Local days from today. */
  days: z.coerce.number().int().min(1).max(STAFFING_MAX_DAYS).default(7),
  /**
   * Share of callers to answer within the team's service-level threshold, in percent; absent, the
   * team's stored target (dashboard settings), else the center's, else 80.
   */
  target: z.coerce.number().int().min(50).max(99).optional(),
});
export type TStaffingQuery = z.infer<typeof ZStaffingQuery>;

export const ZStaffingHour = z.object({
  /** Local start of the hour, ISO 8601 with the Casablanca offset of that moment. */
  start: z.string(),
  /** Local date (YYYY-MM-DD) and hour (0–23). */
  date: z.string(),
  hour: z.number().int().min(0).max(23),
  /** Mean of the calls offered in the same local weekday and hour over the last four weeks. */
  callsExpected: z.number(),
  /** Average handling time of those calls (talk + hold), else of the four weeks; null with no handled call. */
  ahtSeconds: z.number().nullable(),
  /** Agents on the phone that Erlang C needs for the target; null without an AHT to work from. */
  agentsNeeded: z.number().int().nullable(),
});
export type TStaffingHour = z.infer<typeof ZStaffingHour>;

export const ZStaffingForecast = z.object({
  timezone: z.string(),
  teamId: z.string().nullable(),
  from: z.string(),
  days: z.number().int(),
  weeksObserved: z.number().int(),
  thresholdSeconds: z.number().int(),
  targetPercent: z.number().int(),
  /** Agents online now (available, busy or in wrap-up). Presence history is not kept, so no past figure. */
  agentsOnlineNow: z.number().int(),
  hours: z.array(ZStaffingHour),
});
export type TStaffingForecast = z.infer<typeof ZStaffingForecast>;
