import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import type { TEventEnvelope } from '@mowakaba/shared/events';
import { ZCall } from '@mowakaba/shared/schemas/calls';
import { ZAgentStatus } from '@mowakaba/shared/schemas/presence';
import { runDueJobs } from '../../server/src/jobs/job-runner.js';
import { CallModel } from '../../server/src/modules/calls/call.model.js';
import { WAITING_CALLS_LIST } from '../../server/src/modules/calls/waiting-calls.js';
import { getStorage } from '../../server/src/platform/storage/index.js';
import { CALL_OFFER_TIMEOUT_JOB, createCallOfferTimeoutHandler, offerWaitingCalls } from '../../server/src/modules/calls/calls.service.js';
import { AgentStateModel } from '../../server/src/modules/presence/agent-state.model.js';
import { WRAP_UP_END_JOB, createWrapUpEndHandler } from '../../server/src/modules/presence/presence.service.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { AuditEntryModel } from '../../server/src/modules/audit/audit-entry.model.js';
import { createTwilioGateway } from '../../server/src/twilio/twilio-gateway.js';
import type { App } from '../../server/src/app.js';
import type { RealtimeHub } from '../../server/src/realtime/realtime-hub.js';
import type { Config } from '../../server/src/config.js';
import { createSignedInUser, jsonRequest, signIn } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { nextMatching, openConsole, startTestServer } from '../helpers/test-server.js';
import { callParams, createTwilioTestApp, getCall, newCallSid, postSigned, queueCall, twilioTestDependencies } from '../helpers/twilio.js';

useTestDatabase();

// Each test has its own team, agents and callers: the earlier ones are gone, offline, or hung up.
afterEach(async () => {
  await TeamModel.deleteMany({});
  await AgentStateModel.updateMany({}, { $set: { state: 'offline', callSid: null } });
  await CallModel.updateMany({ phase: 'queued' }, { $set: { phase: 'ended' } });
  await getStorage().lists.replace(WAITING_CALLS_LIST, []);
});

type Agent = Awaited<ReturnType<typeof createSignedInUser>>;

async function setPresence(app: App, agent: Agent, state: string) {
  const response = await app.request('/api/presence/me', jsonRequest('PUT', { state }, agent.cookie));
  expect(response.status).toBe(200);
  return ZAgentStatus.parse(await json(response));
}

async function presenceOf(app: App, agent: Agent) {
  return ZAgentStatus.parse(await json(await app.request('/api/presence/me', { headers: { Cookie: agent.cookie } })));
}

/** A team skilled for Arabic and founding, the menu choices `queueCall` makes by default. */
const createTeam = (members: Agent[]) =>
  TeamModel.create({
    key: `founding-${new mongoose.Types.ObjectId().toString()}`,
    name: { ar: 'التأسيس', fr: 'Création', en: 'Founding' },
    skills: { languages: ['ar'], topics: ['founding'] },
    memberIds: members.map((member) => new mongoose.Types.ObjectId(member.user.id)),
  });

async function callOf(app: App, agent: Agent, callSid: string) {
  return ZCall.parse(await getCall(app, agent.cookie, callSid));
}

/** The job runner, once the offers' ring timeout (20 s by default) has passed. */
function ringOut(hub: RealtimeHub, config: Config, afterSeconds = 21) {
  const deps = { publisher: hub, twilio: createTwilioGateway(config) };
  return runDueJobs({
    now: new Date(Date.now() + afterSeconds * 1000),
    owner: 'routing-test',
    handlers: { [CALL_OFFER_TIMEOUT_JOB]: createCallOfferTimeoutHandler(deps), [WRAP_UP_END_JOB]: createWrapUpEndHandler(hub), 'sla-check': async () => undefined },
  });
}

