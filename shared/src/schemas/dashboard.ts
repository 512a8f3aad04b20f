import { z } from 'zod';
import { PRESENCE_STATES, REGION_KEYS, UI_LANGUAGES, TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TOPIC_KEYS } from '../constants.js';
import { ZObjectId } from './common.js';

/** Defaults of the per-team service-level settings (admins change them per team). */
export const DEFAULT_SERVICE_LEVEL_SECONDS = 20;
export const DEFAULT_SHORT_ABANDON_SECONDS = 5;
export const DEFAULT_SLA_AT_RISK_MINUTES = 30;

export const DASHBOARD_INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type TDashboardInterval = (typeof DASHBOARD_INTERVALS)[number];

export const DASHBOARD_BREAKDOWNS = ['team', 'topic', 'channel', 'region', 'agent'] as const;
export type TDashboardBreakdown = (typeof DASHBOARD_BREAKDOWNS)[number];

/** Backlog age buckets, in days: < 1, 1–7, 7–30, > 30. */
export const BACKLOG_AGES = ['under1d', '1to7d', '7to30d', 'over30d'] as const;

const ZLocalDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be YYYY-MM-DD');
const nullableNumber = z.number().nullable();

/**
 * The history metrics; every ratio and time is null when nothing was measured. Definitions (also in
 * the README and the tooltips): service level = answered within T / (answered + abandoned − short
 * abandons), in percent; ASA = queue wait of answered calls / answered calls; AHT = (talk + hold +
 * after-call work) / handled calls; abandon rate = abandoned / offered, in percent; CSAT = good (4–5)
 * / (good + bad (1–3)), in percent, `csatAnswers` beside it.
 */
export const ZDashboardMetrics = z.object({
  ticketsCreated: z.number().int(),
  ticketsSolved: z.number().int(),
  firstResponses: z.number().int(),
  firstResponseMedianMinutes: nullableNumber,
  firstResponseP90Minutes: nullableNumber,
  firstResponseBusinessMedianMinutes: nullableNumber,
  firstResponseBusinessP90Minutes: nullableNumber,
  firstResponseSlaMetPercent: nullableNumber,
  resolutionMedianMinutes: nullableNumber,
  resolutionP90Minutes: nullableNumber,
  resolutionBusinessMedianMinutes: nullableNumber,
  resolutionBusinessP90Minutes: nullableNumber,
  resolutionSlaMetPercent: nullableNumber,
  callsOffered: z.number().int(),
  callsAnswered: z.number().int(),
  callsAbandoned: z.number().int(),
  shortAbandons: z.number().int(),
  voicemails: z.number().int(),
  callbacksRequested: z.number().int(),
  callsHandled: z.number().int(),
  serviceLevel: nullableNumber,
  asaSeconds: nullableNumber,
  ahtSeconds: nullableNumber,
  abandonRate: nullableNumber,
  messagesIn: z.number().int(),
  messagesOut: z.number().int(),
  csat: nullableNumber,
  csatAnswers: z.number().int(),
  /** Calls offered to a queue, messages received and tickets opened on the web, by e-mail or at the desk. */
  contacts: z.number().int(),
  /**
   * Presence history: seconds agents spent in each state in the period, counted under the agent and
   * their first team (no topic, channel or region), once the agent has left the state.
   */
  presenceAvailableSeconds: z.number().int(),
  presenceBusySeconds: z.number().int(),
  presenceWrapUpSeconds: z.number().int(),
  presenceAwaySeconds: z.number().int(),
  presenceOfflineSeconds: z.number().int(),
});
export type TDashboardMetrics = z.infer<typeof ZDashboardMetrics>;
export type TDashboardMetric = keyof TDashboardMetrics;

/** Metrics that are counts: a total is the sum of its buckets and of each breakdown. */
export const COUNT_METRICS = [
  'ticketsCreated',
  'ticketsSolved',
  'firstResponses',
  'callsOffered',
  'callsAnswered',
  'callsAbandoned',
  'shortAbandons',
  'voicemails',
  'callbacksRequested',
  'callsHandled',
  'messagesIn',
  'messagesOut',
  'csatAnswers',
  'contacts',
  'presenceAvailableSeconds',
  'presenceBusySeconds',
  'presenceWrapUpSeconds',
  'presenceAwaySeconds',
  'presenceOfflineSeconds',
] as const satisfies readonly TDashboardMetric[];

