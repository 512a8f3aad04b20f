import { beforeAll, describe, expect, it } from 'vitest';
import { COUNT_METRICS, DASHBOARD_BREAKDOWNS, ZDashboardHistory, type TDashboardHistory } from '@mowakaba/shared/schemas/dashboard';
import { callRecord, createDashboardTestApp, setUpTwoTeams, messageRecord, objectId, ticketRecord } from '../helpers/dashboard.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const { app, feed } = createDashboardTestApp();
let supervisor: string;
let teamA: string;
let teamB: string;
const agentX = objectId();

async function history(query: string): Promise<TDashboardHistory> {
  const response = await app.request(`/api/dashboard/history?${query}`, { headers: { Cookie: supervisor } });
  expect(response.status).toBe(200);
  return ZDashboardHistory.parse(await response.json());
}

/** Within the histogram bucket [low, high) holding the exact value. */
const inBucket = (value: number | null, low: number, high: number) => value !== null && value >= low && value < high;

beforeAll(async () => {
  ({ supervisor, teamA, teamB } = await setUpTwoTeams(app));

  // Monday 2 November 2026; Casablanca is UTC+1.
  const t1 = ticketRecord({
    teamId: teamA,
    assigneeId: agentX,
    region: 'souss-massa',
    createdAt: '2026-11-02T09:00:00.000Z',
    status: 'solved',
    solvedAt: '2026-11-02T11:00:00.000Z',
    sla: { firstResponseDueAt: '2026-11-02T13:00:00.000Z', resolutionDueAt: '2026-11-02T10:00:00.000Z', firstRespondedAt: '2026-11-02T09:30:00.000Z', paused: false, firstResponseBreached: false, resolutionBreached: true },
    satisfaction: { rating: 5, answeredAt: '2026-11-02T12:00:00.000Z' },
    version: 5,
  });
  const t2 = ticketRecord({
    teamId: teamB,
    topic: 'funding',
    channel: 'sms',
    createdAt: '2026-11-02T14:00:00.000Z',
    status: 'open',
    sla: { firstResponseDueAt: '2026-11-03T12:00:00.000Z', resolutionDueAt: null, firstRespondedAt: '2026-11-03T08:00:00.000Z', paused: false, firstResponseBreached: false, resolutionBreached: false },
    satisfaction: null,
    version: 3,
  });
  // Created in October, solved in November: counted in November.
  const t3 = ticketRecord({ teamId: teamA, createdAt: '2026-10-30T10:00:00.000Z', status: 'closed', solvedAt: '2026-11-03T10:00:00.000Z', satisfaction: { rating: 2, answeredAt: '2026-11-03T11:00:00.000Z' }, version: 9 });
  const callAt = '2026-11-02T10:15:00.000Z';
  const answered = (wait: number, talk: number, teamId: string, extra = {}) =>
    callRecord({ teamId, agentId: agentX, queuedAt: callAt, createdAt: callAt, endedAt: callAt, result: 'answered', queueWaitSeconds: wait, talkSeconds: talk, ...extra });
  const abandoned = (wait: number, teamId: string) => callRecord({ teamId, queuedAt: callAt, createdAt: callAt, result: 'abandoned', queueWaitSeconds: wait, talkSeconds: null });
  const held = {
    history: [
      { kind: 'control', status: 'hold', at: '2026-11-02T10:20:00.000Z' },
      { kind: 'control', status: 'resume', at: '2026-11-02T10:21:00.000Z' },
    ],
  };
  const calls = [
    answered(5, 100, teamA, held),
    answered(15, 200, teamA),
    answered(25, 300, teamA),
    answered(40, 400, teamA),
    abandoned(3, teamA),
    abandoned(30, teamA),
    callRecord({ teamId: teamA, queuedAt: callAt, createdAt: callAt, result: 'callback-requested', talkSeconds: null }),
    // A voicemail left outside opening hours was never offered to a queue; a hang-up in the menu neither.
    callRecord({ teamId: teamA, queuedAt: null, createdAt: callAt, result: 'voicemail', talkSeconds: null }),
    callRecord({ teamId: null, queuedAt: null, createdAt: callAt, result: 'abandoned', talkSeconds: null }),
    answered(8, 60, teamB),
    answered(12, 60, teamB),
    abandoned(3, teamB),
  ];
  const messages = [
    messageRecord({ createdAt: '2026-11-02T15:00:00.000Z' }),
    messageRecord({ createdAt: '2026-11-02T15:05:00.000Z', channel: 'whatsapp' }),
    messageRecord({ createdAt: '2026-11-02T15:10:00.000Z', direction: 'outbound', status: 'delivered' }),
    messageRecord({ createdAt: '2026-11-02T15:11:00.000Z', direction: 'outbound', status: 'blocked' }),
  ];
  for (const ticket of [t1, t2, t3]) feed.take('ticket.updated', { ticket, actorId: null });
  for (const call of calls) feed.take('call.updated', { call });
  for (const message of messages) feed.take('message.received', { message });
  await feed.settled();
});

