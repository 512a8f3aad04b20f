import { DateTime } from 'luxon';
import { TIME_ZONE } from '@mowakaba/shared/constants';
import { readRollupCellsById } from './dashboard.store.js';
import { hourKeyOf } from './domain/local-time.js';
import { addValues, agentSummaryIdOf, summaryValuesByOwner, teamSummaryIdOf, type TCellValues } from './domain/rollup-cell.js';

/**
 * Today's counters (local midnight to now) per team, or per agent, from the hour summaries: at most
 * 25 reads by exact `_id`, whatever the size of the history.
 */
export async function readTodayByOwner(now: Date, owner: 'team' | 'agent'): Promise<Map<string | null, TCellValues>> {
  const midnight = DateTime.fromJSDate(now, { zone: TIME_ZONE }).startOf('day').toMillis();
  const ids: string[] = [];
  for (let hour = midnight; hour <= now.getTime(); hour += 3_600_000) ids.push((owner === 'team' ? teamSummaryIdOf : agentSummaryIdOf)(hourKeyOf(hour)));
  const totals = new Map<string | null, TCellValues>();
  for (const cell of await readRollupCellsById(ids)) {
    for (const [key, values] of summaryValuesByOwner(cell.values)) addValues(totals.get(key) ?? totals.set(key, {}).get(key)!, values);
  }
  return totals;
}
