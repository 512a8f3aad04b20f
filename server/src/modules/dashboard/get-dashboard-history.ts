import { DateTime } from 'luxon';
import { REGIONS, TIME_ZONE, TOPICS } from '@mowakaba/shared/constants';
import {
  DASHBOARD_BREAKDOWNS,
  type TDashboardBreakdown,
  type TDashboardBreakdownRow,
  type TDashboardHistory,
  type TDashboardHistoryQuery,
  type TDashboardSettings,
} from '@mowakaba/shared/schemas/dashboard';
import { AppError } from '../../errors.js';
import { getTeams } from '../teams/teams.service.js';
import { listUsers } from '../users/users.service.js';
import { getDashboardSettings, readPackedSummaries } from './dashboard.store.js';
import type { TServiceLevelRule } from './domain/compute-metrics.js';
import { hasSummaries, hourFactsOf, rowKeyOf, summaryIdOf, type TSummaryFilter } from './domain/history-summary.js';
import { bucketDateOf, bucketStarts, datesBetween, datesOfMonth, hourKeyMillis, isoTextOf, localDateOf, localDayStart } from './domain/local-time.js';
import { addIntoVector, CounterLayout, createVectorMetrics, isZeroVector, type TPackedSummary } from './domain/packed-summary.js';

/** Longest range per interval: hours up to two months, the rest up to three years. */
const MAX_DAYS: Record<TDashboardHistoryQuery['interval'], number> = { hour: 62, day: 1100, week: 1100, month: 1100 };

export type TLabelLanguage = 'ar' | 'fr' | 'en';

/** The service-level rule of a team: its own settings, or the center's defaults. */
export function serviceLevelRuleOf(settings: TDashboardSettings, teamId: string | null): TServiceLevelRule {
  return (teamId ? settings.teams[teamId] : undefined) ?? settings.serviceLevel;
}

/** The day and month summaries a range reads, and whether each adds or takes away. */
export interface TSummaryPart {
  id: string;
  sign: 1 | -1;
  /** Local dates whose series this part gives: a month's days in range, or a day's own date. */
  days: string[];
  /** Days of a month read whole that are outside the range and after today: taken away only if the month holds something on them. */
  laterDays?: string[];
}

/**
 * The fewest summaries that add up to a range of local days: a whole month is one read; a month partly
 * in range is its days, or the month less the days outside when that is fewer. Days after `today`
 * hold nothing yet (unless a record bears a time ahead of the clock), so they cost no read up front:
 * the month's series tells whether any of them must be taken away (`laterReads`).
 */
export function planSummaryReads(days: string[], filter: TSummaryFilter, today: string): TSummaryPart[] {
  const byMonth = new Map<string, string[]>();
  for (const day of days) (byMonth.get(day.slice(0, 7)) ?? byMonth.set(day.slice(0, 7), []).get(day.slice(0, 7))!).push(day);
  return [...byMonth].flatMap(([month, inRange]): TSummaryPart[] => {
    const kept = new Set(inRange);
    const outside = datesOfMonth(month).filter((day) => !kept.has(day));
    const pastOutside = outside.filter((day) => day <= today);
    if (inRange.length <= pastOutside.length) return inRange.map((day) => ({ id: summaryIdOf('D', day, filter), sign: 1, days: [day] }));
    const laterDays = outside.filter((day) => day > today);
    return [
      { id: summaryIdOf('M', month, filter), sign: 1, days: inRange, ...(laterDays.length > 0 ? { laterDays } : {}) },
      ...pastOutside.map((day) => ({ id: summaryIdOf('D', day, filter), sign: -1 as const, days: [] })),
    ];
  });
}

/** The days to take away once the planned summaries are read: later days on which a month read whole holds something. */
export function laterReads(parts: TSummaryPart[], summaries: Array<{ series: Record<string, unknown> }>, filter: TSummaryFilter): TSummaryPart[] {
  return parts.flatMap((part, index) =>
    (part.laterDays ?? []).filter((day) => summaries[index]!.series[day.slice(8)] !== undefined).map((day) => ({ id: summaryIdOf('D', day, filter), sign: -1 as const, days: [] })),
  );
}

