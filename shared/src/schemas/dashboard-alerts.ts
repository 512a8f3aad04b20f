import { z } from 'zod';
import { ZObjectId } from './common.js';

/** What an alert watches, as the live dashboard shows it. */
export const ALERT_METRICS = ['longestWaitSeconds', 'serviceLevel30m', 'slaBreached', 'callbacksPending'] as const;
export type TAlertMetric = (typeof ALERT_METRICS)[number];

/**
 * Thresholds of one scope; an absent one is not watched. Crossed when the longest wait, the SLA
 * breaches or the callbacks waiting reach the value, or when the service level of the last 30
 * minutes falls below it (percent).
 */
export const ZAlertThresholds = z
  .object({
    longestWaitSeconds: z.number().int().min(1).max(3600),
    serviceLevel30m: z.number().int().min(1).max(100),
    slaBreached: z.number().int().min(1).max(100_000),
    callbacksPending: z.number().int().min(1).max(100_000),
  })
  .partial()
  .strict();
export type TAlertThresholds = z.infer<typeof ZAlertThresholds>;

export const ZAlertSettings = z
  .object({
    /** The whole center's figures. */
    center: ZAlertThresholds,
    /** Per team id, on that team's figures. */
    teams: z.record(ZObjectId, ZAlertThresholds),
    /** The supervisor on call, texted when an alert is raised; null for no SMS. */
    onCallPhone: z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 number such as +212612345678').nullable(),
  })
  .strict();
export type TAlertSettings = z.infer<typeof ZAlertSettings>;

export const DEFAULT_ALERT_SETTINGS: TAlertSettings = { center: {}, teams: {}, onCallPhone: null };

export const ZDashboardAlert = z.object({
  /** `center:<metric>` or `team:<id>:<metric>`: one alert at a time per key. */
  key: z.string(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  metric: z.enum(ALERT_METRICS),
  threshold: z.number(),
  /** The figure when the alert was raised. */
  value: z.number(),
  raisedAt: z.string(),
  /** `HH:mm` of `raisedAt` in Casablanca, worked out by the server (browsers' data for Morocco can be an hour off). */
  raisedAtLocalTime: z.string(),
  /** What became of the SMS to the supervisor on call. */
  sms: z.enum(['sent', 'simulated', 'failed', 'none']),
});
export type TDashboardAlert = z.infer<typeof ZDashboardAlert>;

export const ZDashboardAlertList = z.object({ items: z.array(ZDashboardAlert) });