describe('offering a waiting caller', () => {
  it('rings only the available agent of the call’s team, the one idle longest; offline, away and busy agents and other teams are never rung', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const [idleLongest, idleShort, away, offline, outsider] = await Promise.all([1, 2, 3, 4, 5].map(() => createSignedInUser(app)));
    await createTeam([idleShort!, idleLongest!, away!, offline!]);
    await setPresence(app, idleLongest!, 'available');
    await setPresence(app, idleShort!, 'available');
    await setPresence(app, away!, 'away');
    await setPresence(app, outsider!, 'available');

    const first = newCallSid();
    await queueCall(app, first, '+212661700001');
    expect((await callOf(app, idleLongest!, first)).offer).toMatchObject({ agentId: idleLongest!.user.id });
    // A second caller does not ring the agent already ringing: it goes to the next one.
    const second = newCallSid();
    await queueCall(app, second, '+212661700002');
    expect((await callOf(app, idleShort!, second)).offer).toMatchObject({ agentId: idleShort!.user.id });
    // Nobody else can take them: another agent's answer is refused, the other team's agent may not even try.
    expect((await app.request(`/api/calls/${first}/accept`, jsonRequest('POST', {}, idleShort!.cookie))).status).toBe(409);
    expect((await app.request(`/api/calls/${first}/accept`, jsonRequest('POST', {}, away!.cookie))).status).toBe(409);
    expect((await app.request(`/api/calls/${first}/accept`, jsonRequest('POST', {}, outsider!.cookie))).status).toBe(403);

    // A third caller finds everyone ringing or unavailable: they wait, rung by no one.
    const third = newCallSid();
    await queueCall(app, third, '+212661700003');
    expect((await callOf(app, idleLongest!, third)).offer).toBeNull();
    // The first agent answers: busy, so the third caller waits on until someone becomes available.
    expect((await app.request(`/api/calls/${first}/accept`, jsonRequest('POST', {}, idleLongest!.cookie))).status).toBe(200);
    expect(await presenceOf(app, idleLongest!)).toMatchObject({ state: 'busy', callSid: first, chosenState: 'available' });
    expect((await callOf(app, idleLongest!, third)).offer).toBeNull();
    await setPresence(app, offline!, 'available');
    // Routing follows the agent's change on the change feed, a moment after the answer.
    // Under load the pass waits its turn under the routing mutex: a second is not enough.
    await expect.poll(async () => (await callOf(app, offline!, third)).offer, { timeout: 5_000 }).toMatchObject({ agentId: offline!.user.id });
  });

  it('an agent becoming available on one node is offered the caller waiting on another', async () => {
    // Node A routes nothing itself: only node B, following the change feed, can offer the call.
    const nodeA = createTestApp({}, undefined, () => ({ changeFeed: undefined }));
    const nodeB = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(nodeB.app);
    await createTeam([agent]);
    const callSid = newCallSid();
    await queueCall(nodeB.app, callSid, '+212661700009');
    expect((await callOf(nodeB.app, agent, callSid)).offer).toBeNull();

    const onNodeA = { ...agent, cookie: await signIn(nodeA.app, agent.user.email, agent.user.password) };
    await setPresence(nodeA.app, onNodeA, 'available');
    // The hint another node's append sends through Redis (here, B's next poll would do the same).
    nodeB.hub.feed.poke();
    await expect.poll(async () => (await callOf(nodeB.app, agent, callSid)).offer, { timeout: 5_000 }).toMatchObject({ agentId: agent.user.id });
  });

  it('moves on to the next agent after the ring timeout, never rings back the one who missed it, and sets an agent away after two missed offers', async () => {
    const { app, hub, config } = createTwilioTestApp({ mode: 'simulated' });
    const [absent, present] = await Promise.all([1, 2].map(() => createSignedInUser(app)));
    await createTeam([absent!, present!]);
    await setPresence(app, absent!, 'available');
    await setPresence(app, present!, 'available');
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212661700010');
    const offer = (await callOf(app, absent!, callSid)).offer!;
    expect(offer.agentId).toBe(absent!.user.id);
    // The ring timeout is the voice settings' (20 s by default).
    expect(Date.parse(offer.expiresAt) - Date.now()).toBeGreaterThan(15_000);

    await ringOut(hub, config);
    expect((await callOf(app, present!, callSid)).offer).toMatchObject({ agentId: present!.user.id });
    expect(await presenceOf(app, absent!)).toMatchObject({ state: 'available' });
    // The second agent lets it ring out too: nobody is left who has not missed it, so it waits.
    await ringOut(hub, config, 45);
    expect((await callOf(app, present!, callSid)).offer).toBeNull();

    // Another caller rings the absent agent again, and rings out: a second miss in a row sets them away.
    const next = newCallSid();
    await queueCall(app, next, '+212661700011');
    expect((await callOf(app, absent!, next)).offer).toMatchObject({ agentId: absent!.user.id });
    await ringOut(hub, config, 70);
    expect(await presenceOf(app, absent!)).toMatchObject({ state: 'away', chosenState: 'away' });
    expect((await callOf(app, present!, next)).offer).toMatchObject({ agentId: present!.user.id });
  });

  it('rings for as long as the admins set in the voice settings, within bounds', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const adminUser = await createSignedInUser(app, 'admin');
    await createTeam([agent]);
    const settings = { prompts: { ar: {}, fr: {}, zgh: {} }, holdMusicUrl: null, ringTimeoutSeconds: 45, wrapUpSeconds: 120 };
    expect((await app.request('/api/voice/settings', jsonRequest('PUT', settings, adminUser.cookie))).status).toBe(200);
    for (const wrong of [{ ringTimeoutSeconds: 2 }, { ringTimeoutSeconds: 'long' }, { wrapUpSeconds: -1 }]) {
      const refused = await app.request('/api/voice/settings', jsonRequest('PUT', { ...settings, ...wrong }, adminUser.cookie));
      expect(refused.status).toBe(400);
      expect((await json(refused)).error).toMatchObject({ code: 'validation_failed' });
    }
    expect((await app.request('/api/voice/settings', jsonRequest('PUT', settings, agent.cookie))).status).toBe(403);
    await setPresence(app, agent, 'available');
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212661700015');
    const ringsFor = Date.parse((await callOf(app, agent, callSid)).offer!.expiresAt) - Date.now();
    expect(ringsFor).toBeGreaterThan(40_000);
    expect(ringsFor).toBeLessThanOrEqual(45_000);
    // The other tests ring and wrap up for the defaults.
    expect((await app.request('/api/voice/settings', jsonRequest('PUT', { prompts: {} }, adminUser.cookie))).status).toBe(200);
  });

  it('rings the next agent when one declines, and refuses a decline from an agent it is not ringing for', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const [first, second] = await Promise.all([1, 2].map(() => createSignedInUser(app)));
    await createTeam([first!, second!]);
    await setPresence(app, first!, 'available');
    await setPresence(app, second!, 'available');
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212661700020');
    const notRinging = await app.request(`/api/calls/${callSid}/decline`, jsonRequest('POST', {}, second!.cookie));
    expect(notRinging.status).toBe(409);
    expect((await json(notRinging)).error).toMatchObject({ code: 'conflict' });
    const declined = await app.request(`/api/calls/${callSid}/decline`, jsonRequest('POST', {}, first!.cookie));
    expect(declined.status).toBe(200);
    expect(ZCall.parse(await json(declined)).offer).toMatchObject({ agentId: second!.user.id });
    // Declining is not being absent: the agent stays available.
    expect(await presenceOf(app, first!)).toMatchObject({ state: 'available' });
    expect((await app.request(`/api/calls/${callSid}/accept`, jsonRequest('POST', {}, first!.cookie))).status).toBe(409);
    expect((await app.request('/api/calls/CA00000000000000000000000000000000/decline', jsonRequest('POST', {}, first!.cookie))).status).toBe(404);
    expect((await app.request('/api/calls/not-a-sid/decline', jsonRequest('POST', {}, first!.cookie))).status).toBe(400);
  });

  it('never gives one caller to two agents, nor two callers to one agent, whatever runs at once', async () => {
    const { app, hub, config } = createTwilioTestApp({ mode: 'simulated' });
    const agents = await Promise.all([1, 2, 3].map(() => createSignedInUser(app)));
    const supervisor = await createSignedInUser(app, 'supervisor');
    await createTeam(agents);
    const callSids = [newCallSid(), newCallSid()];
    for (const [index, callSid] of callSids.entries()) await queueCall(app, callSid, `+21266170003${index}`);
    // Three agents become available at the same moment, while routing passes run on every side.
    const deps = { publisher: hub, twilio: createTwilioGateway(config) };
    await Promise.all([...agents.map((agent) => setPresence(app, agent, 'available')), offerWaitingCalls(deps), offerWaitingCalls(deps)]);
    // A pass that ran before the agents were available leaves the calls to the passes their
    // availability starts (through the change feed, a moment later).
    const offersNow = () => Promise.all(callSids.map(async (callSid) => (await callOf(app, supervisor, callSid)).offer?.agentId));
    await expect.poll(async () => (await offersNow()).every((agentId) => agentId !== undefined), { timeout: 5_000 }).toBe(true);
    const offers = await offersNow();
    expect(new Set(offers).size).toBe(2);
    for (const callSid of callSids) {
      const call = await CallModel.findById(callSid).lean();
      expect(call!.facts.filter((fact) => fact.kind === 'offered')).toHaveLength(1);
    }

    // The agent it rings and a supervisor picking it from the queue answer at once: exactly one gets it.
    const ringing = agents.find((agent) => agent.user.id === offers[0])!;
    const answers = await Promise.all([
      app.request(`/api/calls/${callSids[0]}/accept`, jsonRequest('POST', {}, ringing.cookie)),
      app.request(`/api/calls/${callSids[0]}/accept`, jsonRequest('POST', {}, supervisor.cookie)),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers[0]!.status === 200 ? ringing : supervisor;
    expect(await callOf(app, supervisor, callSids[0]!)).toMatchObject({ phase: 'connecting', agentId: winner.user.id, offer: null });
  });

  it('lets a supervisor pick any waiting caller explicitly, while it rings an agent', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const supervisor = await createSignedInUser(app, 'supervisor');
    await createTeam([agent]);
    await setPresence(app, agent, 'available');
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212661700040');
    const queue = await json(await app.request('/api/calls?phase=queued', { headers: { Cookie: supervisor.cookie } }));
    expect(queue.items.map((call: { callSid: string }) => call.callSid)).toContain(callSid);
    const picked = await app.request(`/api/calls/${callSid}/accept`, jsonRequest('POST', {}, supervisor.cookie));
    expect(picked.status).toBe(200);
    expect(ZCall.parse(await json(picked))).toMatchObject({ agentId: supervisor.user.id, offer: null });
    // The agent it rang is free again for the next caller.
    const next = newCallSid();
    await queueCall(app, next, '+212661700041');
    expect((await callOf(app, agent, next)).offer).toMatchObject({ agentId: agent.user.id });
  });
});

