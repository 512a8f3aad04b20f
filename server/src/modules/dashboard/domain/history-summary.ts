import { DASHBOARD_BREAKDOWNS, SERVICE_LEVEL_THRESHOLDS, SHORT_ABANDON_LIMITS, type TDashboardBreakdown } from '@mowakaba/shared/schemas/dashboard';
import { hourStartOf, localDateOf } from './local-time.js';
import { addValues, parseCellId, type TCell, type TCellDimensions, type TCellValues } from './rollup-cell.js';

/**
 * History summaries: what the history screen reads, by exact `_id` only (FerretDB 1.24 answers any
 * other filter, `_id` ranges included, by reading the whole collection).
 *
 * One summary per local day (`D|2026-11-02|…`) and per local month (`M|2026-11|…`) for every filter
 * the history answers: none (`*`) or one dimension (`team=<id>`, `topic=funding`, `agent=-` for none).
 * Pairs of dimensions were tried: they multiplied the summaries by five (27 per record) and made the
 * rebuild and every rollup write that much slower, for a view the screens do not offer.
 * Each holds the period's totals, its series (per UTC hour for a day, per local day for a month), the
 * rows of every breakdown not fixed by the filter, and contacts per local weekday × hour. They are sums
 * of the hourly rollup cells, so the same deltas keep them current and a rebuild recomputes them.
 *
 * Queue waits are kept per team in classes bounded by the service-level thresholds and short-abandon
 * limits admins can choose, so that service level stays exact for every team's own rule while a
 * summary stays small (a wait histogram per second and per team made a year of days too big to read
 * in time).
 */
export interface TSummary {
  total: TCellValues;
  series: Record<string, TCellValues>;
  rows: Partial<Record<TDashboardBreakdown, Record<string, TCellValues>>>;
  heat: Record<string, number>;
}

export type TSummaryLevel = 'D' | 'M';
export type TSummaryFilter = Partial<Record<TDashboardBreakdown, string>>;

const NONE = '-';

/** The dimension sets summaries are kept for: none, and each alone. */
export const SUMMARY_FILTER_SETS: ReadonlyArray<readonly TDashboardBreakdown[]> = [[], ...DASHBOARD_BREAKDOWNS.map((name) => [name])];

/** `*`, or `dimension=value&…` in the fixed dimension order; `-` stands for "none" (`none` in queries). */
export function filterKeyOf(filter: TSummaryFilter): string {
  const parts = DASHBOARD_BREAKDOWNS.filter((name) => filter[name] !== undefined).map((name) => `${name}=${filter[name] === 'none' ? NONE : filter[name]}`);
  return parts.length === 0 ? '*' : parts.join('&');
}

/** Whether a query's filters have summaries (one dimension at most). */
export function hasSummaries(filter: TSummaryFilter): boolean {
  return DASHBOARD_BREAKDOWNS.filter((name) => filter[name] !== undefined).length <= 1;
}

export const summaryIdOf = (level: TSummaryLevel, period: string, filter: TSummaryFilter) => `${level}|${period}|${filterKeyOf(filter)}`;

export const emptySummary = (): TSummary => ({ total: {}, series: {}, rows: {}, heat: {} });

const classOf = (limits: readonly number[], accept: (limit: number) => boolean) => limits.find(accept);

/**
 * A cell's counters as summaries keep them: per-second waits become per-team classes
 * (`ansWait:20~<team>` = answered with a wait over the previous threshold and at most 20 s;
 * `abWait:5~<team>` = abandoned after at least the previous limit and under 5 s); waits past the last
 * class are dropped, since no rule counts them (the call itself stays counted).
 */
export function summaryValuesOf(values: TCellValues, team: string | null): TCellValues {
  const result: TCellValues = {};
  for (const [name, value] of Object.entries(values)) {
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? name : name.slice(0, colon);
    if (prefix !== 'ansWait' && prefix !== 'abWait') {
      result[name] = (result[name] ?? 0) + value;
      continue;
    }
    const seconds = Number(name.slice(colon + 1));
    const limit = prefix === 'ansWait' ? classOf(SERVICE_LEVEL_THRESHOLDS, (threshold) => seconds <= threshold) : classOf(SHORT_ABANDON_LIMITS, (short) => seconds < short);
    if (limit === undefined) continue;
    const key = `${prefix}:${limit}~${team ?? NONE}`;
    result[key] = (result[key] ?? 0) + value;
  }
  return result;
}

/** Adds `source` times `sign` into `target`, dropping what comes back to zero. */
export function addSummary(target: TSummary, source: TSummary, sign = 1): TSummary {
  addValues(target.total, source.total, sign);
  const addNested = (into: Record<string, TCellValues>, from: Record<string, TCellValues>) => {
    for (const [key, values] of Object.entries(from)) {
      const merged = addValues(into[key] ?? {}, values, sign);
      if (Object.keys(merged).length === 0) delete into[key];
      else into[key] = merged;
    }
  };
  addNested(target.series, source.series);
  for (const [name, rows] of Object.entries(source.rows) as Array<[TDashboardBreakdown, Record<string, TCellValues>]>) {
    const into = target.rows[name] ?? {};
    addNested(into, rows);
    if (Object.keys(into).length === 0) delete target.rows[name];
    else target.rows[name] = into;
  }
  addValues(target.heat, source.heat, sign);
  return target;
}

