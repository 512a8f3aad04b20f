import { describe, expect, it } from 'vitest';
import { laterReads, planSummaryReads } from '../get-dashboard-history.js';
import { summariesOfSortedCells, summaryDeltasOf, summaryValuesOf } from './history-summary.js';
import { cellIdOf, type TCell } from './rollup-cell.js';

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
    const plan = planSummaryReads(days, {}, '2026-12-31').map((part) => `${part.sign > 0 ? '+' : '-'}${part.id}`);
    expect(plan).toEqual([
      '+M|2026-11|*',
      ...['01', '02', '03', '04', '05'].map((day) => `-D|2026-11-${day}|*`),
      ...['01', '02', '03', '04', '05'].map((day) => `+D|2026-12-${day}|*`),
    ]);
  });

  it('read the current month whole up to today, and take away a later day only when the month holds something on it', () => {
    const days = Array.from({ length: 30 }, (_, index) => new Date(Date.UTC(2026, 10, 8 + index)).toISOString().slice(0, 10));
    expect(days.at(-1)).toBe('2026-12-07');
    const parts = planSummaryReads(days, { team: 'team-a' }, '2026-12-07');
    expect(parts.map((part) => `${part.sign > 0 ? '+' : '-'}${part.id}`)).toEqual([
      '+M|2026-11|team=team-a',
      ...['01', '02', '03', '04', '05', '06', '07'].map((day) => `-D|2026-11-${day}|team=team-a`),
      '+M|2026-12|team=team-a',
    ]);
    const read = (seriesDays: string[]) => parts.map((part) => ({ series: Object.fromEntries((part.id.startsWith('M|2026-12') ? seriesDays : ['01']).map((day) => [day, [1]])) }));
    expect(laterReads(parts, read(['01', '07']), { team: 'team-a' })).toEqual([]);
    expect(laterReads(parts, read(['07', '09', '31']), { team: 'team-a' }).map((part) => `${part.sign > 0 ? '+' : '-'}${part.id}`)).toEqual(['-D|2026-12-09|team=team-a', '-D|2026-12-31|team=team-a']);
    // Seen from a later day, the same range reads the days of December, as before.
    expect(planSummaryReads(days, {}, '2026-12-20').slice(-7).map((part) => part.id)).toEqual(['01', '02', '03', '04', '05', '06', '07'].map((day) => `D|2026-12-${day}|*`));
  });

  it('come day by day from cells in hour order, the same as summed at once, across months and Casablanca clock changes', () => {
    // Two months around the 2026 Ramadan change (UTC+1 → UTC+0 on 15 February, back on 22 March).
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const start = Date.parse('2026-02-01T00:00:00Z');
    const cells: TCell[] = Array.from({ length: 600 }, () => ({
      id: cellIdOf(start + Math.floor(random() * 70 * 24) * 3_600_000, { team: random() < 0.5 ? 'team-a' : null, topic: 'funding', channel: 'web', region: null, agent: random() < 0.3 ? 'agent-x' : null }),
      values: { ticketsCreated: 1, contacts: 1, 'ansWait:12': random() < 0.5 ? 1 : 0 },
    }));
    const byId = new Map<string, TCell>();
    for (const cell of cells) byId.set(cell.id, cell);
    const sorted = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));

    let read = 0;
    let readAtFirstDay: number | undefined;
    const given: Array<[string, unknown]> = [];
    const counted = (function* () {
      for (const cell of sorted) {
        read += 1;
        yield cell;
      }
    })();
    for (const [id, summary] of summariesOfSortedCells(counted)) {
      if (id.startsWith('D|')) readAtFirstDay ??= read;
      given.push([id, summary]);
    }
    expect(new Set(given.map(([id]) => id)).size).toBe(given.length);
    expect(new Map(given)).toEqual(summaryDeltasOf(sorted.map((cell) => [cell.id, cell.values])));
    // The first day came out before the cells of the following weeks were read.
    expect(readAtFirstDay).toBeLessThan(sorted.length / 10);
  });
});
