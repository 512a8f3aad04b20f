import type { TDashboardBreakdown } from '@mowakaba/shared/schemas/dashboard';
import { hourKeyOf } from './local-time.js';

/** The dimensions of a rollup cell; null when the item had none (no team, no assignee…). */
export interface TCellDimensions {
  team: string | null;
  topic: string | null;
  channel: string | null;
  region: string | null;
  agent: string | null;
}

/** Counters of one cell: flat names (`ticketsCreated`, histogram buckets such as `frCal:12`). */
export type TCellValues = Record<string, number>;

export interface TCell {
  /** `<UTC hour>|team|topic|channel|region|agent`, `-` for none: the rollup document's `_id`. */
  id: string;
  values: TCellValues;
}

const NONE = '-';

export function cellIdOf(instant: Date | number, dimensions: TCellDimensions): string {
  const parts = [dimensions.team, dimensions.topic, dimensions.channel, dimensions.region, dimensions.agent].map((part) => part ?? NONE);
  return [hourKeyOf(instant), ...parts].join('|');
}

export function parseCellId(id: string): { hourKey: string } & TCellDimensions {
  const [hourKey, team, topic, channel, region, agent] = id.split('|') as [string, string, string, string, string, string];
  const value = (part: string) => (part === NONE ? null : part);
  return { hourKey, team: value(team), topic: value(topic), channel: value(channel), region: value(region), agent: value(agent) };
}

export const dimensionOf = (breakdown: TDashboardBreakdown, dimensions: TCellDimensions) => dimensions[breakdown];

/**
 * Summary cells, one per UTC hour: `T|<hour>` holds every team's counters (`<team>/<counter>`),
 * `A|<hour>` every agent's. The live board and "my day" read today's few summaries by exact `_id`
 * (what FerretDB answers from its index) instead of a range of detailed cells. They sort after the
 * detailed cells (letters after digits), so history ranges never include them.
 */
export const teamSummaryIdOf = (hourKey: string) => `T|${hourKey}`;
export const agentSummaryIdOf = (hourKey: string) => `A|${hourKey}`;

/**
 * Queue waits by the UTC minute they ended in (`W|2026-11-23T09:41`), per team (`<team>/ansWait:<s>`,
 * `<team>/abWait:<s>`): the 30-minute service level the alerts watch reads 30 of them by exact `_id`
 * instead of the call log. Not a detailed cell, so history summaries skip them.
 */
export const waitEndSummaryIdOf = (instant: number) => `W|${new Date(Math.floor(instant / 60_000) * 60_000).toISOString().slice(0, 16)}`;

/** Adds the hour's team and agent summary cells for each detailed cell. */
export function withSummaries(cells: TCell[]): TCell[] {
  const prefixed = (owner: string, values: TCellValues) => Object.fromEntries(Object.entries(values).map(([name, value]) => [`${owner}/${name}`, value]));
  return cells.flatMap((cell) => {
    const { hourKey, team, agent } = parseCellId(cell.id);
    const summaries = [cell, { id: teamSummaryIdOf(hourKey), values: prefixed(team ?? NONE, cell.values) }];
    if (agent) summaries.push({ id: agentSummaryIdOf(hourKey), values: prefixed(agent, cell.values) });
    return summaries;
  });
}

/** The counters of one owner (`team` id, agent id, `-` for none) in a summary cell. */
export function summaryValuesByOwner(values: TCellValues): Map<string | null, TCellValues> {
  const owners = new Map<string | null, TCellValues>();
  for (const [name, value] of Object.entries(values)) {
    const slash = name.indexOf('/');
    if (slash < 0) continue;
    const owner = name.slice(0, slash) === NONE ? null : name.slice(0, slash);
    const ownerValues = owners.get(owner) ?? owners.set(owner, {}).get(owner)!;
    ownerValues[name.slice(slash + 1)] = value;
  }
  return owners;
}

/** Adds `values` times `sign` into `target`, dropping counters that come back to zero. */
export function addValues(target: TCellValues, values: TCellValues, sign = 1): TCellValues {
  // for…in rather than Object.entries: history adds a year of summaries key by key, and the pairs
  // Object.entries allocates were most of its time.
  for (const name in values) {
    const next = (target[name] ?? 0) + sign * values[name]!;
    if (next === 0) delete target[name];
    else target[name] = next;
  }
  return target;
}

/** Cells with the same id merged into one. */
export function mergeCells(cells: TCell[]): TCell[] {
  const byId = new Map<string, TCellValues>();
  for (const cell of cells) addValues(byId.get(cell.id) ?? byId.set(cell.id, {}).get(cell.id)!, cell.values);
  return [...byId].filter(([, values]) => Object.keys(values).length > 0).map(([id, values]) => ({ id, values }));
}

/** What changes in each cell when an item's contribution goes from `before` to `after`. */
export function contributionDelta(before: TCell[], after: TCell[]): Map<string, TCellValues> {
  const delta = new Map<string, TCellValues>();
  const into = (id: string) => delta.get(id) ?? delta.set(id, {}).get(id)!;
  for (const cell of before) addValues(into(cell.id), cell.values, -1);
  for (const cell of after) addValues(into(cell.id), cell.values, 1);
  for (const [id, values] of delta) if (Object.keys(values).length === 0) delta.delete(id);
  return delta;
}
