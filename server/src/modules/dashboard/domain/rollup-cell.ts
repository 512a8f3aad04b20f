import type { TDashboardBreakdown } from '../../../../../shared/src/schemas/dashboard.js';
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

/** Adds `values` times `sign` into `target`, dropping counters that come back to zero. */
export function addValues(target: TCellValues, values: TCellValues, sign = 1): TCellValues {
  for (const [name, value] of Object.entries(values)) {
    const next = (target[name] ?? 0) + sign * value;
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
