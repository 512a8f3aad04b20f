import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZDashboardHistory, type TDashboardHistory } from '@mowakaba/shared/schemas/dashboard';
import { createManualClock } from '../../server/src/platform/clock.js';
import { chooseStorage } from '../../server/src/platform/storage/index.js';
import { rebuildRollups } from '../../server/src/modules/dashboard/rebuild-rollups.js';
import { listPresenceIntervals } from '../../server/src/modules/presence/presence-history.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createDashboardTestApp } from '../helpers/dashboard.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

// Monday 23 November 2026, 09:40 in Casablanca (UTC+1).
const clock = createManualClock(new Date('2026-11-23T08:40:00Z'));
const { app, feed } = createDashboardTestApp();
let supervisor: string;
let agent: Awaited<ReturnType<typeof createSignedInUser>>;
let team: string;

const MINUTE = 60_000;

async function history(query: string): Promise<TDashboardHistory> {
  const response = await app.request(`/api/dashboard/history?from=2026-11-23&to=2026-11-23${query}`, { headers: { Cookie: supervisor } });
  expect(response.status).toBe(200);
  return ZDashboardHistory.parse(await json(response));
}

const presenceOf = (figures: TDashboardHistory['totals']) => ({
  available: figures.presenceAvailableSeconds,
  busy: figures.presenceBusySeconds,
  wrapUp: figures.presenceWrapUpSeconds,
  away: figures.presenceAwaySeconds,
  offline: figures.presenceOfflineSeconds,
});

/** The agent chooses `state` after `minutes` more minutes. */
async function choose(minutes: number, state: string) {
  // Each change reaches the rollups before time moves: the feed would take a jump of minutes for a lost entry.
  await feed.settled();
  await clock.advance(minutes * MINUTE);
  expect((await app.request('/api/presence/me', jsonRequest('PUT', { state }, agent.cookie))).status).toBe(200);
}

beforeAll(async () => {
  await chooseStorage(mongoose.connection, clock);
  supervisor = (await createSignedInUser(app, 'supervisor')).cookie;
  agent = await createSignedInUser(app, 'agent');
  team = (await TeamModel.create({ key: 'ecoute', name: { ar: 'الإنصات', fr: 'Écoute', en: 'Listening' }, skills: { languages: ['ar'], topics: ['founding'] }, memberIds: [agent.user.id] }))._id.toString();
  // 08:40Z available (the first state known: nothing before it is counted).
  await choose(0, 'available');
  // 09:30Z away: 20 min available in the 08Z hour, 30 min in the 09Z hour.
  await choose(50, 'away');
  // 09:45Z available: 15 min away in 09Z.
  await choose(15, 'available');
  // 10:15Z a supervisor sets the agent offline: 15 min available in 09Z, 15 min in 10Z.
  await feed.settled();
  await clock.advance(30 * MINUTE);
  expect((await app.request(`/api/presence/${agent.user.id}`, jsonRequest('PUT', { state: 'offline' }, supervisor))).status).toBe(200);
  // 10:25Z busy: 10 min offline; 10:30Z wrap-up: 5 min busy; 10:33Z available: 3 min wrap-up. Still available: not counted yet.
  await choose(10, 'busy');
  await choose(5, 'wrap-up');
  await choose(3, 'available');
  await feed.settled();
});

// By local hour (UTC+1): 09:00 = 08Z, 10:00 = 09Z, 11:00 = 10Z.
const EXPECTED_HOURS = {
  '2026-11-23T09:00:00.000+01:00': { available: 1200, busy: 0, wrapUp: 0, away: 0, offline: 0 },
  '2026-11-23T10:00:00.000+01:00': { available: 1800 + 900, busy: 0, wrapUp: 0, away: 900, offline: 0 },
  '2026-11-23T11:00:00.000+01:00': { available: 900, busy: 300, wrapUp: 180, away: 0, offline: 600 },
};
const EXPECTED_TOTAL = { available: 4800, busy: 300, wrapUp: 180, away: 900, offline: 600 };

describe('presence history', () => {
  it('gives each state’s time per local hour, per team and per agent, worked out by hand', async () => {
    const body = await history('&interval=hour');
    const hours = Object.fromEntries(body.buckets.filter((bucket) => Object.values(presenceOf(bucket)).some((seconds) => seconds > 0)).map((bucket) => [bucket.start, presenceOf(bucket)]));
    expect(hours).toEqual(EXPECTED_HOURS);
    expect(presenceOf(body.totals)).toEqual(EXPECTED_TOTAL);
    expect(body.breakdowns.team.map((row) => [row.key, presenceOf(row)])).toContainEqual([team, EXPECTED_TOTAL]);
    expect(body.breakdowns.agent.map((row) => [row.key, presenceOf(row)])).toContainEqual([agent.user.id, EXPECTED_TOTAL]);
    // No topic, channel or region: under "none".
    expect(body.breakdowns.topic.map((row) => [row.key, presenceOf(row)])).toEqual([[null, EXPECTED_TOTAL]]);

    expect(presenceOf((await history(`&interval=day&agent=${agent.user.id}`)).totals)).toEqual(EXPECTED_TOTAL);
    expect(presenceOf((await history(`&interval=day&team=${team}`)).totals)).toEqual(EXPECTED_TOTAL);
    expect(presenceOf((await history('&interval=day&team=none')).totals)).toEqual({ available: 0, busy: 0, wrapUp: 0, away: 0, offline: 0 });
  });

  it('counts a state once when its entry comes twice or late, and the rebuild gives the same', async () => {
    const kept = [];
    for await (const interval of listPresenceIntervals()) kept.push(interval);
    expect(kept).toHaveLength(6);
    for (const interval of [...kept].reverse()) feed.takePresenceInterval(interval);
    await feed.settled();
    expect(presenceOf((await history('&interval=day')).totals)).toEqual(EXPECTED_TOTAL);

    await rebuildRollups();
    const rebuilt = await history('&interval=hour');
    expect(presenceOf(rebuilt.totals)).toEqual(EXPECTED_TOTAL);
    expect(rebuilt.buckets.find((bucket) => bucket.start === '2026-11-23T11:00:00.000+01:00')).toMatchObject({ presenceOfflineSeconds: 600, presenceBusySeconds: 300 });
  });

  it('puts each state’s seconds in the CSV', async () => {
    const response = await app.request('/api/dashboard/history.csv?from=2026-11-23&to=2026-11-23&interval=day&breakdown=agent', { headers: { Cookie: supervisor } });
    expect(response.status).toBe(200);
    const [header, ...rows] = (await response.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    const columns = header!.split(',');
    const agentRow = rows.find((row) => row.startsWith(agent.user.id))!.split(',');
    expect(Object.fromEntries(['presenceAvailableSeconds', 'presenceBusySeconds', 'presenceWrapUpSeconds', 'presenceAwaySeconds', 'presenceOfflineSeconds'].map((name) => [name, agentRow[columns.indexOf(name)]]))).toEqual({
      presenceAvailableSeconds: '4800',
      presenceBusySeconds: '300',
      presenceWrapUpSeconds: '180',
      presenceAwaySeconds: '900',
      presenceOfflineSeconds: '600',
    });
  });
});
