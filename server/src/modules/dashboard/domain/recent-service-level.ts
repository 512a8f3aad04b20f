import type { TCall } from '../../../../../shared/src/schemas/calls.js';
import type { TServiceLevelRule } from './compute-metrics.js';

type TRecentCall = Pick<TCall, 'direction' | 'queuedAt' | 'result' | 'queueWaitSeconds' | 'endedAt' | 'teamId'>;

interface TCounts {
  withinThreshold: number;
  counted: number;
}

/**
 * Service level (percent, one decimal) of the calls whose wait in the queue ended — answered or
 * abandoned — within `windowMs` before `now`, for the center and per team, each call under its
 * team's rule (the dashboard's definition: answered within T / (answered + abandoned − short abandons)).
 * Null where no call counts.
 */
export function recentServiceLevels(calls: TRecentCall[], now: number, windowMs: number, ruleOfTeam: (teamId: string | null) => TServiceLevelRule) {
  const center: TCounts = { withinThreshold: 0, counted: 0 };
  const teams = new Map<string, TCounts>();
  for (const call of calls) {
    if (call.direction !== 'inbound' || call.queuedAt === null || (call.result !== 'answered' && call.result !== 'abandoned')) continue;
    const wait = call.queueWaitSeconds ?? 0;
    const waitEndedAt = call.result === 'abandoned' && call.endedAt ? Date.parse(call.endedAt) : Date.parse(call.queuedAt) + wait * 1000;
    if (waitEndedAt > now || waitEndedAt <= now - windowMs) continue;
    const rule = ruleOfTeam(call.teamId);
    if (call.result === 'abandoned' && wait < rule.shortAbandonSeconds) continue;
    const within = call.result === 'answered' && wait <= rule.thresholdSeconds ? 1 : 0;
    for (const counts of call.teamId === null ? [center] : [center, teams.get(call.teamId) ?? teams.set(call.teamId, { withinThreshold: 0, counted: 0 }).get(call.teamId)!]) {
      counts.withinThreshold += within;
      counts.counted += 1;
    }
  }
  const percent = (counts: TCounts | undefined) => (counts && counts.counted > 0 ? Math.round((counts.withinThreshold / counts.counted) * 1000) / 10 : null);
  return { center: percent(center), ofTeam: (teamId: string) => percent(teams.get(teamId)) };
}