/** The presence history metrics, one per state, in the order of PRESENCE_STATES. */
export const PRESENCE_METRICS = ['presenceAvailableSeconds', 'presenceBusySeconds', 'presenceWrapUpSeconds', 'presenceAwaySeconds', 'presenceOfflineSeconds'] as const satisfies readonly TDashboardMetric[];

const ZFilterId = z.union([ZObjectId, z.literal('none')]);

export const ZDashboardHistoryQuery = z.object({
  from: ZLocalDate,
  to: ZLocalDate,
  interval: z.enum(DASHBOARD_INTERVALS).default('day'),
  /** A team id, or `none` for what no team had. */
  team: ZFilterId.optional(),
  topic: z.enum(TOPIC_KEYS).optional(),
  channel: z.enum(TICKET_CHANNELS).optional(),
  region: z.union([z.enum(REGION_KEYS), z.literal('none')]).optional(),
  /** A user id, or `none` for unassigned work. */
  agent: ZFilterId.optional(),
  /** Language of the team, topic and region labels. */
  lang: z.enum(UI_LANGUAGES).default('fr'),
});
export type TDashboardHistoryQuery = z.infer<typeof ZDashboardHistoryQuery>;

export const ZDashboardCsvQuery = ZDashboardHistoryQuery.extend({
  /** Without it, one row per bucket; with it, one row per team, topic, channel, region or agent. */
  breakdown: z.enum(DASHBOARD_BREAKDOWNS).optional(),
});
export type TDashboardCsvQuery = z.infer<typeof ZDashboardCsvQuery>;

export const ZDashboardBucket = ZDashboardMetrics.extend({
  /** Local start of the bucket, ISO 8601 with the Casablanca offset of that moment. */
  start: z.string(),
  /**
   * Where what the bucket counts ends (the next bucket's start, or the range's end): a bucket's
   * numbers are of max(start, startsAt) to end, the instants its drill-down lists ask for.
   */
  end: z.string(),
});
export type TDashboardBucket = z.infer<typeof ZDashboardBucket>;

export const ZDashboardBreakdownRow = ZDashboardMetrics.extend({
  /** The team, topic, channel, region or agent; null for work without one. */
  key: z.string().nullable(),
  label: z.string(),
});
export type TDashboardBreakdownRow = z.infer<typeof ZDashboardBreakdownRow>;

export const ZDashboardHistory = z.object({
  timezone: z.string(),
  from: z.string(),
  to: z.string(),
  interval: z.enum(DASHBOARD_INTERVALS),
  /** Local midnight starting `from` and ending `to`: the instants the totals and breakdowns count between. */
  startsAt: z.string(),
  endsAt: z.string(),
  buckets: z.array(ZDashboardBucket),
  totals: ZDashboardMetrics,
  breakdowns: z.object(
    Object.fromEntries(DASHBOARD_BREAKDOWNS.map((breakdown) => [breakdown, z.array(ZDashboardBreakdownRow)])) as Record<
      TDashboardBreakdown,
      z.ZodArray<typeof ZDashboardBreakdownRow>
    >,
  ),
  /** Contacts per local weekday (1 = Monday) and hour (0–23). */
  heatmap: z.array(z.object({ weekday: z.number().int().min(1).max(7), hour: z.number().int().min(0).max(23), contacts: z.number().int() })),
});
export type TDashboardHistory = z.infer<typeof ZDashboardHistory>;

const countsOf = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((key) => [key, z.number().int()])) as Record<T[number], z.ZodNumber>);

export const ZLiveAgent = z.object({ userId: z.string(), name: z.string(), state: z.enum(PRESENCE_STATES), since: z.string() });

