import { describe, expect, it } from 'vitest';
import { recentServiceLevels } from './recent-service-level.js';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const TEAM = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const rule = (teamId: string | null) => (teamId === TEAM ? { thresholdSeconds: 10, shortAbandonSeconds: 5 } : { thresholdSeconds: 20, shortAbandonSeconds: 5 });

/** A call that waited `wait` seconds in the queue, its wait ending `minutesAgo` before now. */
function call(result: 'answered' | 'abandoned', wait: number, minutesAgo: number, teamId: string | null = null) {
  const waitEnded = NOW - minutesAgo * 60_000;
  return {
    direction: 'inbound' as const,
    queuedAt: new Date(waitEnded - wait * 1000).toISOString(),
    queueWaitSeconds: wait,
    result,
    endedAt: result === 'abandoned' ? new Date(waitEnded).toISOString() : null,
    teamId,
  };
}

describe('service level of the last 30 minutes', () => {
  it('counts calls whose wait ended in the window, each under its team rule, short abandons left out', () => {
    const levels = recentServiceLevels(
      [
        call('answered', 15, 5), // within 20 s
        call('answered', 25, 10), // not within
        call('abandoned', 3, 12), // short abandon: not counted
        call('abandoned', 40, 20), // counted, not within
        call('answered', 5, 45), // before the window
        call('answered', 15, 2, TEAM), // the team's 10 s: not within
        call('answered', 8, 3, TEAM), // within
      ],
      NOW,
      30 * 60_000,
      rule,
    );
    // Center: within = 15 s, 8 s (team) → 2 of 5 counted.
    expect(levels.center).toBe(40);
    expect(levels.ofTeam(TEAM)).toBe(50);
    expect(levels.ofTeam('bbbbbbbbbbbbbbbbbbbbbbbb')).toBeNull();
  });

  it('is null with no call in the window', () => {
    expect(recentServiceLevels([call('answered', 5, 31)], NOW, 30 * 60_000, rule).center).toBeNull();
  });
});
