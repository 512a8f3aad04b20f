import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { DRILL_DOWN_METRICS, drillDownOf, type TDrillDownFilter, type TDrillDownMetric } from '@mowakaba/shared/dashboard/drill-down-of';
import { ZCallList } from '@mowakaba/shared/schemas/calls';
import { ZDashboardHistory, type TDashboardHistory, type TDashboardMetrics } from '@mowakaba/shared/schemas/dashboard';
import { ZTicketList } from '@mowakaba/shared/schemas/tickets';
import {
  DIRECTORY_COLLECTION,
  hasDirectorySnapshot,
  readDirectorySnapshot,
  rebuildDirectorySnapshot,
} from '../../server/src/modules/tickets/ticket-directory-snapshot.js';
import { callRecord, createDashboardTestApp, setUpTwoTeams, objectId, ticketRecord } from '../helpers/dashboard.js';
import { storeCall, storeTicket } from '../helpers/drill-down-records.js';
import { postAssociation } from '../helpers/fixtures.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const { app, feed, ticketDirectory } = createDashboardTestApp();
let supervisor: string;
let teamA: string;
let teamB: string;
const agentX = objectId();
const METRICS = Object.keys(DRILL_DOWN_METRICS) as TDrillDownMetric[];

async function history(query: string): Promise<TDashboardHistory> {
  const response = await app.request(`/api/dashboard/history?${query}`, { headers: { Cookie: supervisor } });
  expect(response.status).toBe(200);
  return ZDashboardHistory.parse(await response.json());
}

/** Every item of the list a drill-down names, page after page, as the console reads it. */
async function countDrillDown(metric: TDrillDownMetric, range: { from: string; to: string }, filter: TDrillDownFilter = {}): Promise<number> {
  const drillDown = drillDownOf(metric, range, filter);
  if (!drillDown) return 0;
  let count = 0;
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ ...drillDown.params, limit: '100', ...(cursor ? { cursor } : {}) });
    const response = await app.request(`/api/${drillDown.list}?${query}`, { headers: { Cookie: supervisor } });
    expect({ metric, status: response.status }).toEqual({ metric, status: 200 });
    const page = (drillDown.list === 'tickets' ? ZTicketList : ZCallList).parse(await response.json());
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

async function expectDrillDownsMatch(figures: TDashboardMetrics, range: { from: string; to: string }, filter: TDrillDownFilter = {}) {
  const counts = Object.fromEntries(await Promise.all(METRICS.map(async (metric) => [metric, await countDrillDown(metric, range, filter)] as const)));
  expect(counts).toEqual(Object.fromEntries(METRICS.map((metric) => [metric, figures[metric]])));
}

