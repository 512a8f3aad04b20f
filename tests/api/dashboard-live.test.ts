import mongoose from 'mongoose';
import type { TTopicKey } from '@mowakaba/shared/constants';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZDashboardHistory, ZDashboardLive } from '@mowakaba/shared/schemas/dashboard';
import { localDateOf } from '../../server/src/modules/dashboard/domain/local-time.js';
import { readAllRollupCells } from '../../server/src/modules/dashboard/dashboard.store.js';
import { rebuildRollups } from '../../server/src/modules/dashboard/rebuild-rollups.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createDashboardTestApp } from '../helpers/dashboard.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { CENTER_NUMBER, TEST_ACCOUNT_SID, createTwilioTestApp, newCallSid, newMessageSid, postSigned, queueCall } from '../helpers/twilio.js';

useTestDatabase();

const { app, feed } = createDashboardTestApp();
let supervisor: string;
let teamA: string;
let teamB: string;

async function live(query = '') {
  const response = await app.request(`/api/dashboard/live${query}`, { headers: { Cookie: supervisor } });
  expect(response.status).toBe(200);
  return ZDashboardLive.parse(await json(response));
}

beforeAll(async () => {
  supervisor = (await createSignedInUser(app, 'supervisor')).cookie;
  const both = await createSignedInUser(app, 'agent');
  const onlyA = await createSignedInUser(app, 'agent');
  await createSignedInUser(app, 'agent');
  const team = (key: string, members: string[], topics: TTopicKey[]) =>
    TeamModel.create({ key, name: { ar: key, fr: key, en: key }, skills: { languages: ['ar'], topics }, memberIds: members.map((id) => new mongoose.Types.ObjectId(id)) });
  teamA = (await team('a', [both.user.id, onlyA.user.id], ['founding']))._id.toString();
  teamB = (await team('b', [both.user.id], ['funding']))._id.toString();
  await app.request('/api/presence/me', jsonRequest('PUT', { state: 'available' }, both.cookie));
  await app.request('/api/presence/me', jsonRequest('PUT', { state: 'busy' }, onlyA.cookie));
});

describe('live dashboard', () => {
  it('counts an agent in two teams once in the totals and once in each team', async () => {
    const body = await live();
    expect(body.totals.agents).toMatchObject({ available: 1, busy: 1, wrapUp: 0, away: 0, offline: 1 });
    const byTeam = new Map(body.teams.map((team) => [team.teamId, team.agents]));
    expect(byTeam.get(teamA)).toMatchObject({ available: 1, busy: 1, offline: 0 });
    expect(byTeam.get(teamB)).toMatchObject({ available: 1, busy: 0, offline: 0 });
    const onlyB = await live(`?team=${teamB}`);
    expect(onlyB.teams.map((team) => team.teamId)).toEqual([teamB]);
    expect(onlyB.totals.agents.available).toBe(1);
  });

  it("shows the backlog and today's tickets, then the rebuild from the records gives the same rollups", async () => {
    const first = await postTicket(app, supervisor, { topic: 'founding', priority: 'urgent' });
    await postTicket(app, supervisor, { topic: 'funding' });
    await postTicket(app, supervisor, { topic: 'funding', priority: 'low' });
    await app.request(`/api/tickets/${first.id}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'مرحبا، إليكم الوثائق المطلوبة.' }, supervisor));
    const current = await json(await app.request(`/api/tickets/${first.id}`, { headers: { Cookie: supervisor } }));
    const solved = await app.request(`/api/tickets/${first.id}`, jsonRequest('PATCH', { version: current.version, status: 'solved' }, supervisor));
    expect(solved.status).toBe(200);
    await feed.settled();

    const body = await live();
    expect(body.totals.backlog).toMatchObject({ total: 2, byStatus: { new: 2, solved: 0 }, byPriority: { normal: 1, low: 1, urgent: 0 }, byAge: { under1d: 2 } });
    expect(body.totals).toMatchObject({ ticketsCreated: 3, ticketsSolved: 1, callsWaiting: 0 });
    expect(body.totals.firstResponseMedianMinutes).not.toBeNull();
    expect(body.teams.find((team) => team.teamId === teamB)?.backlog.total).toBe(2);

    // Counters that went back to zero stay in the documents the feed wrote; the rebuild writes none.
    const normalised = async () =>
      (await readAllRollupCells())
        .map((cell) => ({ id: cell.id, values: Object.fromEntries(Object.entries(cell.values).filter(([, value]) => value !== 0).sort(([a], [b]) => a.localeCompare(b))) }))
        .filter((cell) => Object.keys(cell.values).length > 0)
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    const incremental = await normalised();
    await rebuildRollups();
    expect(await normalised()).toEqual(incremental);
    const today = localDateOf(Date.now());
    const history = ZDashboardHistory.parse(await json(await app.request(`/api/dashboard/history?from=${today}&to=${today}`, { headers: { Cookie: supervisor } })));
    expect(history.totals).toMatchObject({ ticketsCreated: 3, ticketsSolved: 1, firstResponses: 1 });
  });

  it('counts the callers and messages another node took: they reach the rollups through the change feed', async () => {
    const otherNode = createTwilioTestApp({ mode: 'simulated' });
    const today = localDateOf(Date.now());
    const messagesIn = async () => ZDashboardHistory.parse(await json(await app.request(`/api/dashboard/history?from=${today}&to=${today}`, { headers: { Cookie: supervisor } }))).totals.messagesIn;
    const before = { ...(await live()).totals, messagesIn: await messagesIn() };
    await queueCall(otherNode.app, newCallSid(), '+212661900001');
    const sms = { MessageSid: newMessageSid(), AccountSid: TEST_ACCOUNT_SID, From: '+212661900002', To: CENTER_NUMBER, Body: 'سلام، بغيت نعرف كيفاش نجدد المكتب', NumMedia: '0' };
    expect((await postSigned(otherNode.app, '/webhooks/twilio/messaging', sms)).status).toBe(200);
    await feed.settled();

    expect((await live()).totals.callsOffered).toBe(before.callsOffered + 1);
    expect(await messagesIn()).toBe(before.messagesIn + 1);
  });
});
