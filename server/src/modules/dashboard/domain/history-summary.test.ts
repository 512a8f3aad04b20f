import { describe, expect, it } from 'vitest';
import { planSummaryReads } from '../get-dashboard-history.js';
import { summaryDeltasOf, summaryValuesOf } from './history-summary.js';

describe('history summaries', () => {
  it('keep waits per team in the classes of the thresholds admins choose from', () => {
    expect(summaryValuesOf({ callsAnswered: 4, 'ansWait:0': 1, 'ansWait:20': 1, 'ansWait:21': 1, 'ansWait:301': 1 }, 'team-a')).toEqual({
      callsAnswered: 4,
      'ansWait:5~team-a': 1,
      'ansWait:20~team-a': 1,
      'ansWait:25~team-a': 1,
    });
    // Abandons under the limit are short: 0 s is under 2 s, 4 s under 5 s but not under 3 s.
    expect(summaryValuesOf({ 'abWait:0': 1, 'abWait:4': 2, 'abWait:60': 1 }, null)).toEqual({ 'abWait:2~-': 1, 'abWait:5~-': 2 });
  });

  it('put an hour in the local day and month it belongs to, under every single filter', () => {
    // 23:30 UTC on 31 October 2026 is 00:30 on 1 November in Casablanca (UTC+1).
    const deltas = summaryDeltasOf([['2026-10-31T23|team-a|funding|web|-|agent-x', { ticketsCreated: 1, contacts: 1 }]]);
    expect([...deltas.keys()].sort()).toEqual(
      ['*', 'agent=agent-x', 'channel=web', 'region=-', 'team=team-a', 'topic=funding'].flatMap((filter) => [`D|2026-11-01|${filter}`, `M|2026-11|${filter}`]).sort(),
    );
    expect(deltas.get('M|2026-11|*')).toMatchObject({ series: { '01': { ticketsCreated: 1 } }, heat: { '7:0': 1 }, rows: { team: { 'team-a': { ticketsCreated: 1 } } } });
    expect(deltas.get('D|2026-11-01|team=team-a')?.rows.team).toBeUndefined();
  });

  it('read a month mostly in range as the month less its days outside', () => {
    const days = Array.from({ length: 30 }, (_, index) => new Date(Date.UTC(2026, 10, 6 + index)).toISOString().slice(0, 10));
    const plan = planSummaryReads(days, {}).map((part) => `${part.sign > 0 ? '+' : '-'}${part.id}`);
    expect(plan).toEqual([
      '+M|2026-11|*',
      ...['01', '02', '03', '04', '05'].map((day) => `-D|2026-11-${day}|*`),
      ...['01', '02', '03', '04', '05'].map((day) => `+D|2026-12-${day}|*`),
    ]);
  });
});
