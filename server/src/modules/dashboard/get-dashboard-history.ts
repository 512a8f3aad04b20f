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
import { getDashboardSettings, readSummaries } from './dashboard.store.js';
import { accumulateSummaryValues, computeMetrics, emptyAccumulator, type TServiceLevelRule } from './domain/compute-metrics.js';
import { addSummary, emptySummary, hasSummaries, hourFactsOf, rowKeyOf, summaryIdOf, type TSummaryFilter } from './domain/history-summary.js';
import { bucketStartOf, bucketStarts, hourStartOf, localDayStart } from './domain/local-time.js';
import type { TCellValues } from './domain/rollup-cell.js';

/** Longest range per interval: hours up to two months, the rest up to three years. */
const MAX_DAYS: Record<TDashboardHistoryQuery['interval'], number> = { hour: 62, day: 1100, week: 1100, month: 1100 };

export type TLabelLanguage = 'ar' | 'fr' | 'en';

/** The service-level rule of a team: its own settings, or the center's defaults. */
export function serviceLevelRuleOf(settings: TDashboardSettings, teamId: string | null): TServiceLevelRule {
  return (teamId ? settings.teams[teamId] : undefined) ?? settings.serviceLevel;
}

/** The day and month summaries a range reads, and whether each adds or takes away. */
interface TSummaryPart {
  id: string;
  sign: 1 | -1;
  /** Local dates whose series this part gives: a month's days in range, or a day's own date. */
  days: string[];
}

function localDatesOf(from: DateTime, end: DateTime): string[] {
  const dates: string[] = [];
  for (let day = from; day < end; day = day.plus({ days: 1 })) dates.push(day.toISODate()!);
  return dates;
}

/**
 * The fewest summaries that add up to a range of local days: a whole month is one read; a month partly
 * in range is its days, or the month less the days outside when that is fewer.
 */
export function planSummaryReads(days: string[], filter: TSummaryFilter): TSummaryPart[] {
  const byMonth = new Map<string, string[]>();
  for (const day of days) (byMonth.get(day.slice(0, 7)) ?? byMonth.set(day.slice(0, 7), []).get(day.slice(0, 7))!).push(day);
  return [...byMonth].flatMap(([month, inRange]): TSummaryPart[] => {
    const monthStart = DateTime.fromISO(`${month}-01`, { zone: TIME_ZONE });
    const allDays = localDatesOf(monthStart, monthStart.plus({ months: 1 }));
    const outside = allDays.filter((day) => !inRange.includes(day));
    if (inRange.length <= outside.length) return inRange.map((day) => ({ id: summaryIdOf('D', day, filter), sign: 1, days: [day] }));
    return [{ id: summaryIdOf('M', month, filter), sign: 1, days: inRange }, ...outside.map((day) => ({ id: summaryIdOf('D', day, filter), sign: -1 as const, days: [] }))];
  });
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
export async function getDashboardHistory(query: TDashboardHistoryQuery): Promise<TDashboardHistory> {
  const start = localDayStart(query.from);
  const end = localDayStart(query.to).plus({ days: 1 });
  if (!start.isValid || !end.isValid || end <= start) throw new AppError('bad_request', '`to` must be a date on or after `from`');
  if (end.diff(start, 'days').days > MAX_DAYS[query.interval] + 1) {
    throw new AppError('bad_request', `at most ${MAX_DAYS[query.interval]} days by ${query.interval}`);
  }
  const filter: TSummaryFilter = Object.fromEntries(DASHBOARD_BREAKDOWNS.filter((name) => query[name] !== undefined).map((name) => [name, query[name]!]));
  if (!hasSummaries(filter)) throw new AppError('bad_request', 'one of team, topic, channel, region and agent at a time');

  const days = localDatesOf(start, end);
  const parts: TSummaryPart[] =
    query.interval === 'hour' ? days.map((day) => ({ id: summaryIdOf('D', day, filter), sign: 1, days: [day] })) : planSummaryReads(days, filter);
  const [settings, labels, summaries] = await Promise.all([getDashboardSettings(), labelsOf(query.lang), readSummaries(parts.map((part) => part.id))]);
  const ruleOfTeam = (team: string | null) => serviceLevelRuleOf(settings, team);

  // Totals, rows and heat of the range: the parts added (or taken away) before any ratio is worked out.
  const range = emptySummary();
  const series = new Map<string, TCellValues>();
  summaries.forEach((summary, index) => {
    const part = parts[index]!;
    const isDay = part.id.startsWith('D|');
    const heat: Record<string, number> = isDay ? {} : summary.heat;
    if (isDay) {
      for (const [hourKey, values] of Object.entries(summary.series)) {
        const { slot } = hourFactsOf(hourKey);
        if (values.contacts) heat[slot] = (heat[slot] ?? 0) + values.contacts;
        if (query.interval === 'hour') series.set(hourKey, values);
      }
    }
    addSummary(range, { total: summary.total, series: {}, rows: summary.rows, heat }, part.sign);
    if (query.interval !== 'hour') {
      for (const day of part.days) {
        const values = isDay ? summary.total : summary.series[day.slice(8)];
        if (values) series.set(day, values);
      }
    }
  });

  const starts = bucketStarts(query.from, query.to, query.interval);
  const bucketIndex = new Map(starts.map((bucketStart, index) => [bucketStart.toMillis(), index]));
  const buckets = starts.map(() => emptyAccumulator());
  for (const [key, values] of series) {
    const instant = query.interval === 'hour' ? hourStartOf(key) : localDayStart(key);
    const index = bucketIndex.get(bucketStartOf(instant, query.interval).toMillis());
    if (index !== undefined) accumulateSummaryValues(buckets[index]!, values, ruleOfTeam);
  }
  const metricsOf = (values: TCellValues) => {
    const accumulator = emptyAccumulator();
    accumulateSummaryValues(accumulator, values, ruleOfTeam);
    return computeMetrics(accumulator);
  };
  const totals = metricsOf(range.total);

  const breakdowns = Object.fromEntries(
    DASHBOARD_BREAKDOWNS.map((name) => {
      // A filtered dimension has one row, the filter's value, and it is the whole of the range.
      const fixed = filter[name];
      const rows = fixed !== undefined ? (Object.keys(range.total).length > 0 ? [[fixed === 'none' ? null : fixed, totals] as const] : []) : Object.entries(range.rows[name] ?? {}).map(([key, values]) => [rowKeyOf(key), metricsOf(values)] as const);
      return [
        name,
        rows
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
      start: bucketStart.toISO()!,
      end: DateTime.min(starts[index + 1] ?? end, end).toISO()!,
      ...computeMetrics(buckets[index]!),
    })),
    totals,
    breakdowns,
    heatmap: Array.from({ length: 7 * 24 }, (_, index) => {
      const weekday = Math.floor(index / 24) + 1;
      const hour = index % 24;
      return { weekday, hour, contacts: range.heat[`${weekday}:${hour}`] ?? 0 };
    }),
  };
}
