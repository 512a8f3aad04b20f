import { describe, expect, it } from 'vitest';
import { crossedThresholds } from './alert-crossings.js';

const calm = { longestWaitSeconds: 0, serviceLevel30m: 95, slaBreached: 0, callbacksPending: 0 };

describe('crossed alert thresholds', () => {
  it('crosses a count when it reaches its threshold and the service level when it falls below', () => {
    const crossings = crossedThresholds([
      { teamId: null, teamName: null, thresholds: { longestWaitSeconds: 120, serviceLevel30m: 80, slaBreached: 3, callbacksPending: 5 }, figures: { longestWaitSeconds: 120, serviceLevel30m: 80, slaBreached: 2, callbacksPending: 6 } },
    ]);
    expect(crossings.map((crossing) => [crossing.metric, crossing.value])).toEqual([
      ['longestWaitSeconds', 120],
      ['callbacksPending', 6],
    ]);
    expect(crossedThresholds([{ teamId: null, teamName: null, thresholds: { serviceLevel30m: 80 }, figures: { ...calm, serviceLevel30m: 79.9 } }])[0]).toMatchObject({ key: 'center:serviceLevel30m', threshold: 80, value: 79.9 });
  });

  it('keys a team alert by its team, and crosses nothing unwatched or unmeasured', () => {
    const team = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    expect(crossedThresholds([{ teamId: team, teamName: 'Accueil', thresholds: { slaBreached: 1 }, figures: { ...calm, slaBreached: 4 } }])).toEqual([
      { key: `team:${team}:slaBreached`, teamId: team, teamName: 'Accueil', metric: 'slaBreached', threshold: 1, value: 4 },
    ]);
    expect(crossedThresholds([{ teamId: null, teamName: null, thresholds: {}, figures: { ...calm, longestWaitSeconds: 9999 } }])).toEqual([]);
    // No call in the last 30 minutes: no service level, no alert.
    expect(crossedThresholds([{ teamId: null, teamName: null, thresholds: { serviceLevel30m: 80 }, figures: { ...calm, serviceLevel30m: null } }])).toEqual([]);
  });
});