export const ZDashboardLiveFigures = z.object({
  callsWaiting: z.number().int(),
  longestWaitSeconds: z.number().int(),
  callsActive: z.number().int(),
  callbacksPending: z.number().int(),
  agents: z.object({
    available: z.number().int(),
    busy: z.number().int(),
    wrapUp: z.number().int(),
    away: z.number().int(),
    offline: z.number().int(),
    list: z.array(ZLiveAgent),
  }),
  backlog: z.object({
    total: z.number().int(),
    byStatus: countsOf(TICKET_STATUSES),
    byPriority: countsOf(TICKET_PRIORITIES),
    byAge: countsOf(BACKLOG_AGES),
  }),
  unassigned: z.number().int(),
  slaBreached: z.number().int(),
  slaAtRisk: z.number().int(),
  callsOffered: z.number().int(),
  callsAnswered: z.number().int(),
  callsAbandoned: z.number().int(),
  shortAbandons: z.number().int(),
  serviceLevel: nullableNumber,
  asaSeconds: nullableNumber,
  abandonRate: nullableNumber,
  ticketsCreated: z.number().int(),
  ticketsSolved: z.number().int(),
  firstResponseMedianMinutes: nullableNumber,
});
export type TDashboardLiveFigures = z.infer<typeof ZDashboardLiveFigures>;

export const ZDashboardLive = z.object({
  at: z.string(),
  /** Today in Casablanca (YYYY-MM-DD): browsers' time-zone data for Morocco is not always right. */
  date: z.string(),
  totals: ZDashboardLiveFigures,
  teams: z.array(ZDashboardLiveFigures.extend({ teamId: z.string(), name: z.string() })),
});
export type TDashboardLive = z.infer<typeof ZDashboardLive>;

export const ZDashboardLiveQuery = z.object({ team: ZObjectId.optional() });

/** An agent's own day: their handled contacts, first-response median and CSAT since local midnight. */
export const ZDashboardMyDay = z.object({
  at: z.string(),
  date: z.string(),
  ticketsSolved: z.number().int(),
  callsHandled: z.number().int(),
  messagesOut: z.number().int(),
  handledContacts: z.number().int(),
  firstResponses: z.number().int(),
  firstResponseMedianMinutes: nullableNumber,
  csat: nullableNumber,
  csatAnswers: z.number().int(),
});
export type TDashboardMyDay = z.infer<typeof ZDashboardMyDay>;

/**
 * The service-level thresholds and short-abandon limits admins choose from: history keeps queue
 * waits per team in classes bounded by these, so any choice is counted exactly over any period.
 */
export const SERVICE_LEVEL_THRESHOLDS = [5, 10, 15, 20, 25, 30, 40, 45, 60, 90, 120, 180, 240, 300] as const;
export const SHORT_ABANDON_LIMITS = [0, 2, 3, 5, 8, 10, 15, 20, 30, 60] as const;

const oneOf = (allowed: readonly number[]) => z.number().int().refine((value) => allowed.includes(value), `must be one of ${allowed.join(', ')}`);

const ZTeamServiceLevel = z.object({
  thresholdSeconds: oneOf(SERVICE_LEVEL_THRESHOLDS),
  shortAbandonSeconds: oneOf(SHORT_ABANDON_LIMITS),
  /**
   * Share of callers (percent) the staffing forecast plans to answer within `thresholdSeconds`;
   * absent: the center's, else 80 (DEFAULT_STAFFING_TARGET_PERCENT in staffing.ts).
   */
  staffingTargetPercent: z.number().int().min(50).max(99).optional(),
});

export const ZDashboardSettings = z
  .object({
    serviceLevel: ZTeamServiceLevel.strict(),
    /** Per team id; a team without an entry uses `serviceLevel`. */
    teams: z.record(ZObjectId, ZTeamServiceLevel.strict()),
    /** A ticket is "at risk" when a due time falls within this many minutes. */
    slaAtRiskMinutes: z.number().int().min(1).max(1440),
  })
  .strict();
export type TDashboardSettings = z.infer<typeof ZDashboardSettings>;

export const DEFAULT_DASHBOARD_SETTINGS: TDashboardSettings = {
  serviceLevel: { thresholdSeconds: DEFAULT_SERVICE_LEVEL_SECONDS, shortAbandonSeconds: DEFAULT_SHORT_ABANDON_SECONDS },
  teams: {},
  slaAtRiskMinutes: DEFAULT_SLA_AT_RISK_MINUTES,
};