export const isEmptySummary = (summary: TSummary) => Object.keys(summary.total).length === 0 && Object.keys(summary.series).length === 0 && Object.keys(summary.rows).length === 0 && Object.keys(summary.heat).length === 0;

/** Whether a rollup cell id is a detailed cell (hour × dimensions) rather than a live hour summary. */
export const isDetailedCellId = (id: string) => /^\d/.test(id);

interface THourFacts {
  day: string;
  month: string;
  slot: string;
}
const hourFacts = new Map<string, THourFacts>();

/** Local day, month and weekday:hour of a UTC hour key (cached: a few thousand hours a year). */
export function hourFactsOf(hourKey: string): THourFacts {
  let facts = hourFacts.get(hourKey);
  if (!facts) {
    const start = hourStartOf(hourKey);
    const day = localDateOf(start.toMillis());
    facts = { day, month: day.slice(0, 7), slot: `${start.weekday}:${start.hour}` };
    hourFacts.set(hourKey, facts);
  }
  return facts;
}

/** The filters (of the kept sets) a cell with these dimensions falls under. */
function filtersOf(dimensions: TCellDimensions, filterSets: ReadonlyArray<readonly TDashboardBreakdown[]>): TSummaryFilter[] {
  return filterSets.map((names) => Object.fromEntries(names.map((name) => [name, dimensions[name] ?? 'none'])) as TSummaryFilter);
}

/**
 * What changes in each summary when the detailed rollup cells change by `cellDeltas` (cell id →
 * counters to add). Live hour summaries (`T|…`, `A|…`) are skipped. Pure: the feed applies the result,
 * the rebuild sums it from nothing (the benchmark, for some filter sets only).
 */
export function summaryDeltasOf(cellDeltas: Iterable<[string, TCellValues]>, filterSets = SUMMARY_FILTER_SETS): Map<string, TSummary> {
  const deltas = new Map<string, TSummary>();
  const into = (id: string) => deltas.get(id) ?? deltas.set(id, emptySummary()).get(id)!;
  for (const [cellId, values] of cellDeltas) {
    if (!isDetailedCellId(cellId)) continue;
    const { hourKey, ...dimensions } = parseCellId(cellId);
    const { day, month, slot } = hourFactsOf(hourKey);
    const counted = summaryValuesOf(values, dimensions.team);
    const contacts = values.contacts ?? 0;
    for (const filter of filtersOf(dimensions, filterSets)) {
      const otherDimensions = DASHBOARD_BREAKDOWNS.filter((name) => filter[name] === undefined);
      for (const [level, period, seriesKey] of [
        ['D', day, hourKey],
        ['M', month, day.slice(8)],
      ] as const) {
        const summary = into(summaryIdOf(level, period, filter));
        addValues(summary.total, counted);
        addValues(summary.series[seriesKey] ?? (summary.series[seriesKey] = {}), counted);
        for (const name of otherDimensions) {
          const rows = summary.rows[name] ?? (summary.rows[name] = {});
          const key = dimensions[name] ?? NONE;
          addValues(rows[key] ?? (rows[key] = {}), counted);
        }
        if (level === 'M' && contacts !== 0) summary.heat[slot] = (summary.heat[slot] ?? 0) + contacts;
      }
    }
  }
  return deltas;
}

/**
 * The summaries `summaryDeltasOf` gives for these cells, from the cells in id order (hour first),
 * handed out as each is complete: a day's once the cells reach the next local day, a month's once
 * they reach the next month. A rebuild of a busy year never holds its summaries all at once.
 */
export function* summariesOfSortedCells(cells: Iterable<TCell>, filterSets = SUMMARY_FILTER_SETS): Generator<[string, TSummary]> {
  let day: string | undefined;
  let month: string | undefined;
  let dayCells: Array<[string, TCellValues]> = [];
  const monthSummaries = new Map<string, TSummary>();
  function* endOfDay(): Generator<[string, TSummary]> {
    for (const [id, summary] of summaryDeltasOf(dayCells, filterSets)) {
      if (id.startsWith('M|')) addSummary(monthSummaries.get(id) ?? monthSummaries.set(id, emptySummary()).get(id)!, summary);
      else yield [id, summary];
    }
    dayCells = [];
  }
  for (const cell of cells) {
    if (!isDetailedCellId(cell.id)) continue;
    const facts = hourFactsOf(cell.id.slice(0, cell.id.indexOf('|')));
    if (facts.day !== day) {
      yield* endOfDay();
      if (facts.month !== month) {
        yield* monthSummaries;
        monthSummaries.clear();
      }
      [day, month] = [facts.day, facts.month];
    }
    dayCells.push([cell.id, cell.values]);
  }
  yield* endOfDay();
  yield* monthSummaries;
}

/** The breakdown row key as the API gives it (null for none). */
export const rowKeyOf = (key: string) => (key === NONE ? null : key);
