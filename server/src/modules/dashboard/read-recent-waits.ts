import { readRollupCellsById } from './dashboard.store.js';
import { addValues, summaryValuesByOwner, waitEndSummaryIdOf, type TCellValues } from './domain/rollup-cell.js';

/**
 * Queue waits per team (null: no team) that ended in the current UTC minute and the `minutes - 1`
 * before it, from the rollups' minute cells: `minutes` reads by exact `_id`, whatever the size of the
 * call log.
 */
export async function readRecentWaitsByTeam(now: Date, minutes: number): Promise<Map<string | null, TCellValues>> {
  const ids = Array.from({ length: minutes }, (_, index) => waitEndSummaryIdOf(now.getTime() - index * 60_000));
  const byTeam = new Map<string | null, TCellValues>();
  for (const cell of await readRollupCellsById(ids)) {
    for (const [team, values] of summaryValuesByOwner(cell.values)) addValues(byTeam.get(team) ?? byTeam.set(team, {}).get(team)!, values);
  }
  return byTeam;
}
