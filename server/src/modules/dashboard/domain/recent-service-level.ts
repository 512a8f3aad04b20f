import type { TServiceLevelRule } from './compute-metrics.js';
import type { TCellValues } from './rollup-cell.js';

interface TCounts {
  withinThreshold: number;
  counted: number;
}

/** Counted and answered-within-threshold waits of one team's counters (`ansWait:<s>`, `abWait:<s>`), under its rule. */
function countsOf(values: TCellValues, rule: TServiceLevelRule): TCounts {
  const counts: TCounts = { withinThreshold: 0, counted: 0 };
  for (const [name, count] of Object.entries(values)) {
    const [kind, seconds] = name.split(':') as [string, string];
    if (kind === 'ansWait') {
      counts.counted += count;
      if (Number(seconds) <= rule.thresholdSeconds) counts.withinThreshold += count;
    } else if (kind === 'abWait' && Number(seconds) >= rule.shortAbandonSeconds) counts.counted += count;
  }
  return counts;
}

/**
 * Service level (percent, one decimal) of the calls whose wait in the queue ended in a window — the
 * per-team waits of its minute cells, summed — for the center and per team, each team's waits under
 * its own rule (the dashboard's definition: answered within T / (answered + abandoned − short
 * abandons)). Null where no call counts.
 */
export function recentServiceLevels(waitsByTeam: Map<string | null, TCellValues>, ruleOfTeam: (teamId: string | null) => TServiceLevelRule) {
  const center: TCounts = { withinThreshold: 0, counted: 0 };
  const teams = new Map<string, TCounts>();
  for (const [teamId, values] of waitsByTeam) {
    const counts = countsOf(values, ruleOfTeam(teamId));
    center.withinThreshold += counts.withinThreshold;
    center.counted += counts.counted;
    if (teamId !== null) teams.set(teamId, counts);
  }
  const percent = (counts: TCounts | undefined) => (counts && counts.counted > 0 ? Math.round((counts.withinThreshold / counts.counted) * 1000) / 10 : null);
  return { center: percent(center), ofTeam: (teamId: string) => percent(teams.get(teamId)) };
}