describe('dashboard history', () => {
  it('gives the figures worked out by hand for two days', async () => {
    const body = await history('from=2026-11-02&to=2026-11-03&interval=day');
    expect(body).toMatchObject({ timezone: 'Africa/Casablanca', from: '2026-11-02', to: '2026-11-03', interval: 'day' });
    expect(body.buckets.map((bucket) => bucket.start)).toEqual(['2026-11-02T00:00:00.000+01:00', '2026-11-03T00:00:00.000+01:00']);
    const { totals } = body;
    expect(totals).toMatchObject({
      ticketsCreated: 2,
      ticketsSolved: 2,
      firstResponses: 2,
      // t1 was answered in time; t2 too. t1 was solved after its due time, t3 without one.
      firstResponseSlaMetPercent: 100,
      resolutionSlaMetPercent: 50,
      callsOffered: 10,
      callsAnswered: 6,
      callsAbandoned: 3,
      // Team A: 3 s under its 5 s limit; team B: 3 s is not under its 3 s limit.
      shortAbandons: 1,
      voicemails: 1,
      callbacksRequested: 1,
      callsHandled: 6,
      // Within threshold: team A 5 and 15 (≤ 20 s), team B 8 (≤ 10 s) = 3, over 6 + 3 − 1.
      serviceLevel: 37.5,
      // (5 + 15 + 25 + 40 + 8 + 12) / 6 = 17.5
      asaSeconds: 17.5,
      // (100 + 60 s on hold + 200 + 300 + 400 + 60 + 60) / 6 = 196.7
      ahtSeconds: 196.7,
      abandonRate: 30,
      messagesIn: 2,
      messagesOut: 1,
      // One 5 (good), one 2 (bad).
      csat: 50,
      csatAnswers: 2,
      // 10 calls offered, 2 messages in, 1 web ticket.
      contacts: 13,
    });
    // Exact: calendar 30 and 1080 min, business 30 and 180 min (Monday 15:00–18:00): nearest rank.
    expect(inBucket(totals.firstResponseMedianMinutes, 30, 40)).toBe(true);
    expect(inBucket(totals.firstResponseP90Minutes, 1080, 1440)).toBe(true);
    expect(inBucket(totals.firstResponseBusinessMedianMinutes, 30, 40)).toBe(true);
    expect(inBucket(totals.firstResponseBusinessP90Minutes, 180, 240)).toBe(true);
    // Resolutions: t1 after 120 min, t3 after 4 days (6960 min).
    expect(inBucket(totals.resolutionMedianMinutes, 120, 150)).toBe(true);
    expect(inBucket(totals.resolutionP90Minutes, 5760, 7200)).toBe(true);
  });

  it('applies each team its own service level, and filters by team', async () => {
    const a = await history(`from=2026-11-02&to=2026-11-02&team=${teamA}`);
    // 2 of 4 answered within 20 s; 4 + 2 − 1 short abandon.
    expect(a.totals).toMatchObject({ callsOffered: 7, callsAnswered: 4, callsAbandoned: 2, shortAbandons: 1, serviceLevel: 40, asaSeconds: 21.3, ahtSeconds: 265, abandonRate: 28.6 });
    const b = await history(`from=2026-11-02&to=2026-11-02&team=${teamB}`);
    expect(b.totals).toMatchObject({ callsOffered: 3, callsAnswered: 2, callsAbandoned: 1, shortAbandons: 0, serviceLevel: 33.3, asaSeconds: 10 });
    // Agent X answered team A's four calls (5 and 15 s within A's 20 s) and team B's two (8 s within B's 10 s, 12 s not).
    const x = await history(`from=2026-11-02&to=2026-11-02&agent=${agentX}`);
    expect(x.totals).toMatchObject({ callsAnswered: 6, callsAbandoned: 0, serviceLevel: 50 });
    expect(x.breakdowns.agent.map((row) => row.key)).toEqual([agentX]);
  });

  it('refuses a service-level threshold admins cannot choose, and two filters at once', async () => {
    const admin = (await createSignedInUser(app, 'admin')).cookie;
    const odd = await app.request('/api/dashboard/settings', jsonRequest('PUT', { serviceLevel: { thresholdSeconds: 17, shortAbandonSeconds: 5 }, teams: {}, slaAtRiskMinutes: 30 }, admin));
    expect(odd.status).toBe(400);
    expect((await json(odd)).error.details?.[0]?.path).toBe('serviceLevel.thresholdSeconds');
    const two = await app.request(`/api/dashboard/history?from=2026-11-02&to=2026-11-02&team=${teamA}&topic=funding`, { headers: { Cookie: supervisor } });
    expect(two.status).toBe(400);
    expect((await json(two)).error.code).toBe('bad_request');
  });

  it('has totals equal to the sum of the buckets and of every breakdown', async () => {
    for (const interval of ['hour', 'day', 'week', 'month']) {
      const body = await history(`from=2026-10-26&to=2026-11-08&interval=${interval}`);
      for (const metric of COUNT_METRICS) {
        const total = body.totals[metric];
        expect(body.buckets.reduce((sum, bucket) => sum + bucket[metric], 0), `${interval} ${metric}`).toBe(total);
        for (const breakdown of DASHBOARD_BREAKDOWNS) {
          expect(body.breakdowns[breakdown].reduce((sum, row) => sum + row[metric], 0), `${breakdown} ${metric}`).toBe(total);
        }
      }
      expect(body.heatmap.reduce((sum, slot) => sum + slot.contacts, 0)).toBe(body.totals.contacts);
    }
  });

  it('breaks down by team, agent, region and channel with labels', async () => {
    const body = await history('from=2026-11-02&to=2026-11-03&lang=ar');
    expect(body.breakdowns.team.map((row) => [row.label, row.callsOffered])).toEqual([
      ['فريق a', 7],
      ['فريق b', 3],
      ['—', 0],
    ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
    expect(body.breakdowns.agent.find((row) => row.key === agentX)).toMatchObject({ callsHandled: 6, ticketsSolved: 1 });
    expect(body.breakdowns.region.find((row) => row.key === 'souss-massa')).toMatchObject({ label: 'سوس ماسة', ticketsCreated: 1 });
    expect(body.breakdowns.channel.find((row) => row.key === 'whatsapp')).toMatchObject({ messagesIn: 1 });
    // Monday (1) 11:00 local: the ten calls offered at 10:15 UTC.
    expect(body.heatmap.find((slot) => slot.weekday === 1 && slot.hour === 11)?.contacts).toBe(10);
  });

  it('counts a ticket once whatever order and how often its versions arrive', async () => {
    const id = objectId();
    const created = ticketRecord({ id, teamId: teamA, createdAt: '2026-11-05T09:00:00.000Z', version: 1 });
    const solved = { ...created, status: 'solved' as const, solvedAt: '2026-11-05T10:00:00.000Z', version: 4 };
    for (const ticket of [solved, created, solved, created]) feed.take('ticket.updated', { ticket, actorId: null });
    await feed.settled();
    const body = await history('from=2026-11-05&to=2026-11-05');
    expect(body.totals).toMatchObject({ ticketsCreated: 1, ticketsSolved: 1 });
  });

  it('streams CSV with a byte-order mark, per bucket and per breakdown', async () => {
    const response = await app.request('/api/dashboard/history.csv?from=2026-11-02&to=2026-11-03&breakdown=team&lang=ar', { headers: { Cookie: supervisor } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('team,label,ticketsCreated,ticketsSolved')).toBe(true);
    expect(lines.some((line) => line.startsWith(`${teamA},فريق a,`))).toBe(true);
    expect(lines.at(-1)!.startsWith('total,,2,2,')).toBe(true);

    const byDay = await app.request('/api/dashboard/history.csv?from=2026-11-02&to=2026-11-03', { headers: { Cookie: supervisor } });
    const text = (await byDay.text()).replace(/^\uFEFF/, '');
    expect(text.split('\r\n').slice(1, 3).map((line) => line.split(',')[0])).toEqual(['2026-11-02T00:00:00.000+01:00', '2026-11-03T00:00:00.000+01:00']);
  });

  it('refuses a range that ends before it starts, and hours over two months', async () => {
    const backwards = await app.request('/api/dashboard/history?from=2026-11-03&to=2026-11-02', { headers: { Cookie: supervisor } });
    expect(backwards.status).toBe(400);
    expect((await json(backwards)).error.code).toBe('bad_request');
    const tooMany = await app.request('/api/dashboard/history?from=2026-01-01&to=2026-12-31&interval=hour', { headers: { Cookie: supervisor } });
    expect(tooMany.status).toBe(400);
    const invalid = await app.request('/api/dashboard/history?from=2026-13-01&to=2026-12-31', { headers: { Cookie: supervisor } });
    expect((await json(invalid)).error.code).toBe('validation_failed');
  });
});

