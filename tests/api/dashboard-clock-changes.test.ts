import { describe, expect, it } from 'vitest';
import { ZDashboardHistory } from '@mowakaba/shared/schemas/dashboard';
import { createDashboardTestApp, objectId, ticketRecord } from '../helpers/dashboard.js';
import { createSignedInUser } from '../helpers/factories.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const { app, feed } = createDashboardTestApp();

async function history(cookie: string, query: string) {
  const response = await app.request(`/api/dashboard/history?${query}`, { headers: { Cookie: cookie } });
  expect(response.status).toBe(200);
  return ZDashboardHistory.parse(await response.json());
}

/** Tickets of a team of their own, so each test reads only its own. */
async function createTicketsAt(instants: string[]): Promise<string> {
  const teamId = objectId();
  for (const createdAt of instants) feed.take('ticket.created', { ticket: ticketRecord({ createdAt, teamId }), actorId: null });
  await feed.settled();
  return teamId;
}

// Morocco leaves UTC+1 for UTC+0 during Ramadan: the clock goes back from 03:00 to 02:00 on
// 15 February 2026 and 7 February 2027, and forward from 02:00 to 03:00 on 22 March 2026 and 14 March 2027.
describe.each([
  { year: 2026, back: '2026-02-15', forward: '2026-03-22' },
  { year: 2027, back: '2027-02-07', forward: '2027-03-14' },
])('Casablanca buckets across the Ramadan clock changes of $year', ({ back, forward }) => {
  it('gives the day the clock goes back 25 hourly buckets, none doubled, and puts each hour in its own', async () => {
    const { cookie } = await createSignedInUser(app, 'supervisor');
    // 02:30 local happens twice: at 01:30 UTC (+01:00) and at 02:30 UTC (+00:00).
    const team = await createTicketsAt([`${back}T01:30:00.000Z`, `${back}T02:30:00.000Z`, `${back}T02:40:00.000Z`]);
    const body = await history(cookie, `from=${back}&to=${back}&interval=hour&team=${team}`);
    const starts = body.buckets.map((bucket) => bucket.start);
    expect(starts).toHaveLength(25);
    expect(new Set(starts).size).toBe(25);
    expect(starts.slice(1, 5)).toEqual([`${back}T01:00:00.000+01:00`, `${back}T02:00:00.000+01:00`, `${back}T02:00:00.000+00:00`, `${back}T03:00:00.000+00:00`]);
    expect(body.buckets.map((bucket) => bucket.ticketsCreated).slice(1, 5)).toEqual([0, 1, 2, 0]);
    // Each bucket starts an hour after the one before it.
    const instants = starts.map((start) => Date.parse(start));
    expect(instants.slice(1).every((instant, index) => instant - instants[index]! === 3_600_000)).toBe(true);
    expect(body.totals.ticketsCreated).toBe(3);
  });

  it('gives the day the clock goes forward 23 hourly buckets, none missing', async () => {
    const { cookie } = await createSignedInUser(app, 'supervisor');
    // 01:30 UTC is 01:30 local (+00:00); 02:30 UTC is 03:30 local (+01:00): 02:00 local does not exist.
    const team = await createTicketsAt([`${forward}T01:30:00.000Z`, `${forward}T02:30:00.000Z`]);
    const body = await history(cookie, `from=${forward}&to=${forward}&interval=hour&team=${team}`);
    const starts = body.buckets.map((bucket) => bucket.start);
    expect(starts).toHaveLength(23);
    expect(starts.slice(1, 3)).toEqual([`${forward}T01:00:00.000+00:00`, `${forward}T03:00:00.000+01:00`]);
    expect(body.buckets.map((bucket) => bucket.ticketsCreated).slice(1, 3)).toEqual([1, 1]);
  });

  it('counts a late evening in the local day it belongs to, on both sides of each change', async () => {
    const { cookie } = await createSignedInUser(app, 'supervisor');
    // 23:30 UTC is 23:30 local during Ramadan (UTC+0) but 00:30 the next day otherwise (UTC+1).
    const dayAfter = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const team = await createTicketsAt([`${back}T10:00:00.000Z`, `${back}T23:30:00.000Z`, `${forward}T10:00:00.000Z`, `${forward}T23:30:00.000Z`]);
    const around = await history(cookie, `from=${back}&to=${dayAfter(back)}&interval=day&team=${team}`);
    expect(around.buckets.map((bucket) => [bucket.start, bucket.ticketsCreated])).toEqual([
      [`${back}T00:00:00.000+01:00`, 2],
      [`${dayAfter(back)}T00:00:00.000+00:00`, 0],
    ]);
    const after = await history(cookie, `from=${forward}&to=${dayAfter(forward)}&interval=day&team=${team}`);
    expect(after.buckets.map((bucket) => [bucket.start, bucket.ticketsCreated])).toEqual([
      [`${forward}T00:00:00.000+00:00`, 1],
      [`${dayAfter(forward)}T00:00:00.000+01:00`, 1],
    ]);
  });
});