async function readPlannedSummaries(parts: TSummaryPart[], filter: TSummaryFilter): Promise<{ parts: TSummaryPart[]; summaries: TPackedSummary[] }> {
  const summaries = await readPackedSummaries(parts.map((part) => part.id));
  const later = laterReads(parts, summaries, filter);
  if (later.length === 0) return { parts, summaries };
  return { parts: [...parts, ...later], summaries: [...summaries, ...(await readPackedSummaries(later.map((part) => part.id)))] };
}

async function labelsOf(language: TLabelLanguage): Promise<Record<TDashboardBreakdown, Map<string, string>>> {
  const [teams, users] = await Promise.all([getTeams(), listUsers()]);
  const textOf = (item: { ar: string; fr: string; en?: string }) => (language === 'en' ? (item.en ?? item.fr) : item[language]);
  return {
    team: new Map(teams.map((team) => [team._id.toString(), team.name?.[language] ?? team.key])),
    topic: new Map(TOPICS.map((topic) => [topic.key, textOf(topic)])),
    channel: new Map(),
    region: new Map(REGIONS.map((region) => [region.key, textOf(region)])),
    agent: new Map(users.map((user) => [user.id, user.name])),
  };
}

/**
 * History from the rollups: one bucket per local hour, day, week (from Monday) or month from `from`
 * to `to` (local dates, inclusive), the totals, the five breakdowns and the weekday × hour heatmap of
 * contacts. Counts add up: totals are the sum of the buckets and of each breakdown's rows.
 */
export async function getDashboardHistory(query: TDashboardHistoryQuery, now: Date): Promise<TDashboardHistory> {
  const start = localDayStart(query.from);
  const end = localDayStart(query.to).plus({ days: 1 });
  if (!start.isValid || !end.isValid || end <= start) throw new AppError('bad_request', '`to` must be a date on or after `from`');
  if (end.diff(start, 'days').days > MAX_DAYS[query.interval] + 1) {
    throw new AppError('bad_request', `at most ${MAX_DAYS[query.interval]} days by ${query.interval}`);
  }
  const filter: TSummaryFilter = Object.fromEntries(DASHBOARD_BREAKDOWNS.filter((name) => query[name] !== undefined).map((name) => [name, query[name]!]));
  if (!hasSummaries(filter)) throw new AppError('bad_request', 'one of team, topic, channel, region and agent at a time');

  const days = datesBetween(query.from, query.to);
  const planned: TSummaryPart[] =
    query.interval === 'hour' ? days.map((day) => ({ id: summaryIdOf('D', day, filter), sign: 1, days: [day] })) : planSummaryReads(days, filter, localDateOf(now));
  const [settings, labels, { parts, summaries }] = await Promise.all([getDashboardSettings(), labelsOf(query.lang), readPlannedSummaries(planned, filter)]);
  return historyOfSummaries({ query, filter, start, end, parts, summaries, settings, labels });
}

