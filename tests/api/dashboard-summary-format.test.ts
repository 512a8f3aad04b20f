import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZDashboardHistory, type TDashboardHistory } from '@mowakaba/shared/schemas/dashboard';
import { DashboardSummaryModel } from '../../server/src/modules/dashboard/dashboard-rollup.model.js';
import { SUMMARY_FORMAT, summaryOf, type TPackedSummary } from '../../server/src/modules/dashboard/domain/packed-summary.js';
import { callRecord, createDashboardTestApp, objectId, setUpTwoTeams, ticketRecord } from '../helpers/dashboard.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const { app, feed } = createDashboardTestApp();
let supervisor: string;
let teamA: string;
let teamB: string;

async function history(query: string): Promise<TDashboardHistory> {
  const response = await app.request(`/api/dashboard/history?${query}`, { headers: { Cookie: supervisor } });
  expect(response.status).toBe(200);
  return ZDashboardHistory.parse(await response.json());
}

const storedForms = async () => {
  const documents = await DashboardSummaryModel.collection.find({}).toArray();
  return new Map(documents.map((document) => [String(document._id), JSON.parse(inflateRawSync(document.data.buffer).toString()) as Record<string, unknown>]));
};

/** Rewrites every stored summary as the first format stored it: the named counters, deflated JSON. */
async function storeAsFirstFormat(): Promise<void> {
  for (const [id, stored] of await storedForms()) {
    const named = summaryOf(stored as unknown as TPackedSummary);
    await DashboardSummaryModel.collection.replaceOne({ _id: id as never }, { data: deflateRawSync(JSON.stringify(named)) });
  }
}

const RANGES = ['from=2026-10-01&to=2026-11-30&interval=day', 'from=2026-10-20&to=2026-11-10&interval=week', 'from=2026-11-02&to=2026-11-03&interval=hour', `from=2026-10-01&to=2026-11-30&interval=month`];

beforeAll(async () => {
  ({ supervisor, teamA, teamB } = await setUpTwoTeams(app));
  const agent = objectId();
  const tickets = [
    ticketRecord({ teamId: teamA, assigneeId: agent, createdAt: '2026-10-14T09:00:00.000Z', status: 'solved', solvedAt: '2026-11-02T11:00:00.000Z', version: 2 }),
    ticketRecord({ teamId: teamB, topic: 'funding', region: 'souss-massa', createdAt: '2026-11-02T14:00:00.000Z', version: 1 }),
  ];
  const calls = [
    callRecord({ teamId: teamA, agentId: agent, queuedAt: '2026-11-02T10:15:00.000Z', createdAt: '2026-11-02T10:15:00.000Z', endedAt: '2026-11-02T10:20:00.000Z', result: 'answered', queueWaitSeconds: 12, talkSeconds: 300 }),
    callRecord({ teamId: teamB, queuedAt: '2026-10-28T16:00:00.000Z', createdAt: '2026-10-28T16:00:00.000Z', result: 'abandoned', queueWaitSeconds: 30, talkSeconds: null }),
  ];
  for (const ticket of tickets) feed.take('ticket.updated', { ticket, actorId: null });
  for (const call of calls) feed.take('call.updated', { call });
  await feed.settled();
});

describe('history summaries stored in the first format (named counters)', () => {
  it('answer every range exactly as the packed format does', async () => {
    const packedAnswers = await Promise.all(RANGES.map(history));
    expect(packedAnswers[0]!.totals).toMatchObject({ ticketsCreated: 2, ticketsSolved: 1, callsAnswered: 1, callsAbandoned: 1, serviceLevel: 50 });
    await storeAsFirstFormat();
    expect(await Promise.all(RANGES.map(history))).toEqual(packedAnswers);
  });

  it('are stored packed again when a new record changes them, and count it', async () => {
    await storeAsFirstFormat();
    const before = await history(RANGES[0]!);
    feed.take('ticket.updated', { ticket: ticketRecord({ teamId: teamA, createdAt: '2026-11-02T15:00:00.000Z', version: 1 }), actorId: null });
    await feed.settled();
    const after = await history(RANGES[0]!);
    expect(after.totals.ticketsCreated).toBe(before.totals.ticketsCreated + 1);
    expect(after.breakdowns.team.find((row) => row.key === teamA)!.ticketsCreated).toBe(before.breakdowns.team.find((row) => row.key === teamA)!.ticketsCreated + 1);
    const forms = await storedForms();
    expect(forms.get('M|2026-11|*')!.format).toBe(SUMMARY_FORMAT);
    expect(forms.get(`D|2026-11-02|team=${teamA}`)!.format).toBe(SUMMARY_FORMAT);
    // October was not touched: still the first format, still read.
    expect(forms.get('M|2026-10|*')!.format).toBeUndefined();
  });
});
