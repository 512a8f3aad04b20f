import { DateTime } from 'luxon';
import { REGIONS, TIME_ZONE, TOPICS } from '../../../../shared/src/constants.js';
import {
  DASHBOARD_BREAKDOWNS,
  type TDashboardBreakdown,
  type TDashboardBreakdownRow,
  type TDashboardHistory,
  type TDashboardHistoryQuery,
  type TDashboardSettings,
} from '../../../../shared/src/schemas/dashboard.js';
import { AppError } from '../../errors.js';
import { getTeams } from '../teams/teams.service.js';
import { listUsers } from '../users/users.service.js';
import { getDashboardSettings, readRollupCells } from './dashboard.store.js';
import { accumulateCell, addAccumulators, computeMetrics, emptyAccumulator, type TMetricsAccumulator, type TServiceLevelRule } from './domain/compute-metrics.js';
import { bucketStartOf, bucketStarts, hourKeyOf, hourStartOf, localDayStart } from './domain/local-time.js';
import { parseCellId, type TCell, type TCellDimensions } from './domain/rollup-cell.js';

/** Longest range per interval: hours up to two months, the rest up to three years. */
const MAX_DAYS: Record<TDashboardHistoryQuery['interval'], number> = { hour: 62, day: 1100, week: 1100, month: 1100 };

export type TLabelLanguage = 'ar' | 'fr' | 'en';

/** The service-level rule of a team: its own settings, or the center's defaults. */
export function serviceLevelRuleOf(settings: TDashboardSettings, teamId: string | null): TServiceLevelRule {
  return (teamId ? settings.teams[teamId] : undefined) ?? settings.serviceLevel;
}

/** Whether a cell matches the filters of a query (`none` asks for cells without that dimension). */
export function matchesFilters(dimensions: TCellDimensions, query: Partial<Record<TDashboardBreakdown, string>>): boolean {
  return DASHBOARD_BREAKDOWNS.every((name) => {
    const wanted = query[name];
    return wanted === undefined || (wanted === 'none' ? dimensions[name] === null : dimensions[name] === wanted);
  });
}

/** The rollup cells of the hours from `start` (included) to `end` (excluded) that match the query's filters. */
export async function readMatchingCells(start: DateTime, end: DateTime, query: Partial<Record<TDashboardBreakdown, string>>) {
  const cells = await readRollupCells(hourKeyOf(start.toMillis()), hourKeyOf(end.toMillis()));
  return cells.map((cell) => ({ cell, ...parseCellId(cell.id) })).filter((parsed) => matchesFilters(parsed, query));
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
  const [settings, labels, matching] = await Promise.all([getDashboardSettings(), labelsOf(query.lang), readMatchingCells(start, end, query)]);

  const starts = bucketStarts(query.from, query.to, query.interval);
  const bucketIndex = new Map(starts.map((bucketStart, index) => [bucketStart.toMillis(), index]));
  const buckets = starts.map(() => emptyAccumulator());
  const totals = emptyAccumulator();
  const rows = Object.fromEntries(DASHBOARD_BREAKDOWNS.map((name) => [name, new Map<string | null, TMetricsAccumulator>()])) as Record<
    TDashboardBreakdown,
    Map<string | null, TMetricsAccumulator>
  >;
  const heat = new Map<string, number>();
  const hourInfo = new Map<string, { bucket: number; slot: string }>();

  for (const { cell, hourKey, ...dimensions } of matching) {
    let info = hourInfo.get(hourKey);
    if (!info) {
      const hourStart = hourStartOf(hourKey);
      info = { bucket: bucketIndex.get(bucketStartOf(hourStart, query.interval).toMillis()) ?? -1, slot: `${hourStart.weekday}:${hourStart.hour}` };
      hourInfo.set(hourKey, info);
    }
    if (info.bucket < 0) continue;
    const cellTotals = emptyAccumulator();
    accumulateCell(cellTotals, cell.values, serviceLevelRuleOf(settings, dimensions.team));
    addAccumulators(buckets[info.bucket]!, cellTotals);
    addAccumulators(totals, cellTotals);
    for (const name of DASHBOARD_BREAKDOWNS) {
      const key = dimensions[name];
      const row = rows[name].get(key) ?? rows[name].set(key, emptyAccumulator()).get(key)!;
      addAccumulators(row, cellTotals);
    }
    heat.set(info.slot, (heat.get(info.slot) ?? 0) + (cell.values.contacts ?? 0));
  }

  const breakdowns = Object.fromEntries(
    DASHBOARD_BREAKDOWNS.map((name) => [
      name,
      [...rows[name]]
        .map(([key, accumulator]): TDashboardBreakdownRow => ({ key, label: key === null ? '—' : (labels[name].get(key) ?? key), ...computeMetrics(accumulator) }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    ]),
  ) as TDashboardHistory['breakdowns'];

  return {
    timezone: TIME_ZONE,
    from: query.from,
    to: query.to,
    interval: query.interval,
    buckets: starts.map((bucketStart, index) => ({ start: bucketStart.toISO()!, ...computeMetrics(buckets[index]!) })),
    totals: computeMetrics(totals),
    breakdowns,
    heatmap: Array.from({ length: 7 * 24 }, (_, index) => {
      const weekday = Math.floor(index / 24) + 1;
      const hour = index % 24;
      return { weekday, hour, contacts: heat.get(`${weekday}:${hour}`) ?? 0 };
    }),
  };
}