/** The history answer from the summaries read for it (`parts[i]` says how `summaries[i]` counts). */
function historyOfSummaries({ query, filter, start, end, parts, summaries, settings, labels }: {
  query: TDashboardHistoryQuery;
  filter: TSummaryFilter;
  /** Local midnight of `from`, and of the day after `to`. */
  start: DateTime;
  end: DateTime;
  parts: TSummaryPart[];
  summaries: TPackedSummary[];
  settings: TDashboardSettings;
  labels: Record<TDashboardBreakdown, Map<string, string>>;
}): TDashboardHistory {
  const ruleOfTeam = (team: string | null) => serviceLevelRuleOf(settings, team);
  const layout = new CounterLayout();
  const positions = summaries.map((summary) => layout.positionsOf(summary.names));

  // Totals, rows and heat of the range: the parts added (or taken away) before any ratio is worked out.
  const total = layout.emptyVector();
  const rows = new Map<TDashboardBreakdown, Map<string, Float64Array>>();
  const heat: Record<string, number> = {};
  const addHeat = (slot: string, contacts: number) => (heat[slot] = (heat[slot] ?? 0) + contacts);
  const series = new Map<string, { numbers: number[]; positions: Int32Array }>();
  summaries.forEach((summary, index) => {
    const part = parts[index]!;
    const at = positions[index]!;
    const isDay = part.id.startsWith('D|');
    if (isDay) {
      const contactsIndex = summary.names.indexOf('contacts');
      for (const [hourKey, numbers] of Object.entries(summary.series)) {
        if (contactsIndex >= 0 && numbers[contactsIndex]) addHeat(hourFactsOf(hourKey).slot, part.sign * numbers[contactsIndex]!);
        if (query.interval === 'hour') series.set(hourKey, { numbers, positions: at });
      }
    } else {
      for (const [slot, contacts] of Object.entries(summary.heat)) addHeat(slot, part.sign * contacts);
    }
    addIntoVector(total, summary.total, at, part.sign);
    for (const [name, summaryRows] of Object.entries(summary.rows) as Array<[TDashboardBreakdown, Record<string, number[]>]>) {
      const into = rows.get(name) ?? rows.set(name, new Map()).get(name)!;
      for (const [key, numbers] of Object.entries(summaryRows)) addIntoVector(into.get(key) ?? into.set(key, layout.emptyVector()).get(key)!, numbers, at, part.sign);
    }
    if (query.interval !== 'hour') {
      for (const day of part.days) {
        const numbers = isDay ? summary.total : summary.series[day.slice(8)];
        if (numbers) series.set(day, { numbers, positions: at });
      }
    }
  });

  const starts = bucketStarts(query.from, query.to, query.interval);
  const interval = query.interval;
  // Series keys are UTC hour keys by hour, local dates otherwise.
  const bucketIndex = new Map(starts.map((bucketStart, index) => [interval === 'hour' ? bucketStart.toMillis() : bucketStart.toISODate()!, index]));
  const buckets = starts.map(() => layout.emptyVector());
  for (const [key, { numbers, positions: at }] of series) {
    const index = bucketIndex.get(interval === 'hour' ? hourKeyMillis(key) : bucketDateOf(key, interval));
    if (index !== undefined) addIntoVector(buckets[index]!, numbers, at);
  }
  const metricsOf = createVectorMetrics(layout, ruleOfTeam);
  const totals = metricsOf(total);

  const breakdowns = Object.fromEntries(
    DASHBOARD_BREAKDOWNS.map((name) => {
      // A filtered dimension has one row, the filter's value, and it is the whole of the range.
      const fixed = filter[name];
      const breakdownRows =
        fixed !== undefined
          ? isZeroVector(total)
            ? []
            : [[fixed === 'none' ? null : fixed, totals] as const]
          : [...(rows.get(name) ?? [])].filter(([, vector]) => !isZeroVector(vector)).map(([key, vector]) => [rowKeyOf(key), metricsOf(vector)] as const);
      return [
        name,
        breakdownRows
          .map(([key, metrics]): TDashboardBreakdownRow => ({ key, label: key === null ? '—' : (labels[name].get(key) ?? key), ...metrics }))
          .sort((a, b) => a.label.localeCompare(b.label)),
      ];
    }),
  ) as TDashboardHistory['breakdowns'];

  return {
    timezone: TIME_ZONE,
    from: query.from,
    to: query.to,
    interval: query.interval,
    startsAt: start.toISO()!,
    endsAt: end.toISO()!,
    buckets: starts.map((bucketStart, index) => ({
      start: isoTextOf(bucketStart),
      end: isoTextOf(DateTime.min(starts[index + 1] ?? end, end)),
      ...metricsOf(buckets[index]!),
    })),
    totals,
    breakdowns,
    heatmap: Array.from({ length: 7 * 24 }, (_, index) => {
      const weekday = Math.floor(index / 24) + 1;
      const hour = index % 24;
      return { weekday, hour, contacts: heat[`${weekday}:${hour}`] ?? 0 };
    }),
  };
}