describe('presence following calls', () => {
  it('is busy on the call, in wrap-up after it, and back to available when the disposition is saved or the wrap-up limit passed', async () => {
    const { app, hub, config } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    await createTeam([agent]);
    await setPresence(app, agent, 'available');

    const talk = async (callSid: string, from: string) => {
      await queueCall(app, callSid, from);
      expect((await app.request(`/api/calls/${callSid}/accept`, jsonRequest('POST', {}, agent.cookie))).status).toBe(200);
      await postSigned(app, `/webhooks/twilio/voice/status?leg=agent&parent=${callSid}`, { CallSid: newCallSid(), ParentCallSid: callSid, CallStatus: 'in-progress', SequenceNumber: '1' });
      expect(await callOf(app, agent, callSid)).toMatchObject({ phase: 'connected' });
      expect(await presenceOf(app, agent)).toMatchObject({ state: 'busy', callSid });
      await postSigned(app, '/webhooks/twilio/voice/status', callParams(callSid, from, { CallStatus: 'completed', CallDuration: '60', SequenceNumber: '3' }));
      expect(await presenceOf(app, agent)).toMatchObject({ state: 'wrap-up', callSid, chosenState: 'available' });
    };

    const first = newCallSid();
    await talk(first, '+212661700050');
    // In wrap-up, the agent is not rung: the next caller waits.
    const waiting = newCallSid();
    await queueCall(app, waiting, '+212661700051');
    expect((await callOf(app, agent, waiting)).offer).toBeNull();
    // The disposition saved ends the wrap-up: available again, and rung by the waiting caller as routing follows the change.
    expect((await app.request(`/api/calls/${first}`, jsonRequest('PATCH', { disposition: 'information-given', notes: 'ok' }, agent.cookie))).status).toBe(200);
    expect(await presenceOf(app, agent)).toMatchObject({ state: 'available', callSid: null });
    await expect.poll(async () => (await callOf(app, agent, waiting)).offer).toMatchObject({ agentId: agent.user.id });
    expect((await app.request(`/api/calls/${waiting}/decline`, jsonRequest('POST', {}, agent.cookie))).status).toBe(200);

    // Without a disposition, the wrap-up limit of the voice settings ends it.
    const second = newCallSid();
    await talk(second, '+212661700052');
    await ringOut(hub, config, 30);
    expect(await presenceOf(app, agent)).toMatchObject({ state: 'wrap-up' });
    await ringOut(hub, config, 61);
    expect(await presenceOf(app, agent)).toMatchObject({ state: 'available', callSid: null });
  });

  it('keeps the agent’s choice made during a call for afterwards', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    await createTeam([agent]);
    await setPresence(app, agent, 'available');
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212661700060');
    expect((await app.request(`/api/calls/${callSid}/accept`, jsonRequest('POST', {}, agent.cookie))).status).toBe(200);
    expect(await setPresence(app, agent, 'away')).toMatchObject({ state: 'busy', chosenState: 'away' });
    // The softphone never picked up: the call leaves the agent, who is now away as they asked.
    await postSigned(app, '/webhooks/twilio/voice/dial-result', callParams(callSid, '+212661700060', { DialCallStatus: 'no-answer', DialCallSid: newCallSid() }));
    expect(await presenceOf(app, agent)).toMatchObject({ state: 'away', callSid: null });
  });
});

