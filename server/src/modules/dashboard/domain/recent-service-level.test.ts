import { describe, expect, it } from 'vitest';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { describeCall } from './describe-contributions.js';
import { recentServiceLevels } from './recent-service-level.js';
import { addValues, summaryValuesByOwner, type TCellValues } from './rollup-cell.js';

const NOW = Date.parse('2026-11-23T10:00:30Z');
const TEAM = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const rule = (teamId: string | null) => (teamId === TEAM ? { thresholdSeconds: 10, shortAbandonSeconds: 5 } : { thresholdSeconds: 20, shortAbandonSeconds: 5 });

/** A call that waited `wait` seconds in the queue, its wait ending `minutesAgo` before now. */
function call(result: 'answered' | 'abandoned', wait: number, minutesAgo: number, teamId: string | null = null) {
  const waitEnded = NOW - minutesAgo * 60_000;
  const at = (instant: number) => new Date(instant).toISOString();
  return describeCall(
    {
      callSid: `CA${Math.random().toString(16).slice(2)}`,
      direction: 'inbound',
      queuedAt: at(waitEnded - wait * 1000),
      queueWaitSeconds: wait,
      result,
      endedAt: result === 'abandoned' ? at(waitEnded) : at(waitEnded + 120_000),
      teamId,
      createdAt: at(waitEnded - wait * 1000 - 30_000),
      updatedAt: at(waitEnded),
      history: [],
    } as Partial<TCall> as TCall,
    null,
  );
}

/** The per-team waits of the minute cells of the current minute and the 29 before, as the alert reads them. */
function windowOf(contributions: ReturnType<typeof call>[]) {
  const ids = new Set(Array.from({ length: 30 }, (_, index) => `W|${new Date(Math.floor(NOW / 60_000) * 60_000 - index * 60_000).toISOString().slice(0, 16)}`));
  const byTeam = new Map<string | null, TCellValues>();
  for (const cell of contributions.flatMap((contribution) => contribution.cells).filter((cell) => ids.has(cell.id))) {
    for (const [team, values] of summaryValuesByOwner(cell.values)) addValues(byTeam.get(team) ?? byTeam.set(team, {}).get(team)!, values);
  }
  return byTeam;
}

describe('service level of the last 30 minutes', () => {
  it('counts calls whose wait ended in the window, each under its team rule, short abandons left out', () => {
    const levels = recentServiceLevels(
      windowOf([
        call('answered', 15, 5), // within 20 s
        call('answered', 25, 10), // not within
        call('abandoned', 3, 12), // short abandon: not counted
        call('abandoned', 40, 20), // counted, not within
        call('answered', 5, 45), // before the window
        call('answered', 15, 2, TEAM), // the team's 10 s: not within
        call('answered', 8, 3, TEAM), // within
      ]),
      rule,
    );
    // Center: within = 15 s, 8 s (team) → 2 of 5 counted.
    expect(levels.center).toBe(40);
    expect(levels.ofTeam(TEAM)).toBe(50);
    expect(levels.ofTeam('bbbbbbbbbbbbbbbbbbbbbbbb')).toBeNull();
  });

  it('keeps a wait in the minute it ended: 29 minutes ago is in, 30 minutes ago is out', () => {
    expect(recentServiceLevels(windowOf([call('answered', 5, 29)]), rule).center).toBe(100);
    expect(recentServiceLevels(windowOf([call('answered', 5, 30.6)]), rule).center).toBeNull();
  });
});