beforeAll(async () => {
  const { admin, ...signedIn } = await setUpTwoTeams(app);
  ({ supervisor, teamA, teamB } = signedIn);
  const association = await postAssociation(app, admin, { region: 'souss-massa' });

  // Monday 2 and Tuesday 3 November 2026; Casablanca is UTC+1.
  const solved = (createdAt: string, solvedAt: string, extra = {}) => ticketRecord({ createdAt, updatedAt: solvedAt, status: 'solved', solvedAt, ...extra });
  const tickets = [
    solved('2026-11-02T09:00:00.000Z', '2026-11-02T11:00:00.000Z', { teamId: teamA, assigneeId: agentX, region: 'souss-massa' }),
    ticketRecord({ teamId: teamB, topic: 'funding', channel: 'sms', createdAt: '2026-11-02T14:00:00.000Z', status: 'open' }),
    // Created in October, closed after its solve in November: a solve of the period, not a creation.
    solved('2026-10-30T10:00:00.000Z', '2026-11-03T10:00:00.000Z', { teamId: teamA, status: 'closed' }),
    // Solved then reopened: created in the period, no longer solved.
    ticketRecord({ teamId: teamA, createdAt: '2026-11-02T10:00:00.000Z', updatedAt: '2026-11-02T16:00:00.000Z', status: 'open', solvedAt: '2026-11-02T12:00:00.000Z' }),
    // No team, created just after local midnight (23:30 UTC the day before).
    ticketRecord({ createdAt: '2026-11-01T23:30:00.000Z', status: 'new' }),
    // Before and after the period.
    solved('2026-11-01T22:30:00.000Z', '2026-11-01T22:45:00.000Z', { teamId: teamA }),
    ticketRecord({ teamId: teamA, createdAt: '2026-11-03T23:10:00.000Z', status: 'new' }),
  ];
  const callAt = '2026-11-02T10:15:00.000Z';
  const call = (overrides: Parameters<typeof callRecord>[0]) => callRecord({ queuedAt: callAt, createdAt: callAt, endedAt: callAt, updatedAt: callAt, ...overrides });
  const calls = [
    call({ teamId: teamA, agentId: agentX, result: 'answered', queueWaitSeconds: 5, associationId: association.id }),
    call({ teamId: teamA, agentId: agentX, result: 'answered', queueWaitSeconds: 25 }),
    call({ teamId: teamB, result: 'answered', queueWaitSeconds: 8, topic: 'funding' }),
    // Short for team A (under 5 s), not short for team B (3 s is not under 3 s), short for team B (2 s).
    call({ teamId: teamA, result: 'abandoned', queueWaitSeconds: 3, talkSeconds: null }),
    call({ teamId: teamA, result: 'abandoned', queueWaitSeconds: 30, talkSeconds: null }),
    call({ teamId: teamB, result: 'abandoned', queueWaitSeconds: 3, talkSeconds: null }),
    call({ teamId: teamB, result: 'abandoned', queueWaitSeconds: 2, talkSeconds: null, associationId: association.id }),
    call({ teamId: teamA, result: 'callback-requested', talkSeconds: null }),
    // A voicemail outside opening hours was never queued; a hang-up in the phone menu neither.
    call({ teamId: teamA, queuedAt: null, result: 'voicemail', talkSeconds: null }),
    call({ teamId: null, queuedAt: null, result: 'abandoned', talkSeconds: null }),
    // Started on Sunday before local midnight, queued after it: counted on Monday.
    call({ teamId: teamA, createdAt: '2026-11-01T22:58:00.000Z', queuedAt: '2026-11-01T23:01:00.000Z', result: 'answered', queueWaitSeconds: 12 }),
    // Queued on Tuesday evening, and one after the period.
    call({ teamId: teamB, createdAt: '2026-11-03T18:00:00.000Z', queuedAt: '2026-11-03T18:00:30.000Z', result: 'abandoned', queueWaitSeconds: 1 }),
    call({ teamId: teamB, createdAt: '2026-11-03T23:20:00.000Z', queuedAt: '2026-11-03T23:20:30.000Z', result: 'answered', queueWaitSeconds: 1 }),
    // An outbound callback is not offered.
    call({ teamId: teamA, direction: 'outbound', queuedAt: null, result: 'answered' }),
  ];
  for (const ticket of tickets) feed.take('ticket.updated', { ticket: await storeTicket(ticket), actorId: null });
  for (const record of calls) feed.take('call.updated', { call: await storeCall(record) });
  await feed.settled();
  await ticketDirectory.reloadFromRecords();
});