describe('a supervisor setting an agent’s presence', () => {
  it('sets an agent away or offline: audited, and the agent’s console hears who did it', async () => {
    const server = await startTestServer(twilioTestDependencies({ mode: 'simulated' }));
    try {
      const { app } = server;
      const agent = await createSignedInUser(app);
      const supervisor = await createSignedInUser(app, 'supervisor');
      const { socket } = await openConsole(server.url, agent.cookie);
      await setPresence(app, agent, 'available');
      const told = nextMatching<TEventEnvelope>(socket, 'event', (envelope) => envelope.event === 'agent.presence' && (envelope.payload as { state: string }).state === 'offline');
      const response = await app.request(`/api/presence/${agent.user.id}`, jsonRequest('PUT', { state: 'offline' }, supervisor.cookie));
      expect(response.status).toBe(200);
      expect(ZAgentStatus.parse(await json(response))).toMatchObject({ userId: agent.user.id, state: 'offline', chosenState: 'offline' });
      expect((await told).payload).toMatchObject({ userId: agent.user.id, state: 'offline', setBy: { id: supervisor.user.id, name: supervisor.user.name } });
      const audit = await AuditEntryModel.findOne({ action: 'presence.override', targetId: agent.user.id }).lean();
      expect(audit).toMatchObject({ actorName: supervisor.user.name, status: 200, details: { state: 'offline' } });

      // Set offline by a supervisor, a reload does not bring the agent back.
      socket.close();
      const reloaded = await openConsole(server.url, agent.cookie);
      expect(await presenceOf(app, agent)).toMatchObject({ state: 'offline' });
      reloaded.socket.close();

      expect((await app.request(`/api/presence/${supervisor.user.id}`, jsonRequest('PUT', { state: 'away' }, agent.cookie))).status).toBe(403);
      expect((await app.request('/api/presence/0123456789abcdef01234567', jsonRequest('PUT', { state: 'away' }, supervisor.cookie))).status).toBe(404);
      const invalid = await app.request(`/api/presence/${agent.user.id}`, jsonRequest('PUT', { state: 'busy' }, supervisor.cookie));
      expect(invalid.status).toBe(400);
      expect((await json(invalid)).error).toMatchObject({ code: 'validation_failed' });
    } finally {
      await server.close();
    }
  });

  it('an agent’s reload brings back the state they chose; signing out makes them offline until they sign in again', async () => {
    const server = await startTestServer({ ...twilioTestDependencies({ mode: 'simulated' }), presenceGraceMs: 50 });
    try {
      const { app } = server;
      const agent = await createSignedInUser(app);
      const { socket } = await openConsole(server.url, agent.cookie);
      await setPresence(app, agent, 'available');
      socket.close();
      await expect.poll(async () => (await presenceOf(app, agent)).state).toBe('offline');
      const reloaded = await openConsole(server.url, agent.cookie);
      await expect.poll(async () => (await presenceOf(app, agent)).state).toBe('available');

      expect((await app.request('/api/auth/logout', jsonRequest('POST', {}, agent.cookie))).status).toBe(204);
      reloaded.socket.close();
      expect((await AgentStateModel.findById(agent.user.id).lean())?.state).toBe('offline');
      const signedInAgain = { ...agent, cookie: await signIn(app, agent.user.email, agent.user.password) };
      const next = await openConsole(server.url, signedInAgain.cookie);
      await expect.poll(async () => (await presenceOf(app, signedInAgain)).state).toBe('available');
      next.socket.close();
    } finally {
      await server.close();
    }
  });
});