describe('dashboard drill-downs', () => {
  it('lead from the totals to lists holding exactly as many tickets and calls as each figure', async () => {
    const body = await history('from=2026-11-02&to=2026-11-03&interval=day');
    // Worked out by hand from the records above.
    expect(body.totals).toMatchObject({
      ticketsCreated: 4,
      ticketsSolved: 2,
      callsOffered: 10,
      callsAnswered: 4,
      callsAbandoned: 5,
      shortAbandons: 3,
      voicemails: 1,
      callbacksRequested: 1,
    });
    expect(body).toMatchObject({ startsAt: '2026-11-02T00:00:00.000+01:00', endsAt: '2026-11-04T00:00:00.000+01:00' });
    await expectDrillDownsMatch(body.totals, { from: body.startsAt, to: body.endsAt });
  });

  it('lead from each bucket, by day and by hour, to its own items', async () => {
    const byDay = await history('from=2026-11-02&to=2026-11-03&interval=day');
    expect(byDay.buckets.map((bucket) => [bucket.start, bucket.end])).toEqual([
      ['2026-11-02T00:00:00.000+01:00', '2026-11-03T00:00:00.000+01:00'],
      ['2026-11-03T00:00:00.000+01:00', '2026-11-04T00:00:00.000+01:00'],
    ]);
    expect(byDay.buckets.map((bucket) => [bucket.ticketsSolved, bucket.shortAbandons])).toEqual([
      [1, 2],
      [1, 1],
    ]);
    for (const bucket of byDay.buckets) await expectDrillDownsMatch(bucket, { from: bucket.start, to: bucket.end });
    // A week starts on Monday: its bucket is cut to the range.
    const byWeek = await history('from=2026-11-03&to=2026-11-03&interval=week');
    expect(byWeek.buckets[0]!.start).toBe('2026-11-02T00:00:00.000+01:00');
    await expectDrillDownsMatch(byWeek.buckets[0]!, { from: byWeek.startsAt, to: byWeek.buckets[0]!.end });
    const byHour = await history('from=2026-11-02&to=2026-11-02&interval=hour');
    const busy = byHour.buckets.find((bucket) => bucket.callsOffered > 0 && bucket.start.startsWith('2026-11-02T11'))!;
    expect(busy).toMatchObject({ callsOffered: 8, shortAbandons: 2 });
    await expectDrillDownsMatch(busy, { from: busy.start, to: busy.end });
  });

  it('lead from each breakdown row, those without a team or agent included, to the row’s items', async () => {
    const body = await history('from=2026-11-02&to=2026-11-03&interval=day');
    const range = { from: body.startsAt, to: body.endsAt };
    for (const [dimension, rows] of Object.entries(body.breakdowns)) {
      for (const row of rows) await expectDrillDownsMatch(row, range, { [dimension]: row.key });
    }
    const teamB_ = body.breakdowns.team.find((row) => row.key === teamB)!;
    expect(teamB_).toMatchObject({ callsAbandoned: 3, shortAbandons: 2, ticketsCreated: 1 });
    expect(body.breakdowns.region.find((row) => row.key === 'souss-massa')).toMatchObject({ ticketsCreated: 1, callsOffered: 2 });
  });

  it('under a filtered history lead to the same items as the filtered figures', async () => {
    const body = await history(`from=2026-11-02&to=2026-11-03&interval=day&team=${teamA}`);
    expect(body.totals).toMatchObject({ ticketsCreated: 2, ticketsSolved: 2, callsOffered: 6, shortAbandons: 1 });
    await expectDrillDownsMatch(body.totals, { from: body.startsAt, to: body.endsAt }, { team: teamA });
  });

  it('refuse a call-log figure or range that is not one with 400 in the one error shape', async () => {
    for (const query of ['counted=missed', 'countedFrom=yesterday', 'team=everyone', 'region=atlantis']) {
      const response = await app.request(`/api/calls?${query}`, { headers: { Cookie: supervisor } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
    const response = await app.request('/api/tickets?solvedFrom=last-week', { headers: { Cookie: supervisor } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'validation_failed', details: [expect.objectContaining({ path: 'solvedFrom' })] } });
  });

  it('a ticket directory snapshot from before solve times were kept is built again, not read without them', async () => {
    await rebuildDirectorySnapshot();
    const solvedIn = async () => {
      const snapshot = (await readDirectorySnapshot())!;
      const summaries = [];
      for await (const chunk of snapshot.chunks) summaries.push(...chunk);
      return summaries.filter((summary) => summary.solvedAt !== null).length;
    };
    expect(await solvedIn()).toBe(3);
    // As the previous version wrote it: no format, rows one column shorter.
    await mongoose.connection.collection(DIRECTORY_COLLECTION).updateOne({ _id: 'meta' as never }, { $unset: { format: '' } });
    expect(await readDirectorySnapshot()).toBeNull();
    expect(await hasDirectorySnapshot()).toBe(false);
    await rebuildDirectorySnapshot();
    expect(await solvedIn()).toBe(3);
  });
});
