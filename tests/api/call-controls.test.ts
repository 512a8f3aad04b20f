import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import type { TEventEnvelope } from '@mowakaba/shared/events';
import { CallModel } from '../../server/src/modules/calls/call.model.js';
import { CallbackTaskModel } from '../../server/src/modules/calls/callback-task.model.js';
import { TicketEntryModel } from '../../server/src/modules/tickets/ticket-entry.model.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { AgentStateModel } from '../../server/src/modules/presence/agent-state.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { TEST_PUBLIC_URL } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { nextMatching, openConsole, startTestServer } from '../helpers/test-server.js';
import {
  TEST_ACCOUNT_SID,
  callParams,
  createTwilioTestApp,
  getCall,
  answerAsAgent,
  newCallSid,
  postSigned,
  queueCall,
  twilioTestDependencies,
  useFakeTwilioApi,
  type TwilioTestApp,
} from '../helpers/twilio.js';

useTestDatabase();

// Agents of one test are not available in the next: each test decides who a waiting caller can ring.
afterEach(() => AgentStateModel.updateMany({}, { $set: { state: 'offline', callSid: null } }));

const api = useFakeTwilioApi();

const callUpdatePath = (callSid: string) => `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Calls/${callSid}.json`;
const control = (app: TwilioTestApp, cookie: string, callSid: string, body: unknown) => app.request(`/api/calls/${callSid}/control`, jsonRequest('POST', body, cookie));

let counter = 0;
const newTeam = (memberIds: string[] = []) =>
  TeamModel.create({
    key: `team-${Date.now()}-${(counter += 1)}`,
    name: { ar: 'فريق التمويل', fr: 'Équipe financement', en: 'Funding team' },
    skills: { languages: ['fr'], topics: ['funding'] },
    memberIds: memberIds.map((id) => new mongoose.Types.ObjectId(id)),
  });

/** A caller queued, accepted by the agent and put through: the agent's softphone answered. */
async function connectedCall(app: TwilioTestApp, agent: { cookie: string; user: { id: string } }, from: string) {
  const { cookie } = agent;
  const callSid = newCallSid();
  await queueCall(app, callSid, from);
  expect((await answerAsAgent(app, agent, callSid)).status).toBe(200);
  const legSid = newCallSid();
  await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, from, { QueueResult: 'redirected', QueueTime: '20' }));
  await postSigned(app, `/webhooks/twilio/voice/status?leg=agent&parent=${callSid}`, { CallSid: legSid, ParentCallSid: callSid, CallStatus: 'in-progress', SequenceNumber: '1' });
  expect(await getCall(app, cookie, callSid)).toMatchObject({ phase: 'connected', onHold: false });
  return { callSid, legSid };
}

describe('holding and resuming a call', () => {
  it('moves the caller to hold music through Twilio, and back to the same agent’s softphone', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const { callSid, legSid } = await connectedCall(app, agent, '+212661010101');

    let before = api.requests.length;
    const held = await control(app, agent.cookie, callSid, { action: 'hold' });
    expect(held.status).toBe(200);
    expect(await json(held)).toMatchObject({ onHold: true, phase: 'connected', agentId: agent.user.id });
    expect(api.requests.slice(before)).toEqual([
      expect.objectContaining({ method: 'POST', path: callUpdatePath(callSid), form: { Url: `${TEST_PUBLIC_URL}/webhooks/twilio/voice/hold?lang=ar`, Method: 'POST' } }),
    ]);
    // Twilio fetches the hold page; the broken-off dial neither hangs up nor requeues the caller.
    const hold = await (await postSigned(app, '/webhooks/twilio/voice/hold?lang=ar', callParams(callSid, '+212661010101'))).text();
    expect(hold).toMatch(/<Play loop="0">[^<]+<\/Play>/);
    await postSigned(app, `/webhooks/twilio/voice/status?leg=agent&parent=${callSid}`, { CallSid: legSid, ParentCallSid: callSid, CallStatus: 'completed', CallDuration: '30', SequenceNumber: '2' });
    const dial = await (await postSigned(app, '/webhooks/twilio/voice/dial-result', callParams(callSid, '+212661010101', { DialCallSid: legSid, DialCallStatus: 'completed', DialCallDuration: '30' }))).text();
    expect(dial).not.toContain('<Hangup');
    expect(dial).not.toContain('<Enqueue');
    expect(await getCall(app, agent.cookie, callSid)).toMatchObject({ onHold: true, phase: 'connected' });

    before = api.requests.length;
    const resumed = await json(await control(app, agent.cookie, callSid, { action: 'resume' }));
    expect(resumed).toMatchObject({ onHold: false, phase: 'connecting' });
    expect(api.requests.slice(before)).toEqual([
      expect.objectContaining({ path: callUpdatePath(callSid), form: { Url: `${TEST_PUBLIC_URL}/webhooks/twilio/voice/connect?agent=${agent.user.id}`, Method: 'POST' } }),
    ]);
    const connect = await (await postSigned(app, `/webhooks/twilio/voice/connect?agent=${agent.user.id}`, callParams(callSid, '+212661010101'))).text();
    expect(connect).toContain(`<Identity>${agent.user.id}</Identity>`);
    await postSigned(app, `/webhooks/twilio/voice/status?leg=agent&parent=${callSid}`, { CallSid: newCallSid(), ParentCallSid: callSid, CallStatus: 'in-progress', SequenceNumber: '1' });
    expect(await getCall(app, agent.cookie, callSid)).toMatchObject({ phase: 'connected', onHold: false });
  });

  it('refuses a hold the call is not in a state for (409), and leaves Twilio alone', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const supervisor = await createSignedInUser(app, 'supervisor');
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212661020202');
    const before = api.requests.length;
    const refused = await control(app, supervisor.cookie, callSid, { action: 'hold' });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toMatchObject({ code: 'conflict', details: { reason: 'wrong-state', phase: 'queued', onHold: false } });
    const { callSid: connected } = await connectedCall(app, agent, '+212661020203');
    expect((await control(app, agent.cookie, connected, { action: 'resume' })).status).toBe(409);
    expect(api.requests.length).toBe(before + 1);
  });

  it('answers 503 and undoes the hold when Twilio refuses', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const { callSid } = await connectedCall(app, agent, '+212661030303');
    api.replyNext({ status: 404, body: { code: 21220, message: 'Call is not in-progress', status: 404 } });
    const refused = await control(app, agent.cookie, callSid, { action: 'hold' });
    expect(refused.status).toBe(503);
    expect((await json(refused)).error).toMatchObject({ code: 'service_unavailable', details: { twilioCode: '21220' } });
    expect(await getCall(app, agent.cookie, callSid)).toMatchObject({ onHold: false, phase: 'connected' });
  });
});

describe('transferring a call to a team', () => {
  it('puts the caller in the team’s queue: its agents are rung live, and one of them takes the call', async () => {
    const server = await startTestServer(twilioTestDependencies({ mode: 'real', api }));
    try {
      const { app } = server;
      const agent = await createSignedInUser(app);
      const colleague = await createSignedInUser(app);
      const team = await newTeam([colleague.user.id]);
      const { callSid } = await connectedCall(app, agent, '+212661040404');
      const { socket } = await openConsole(server.url, colleague.cookie);
      const rung = nextMatching<TEventEnvelope>(socket, 'event', (envelope) => envelope.event === 'call.queued');

      const before = api.requests.length;
      const transferred = await control(app, agent.cookie, callSid, { action: 'transfer', teamId: team._id.toString() });
      expect(transferred.status).toBe(200);
      expect(await json(transferred)).toMatchObject({ phase: 'queued', teamId: team._id.toString(), queue: `team-${team._id.toString()}`, agentId: null });
      const queue = `team-${team._id.toString()}`;
      expect(api.requests.slice(before)).toEqual([
        expect.objectContaining({ path: callUpdatePath(callSid), form: { Url: `${TEST_PUBLIC_URL}/webhooks/twilio/voice/requeue?lang=ar&queue=${queue}`, Method: 'POST' } }),
      ]);
      const envelope = await rung;
      expect(envelope.room).toBe(`team:${team._id.toString()}`);
      expect(envelope.payload).toMatchObject({ call: { callSid, phase: 'queued' } });
      const requeue = await (await postSigned(app, `/webhooks/twilio/voice/requeue?lang=ar&queue=${queue}`, callParams(callSid, '+212661040404'))).text();
      expect(requeue).toContain(`>${queue}</Enqueue>`);

      // The first agent's leg ends; the call stays waiting until the colleague's softphone answers.
      await postSigned(app, `/webhooks/twilio/voice/status?leg=agent&parent=${callSid}`, { CallSid: newCallSid(), ParentCallSid: callSid, CallStatus: 'completed', CallDuration: '40', SequenceNumber: '2' });
      // Transferred away, the call is the team's: the first agent no longer sees it, its members do.
      expect((await app.request(`/api/calls/${callSid}`, { headers: { Cookie: agent.cookie } })).status).toBe(403);
      expect((await getCall(app, colleague.cookie, callSid)).phase).toBe('queued');
      expect((await answerAsAgent(app, colleague, callSid)).status).toBe(200);
      await postSigned(app, `/webhooks/twilio/voice/status?leg=agent&parent=${callSid}`, { CallSid: newCallSid(), ParentCallSid: callSid, CallStatus: 'in-progress', SequenceNumber: '1' });
      expect(await getCall(app, colleague.cookie, callSid)).toMatchObject({ phase: 'connected', agentId: colleague.user.id });
      socket.close();
    } finally {
      await server.close();
    }
  });

  it('refuses an unknown team (404), and a missing or malformed one (400)', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const { callSid } = await connectedCall(app, agent, '+212661050505');
    const unknown = await control(app, agent.cookie, callSid, { action: 'transfer', teamId: '0123456789abcdef01234567' });
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error).toMatchObject({ code: 'not_found', details: { field: 'teamId' } });
    expect((await control(app, agent.cookie, callSid, { action: 'transfer' })).status).toBe(400);
    expect((await control(app, agent.cookie, callSid, { action: 'transfer', teamId: 'sales' })).status).toBe(400);
    expect((await control(app, agent.cookie, callSid, { action: 'dance' })).status).toBe(400);
    expect((await control(app, agent.cookie, callSid, { action: 'hold', extra: true })).status).toBe(400);
    const badSid = await control(app, agent.cookie, 'CA-not-a-sid', { action: 'hold' });
    expect(badSid.status).toBe(400);
    expect((await json(badSid)).error.code).toBe('validation_failed');
    expect((await control(app, agent.cookie, newCallSid(), { action: 'hold' })).status).toBe(404);
  });
});

describe('a control Twilio refused', () => {
  it('undoes a failed transfer: back with its agent, and the transfer left no queue entry', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const team = await newTeam();
    const { callSid } = await connectedCall(app, agent, '+212661050505');
    api.replyNext({ status: 404, body: { code: 21220, message: 'Call is not in-progress', status: 404 } });
    expect((await control(app, agent.cookie, callSid, { action: 'transfer', teamId: team._id.toString() })).status).toBe(503);
    const call = await getCall(app, agent.cookie, callSid);
    expect(call).toMatchObject({ phase: 'connected', agentId: agent.user.id, teamId: null });
    expect(call.history.filter((fact: { kind: string }) => fact.kind === 'enqueued')).toHaveLength(1);
  });

  it('does not take the call back from a colleague who accepted it while Twilio was answering', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const colleague = await createSignedInUser(app);
    const team = await newTeam([colleague.user.id]);
    const { callSid } = await connectedCall(app, agent, '+212661060606');
    let answerTwilio!: () => void;
    api.replyNext({ status: 404, body: { code: 21220, message: 'Call is not in-progress', status: 404 }, waitFor: new Promise<void>((resolve) => (answerTwilio = resolve)) });
    const transfer = control(app, agent.cookie, callSid, { action: 'transfer', teamId: team._id.toString() });
    await expect.poll(async () => (await getCall(app, colleague.cookie, callSid)).phase).toBe('queued');
    expect((await answerAsAgent(app, colleague, callSid)).status).toBe(200);
    answerTwilio();
    expect((await transfer).status).toBe(503);
    expect(await getCall(app, colleague.cookie, callSid)).toMatchObject({ phase: 'connecting', agentId: colleague.user.id, onHold: false });
  });
});

describe('hanging up from the console', () => {
  it('ends the call through Twilio’s REST API', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const { callSid } = await connectedCall(app, agent, '+212661060606');
    const before = api.requests.length;
    expect((await control(app, agent.cookie, callSid, { action: 'hangup' })).status).toBe(200);
    expect(api.requests.slice(before)).toEqual([expect.objectContaining({ method: 'POST', path: callUpdatePath(callSid), form: { Status: 'completed' } })]);
    await postSigned(app, '/webhooks/twilio/voice/status', callParams(callSid, '+212661060606', { CallStatus: 'completed', SequenceNumber: '3', CallDuration: '80' }));
    expect(await getCall(app, agent.cookie, callSid)).toMatchObject({ phase: 'ended', result: 'answered' });
    expect((await control(app, agent.cookie, callSid, { action: 'hangup' })).status).toBe(409);
  });

  it('is the call’s agent’s (or a supervisor’s): another agent gets 403, the anonymous 401', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const other = await createSignedInUser(app);
    const supervisor = await createSignedInUser(app, 'supervisor');
    const { callSid } = await connectedCall(app, agent, '+212661070707');
    const forbidden = await control(app, other.cookie, callSid, { action: 'hangup' });
    expect(forbidden.status).toBe(403);
    expect((await json(forbidden)).error.code).toBe('forbidden');
    expect((await control(app, '', callSid, { action: 'hangup' })).status).toBe(401);
    expect(await getCall(app, agent.cookie, callSid)).toMatchObject({ phase: 'connected' });
    expect((await control(app, supervisor.cookie, callSid, { action: 'hold' })).status).toBe(200);
  });
});

describe('a call that left its agent', () => {
  it('back in the queue when the softphone did not pick up: the agent is told live, and a hang-up answers 409 call-requeued', async () => {
    const server = await startTestServer(twilioTestDependencies({ mode: 'real', api }));
    try {
      const { app } = server;
      const agent = await createSignedInUser(app);
      const stranger = await createSignedInUser(app);
      const from = '+212661111111';
      const callSid = newCallSid();
      await queueCall(app, callSid, from);
      expect((await answerAsAgent(app, agent, callSid)).status).toBe(200);
      const { socket } = await openConsole(server.url, agent.cookie);
      const requeued = nextMatching<TEventEnvelope>(socket, 'event', (envelope) => envelope.event === 'call.queued' && envelope.room === `user:${agent.user.id}`);

      const dial = await (await postSigned(app, '/webhooks/twilio/voice/dial-result', callParams(callSid, from, { DialCallStatus: 'no-answer', DialCallSid: newCallSid() }))).text();
      expect(dial).toContain('<Enqueue');
      expect((await requeued).payload).toMatchObject({ call: { callSid, phase: 'queued', agentId: null } });

      const before = api.requests.length;
      const refused = await control(app, agent.cookie, callSid, { action: 'hangup' });
      expect(refused.status).toBe(409);
      expect(await json(refused)).toEqual({
        error: { code: 'conflict', message: 'this call went back to the queue: your softphone did not pick up', details: { reason: 'call-requeued', phase: 'queued', onHold: false } },
      });
      // An agent who never had the call is still refused outright; Twilio is left alone.
      expect((await control(app, stranger.cookie, callSid, { action: 'hangup' })).status).toBe(403);
      expect(api.requests.length).toBe(before);
      expect(await getCall(app, agent.cookie, callSid)).toMatchObject({ phase: 'queued', agentId: null });
      socket.close();
    } finally {
      await server.close();
    }
  });

  it('taken by a colleague, or over: 409 call-taken, then call-ended', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const colleague = await createSignedInUser(app);
    const from = '+212661121212';
    const callSid = newCallSid();
    await queueCall(app, callSid, from);
    await answerAsAgent(app, agent, callSid);
    await postSigned(app, '/webhooks/twilio/voice/dial-result', callParams(callSid, from, { DialCallStatus: 'no-answer', DialCallSid: newCallSid() }));
    expect((await answerAsAgent(app, colleague, callSid)).status).toBe(200);
    const taken = await control(app, agent.cookie, callSid, { action: 'hangup' });
    expect(taken.status).toBe(409);
    expect((await json(taken)).error.details).toEqual({ reason: 'call-taken', phase: 'connecting', onHold: false });

    await postSigned(app, '/webhooks/twilio/voice/status', callParams(callSid, from, { CallStatus: 'completed', SequenceNumber: '3' }));
    expect((await json(await control(app, agent.cookie, callSid, { action: 'hangup' }))).error.details).toEqual({ reason: 'call-ended', phase: 'ended', onHold: false });
    expect((await json(await control(app, colleague.cookie, callSid, { action: 'hangup' }))).error.details).toEqual({ reason: 'call-ended', phase: 'ended', onHold: false });
  });
});

describe('the controls in simulation mode', () => {
  it('are recorded without Twilio, and handed to `npm run simulate` in order; a hang-up ends the call', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const from = '+212661080808';
    const { callSid } = await connectedCall(app, agent, from);
    const before = api.requests.length;
    const next = async (seen: number) => (await postSigned(app, '/webhooks/twilio/voice/simulation-next', callParams(callSid, from, { Seen: String(seen) }))).text();
    expect(await next(0)).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');

    expect((await control(app, agent.cookie, callSid, { action: 'hold' })).status).toBe(200);
    expect((await control(app, agent.cookie, callSid, { action: 'resume' })).status).toBe(200);
    await postSigned(app, `/webhooks/twilio/voice/status?leg=agent&parent=${callSid}`, { CallSid: newCallSid(), ParentCallSid: callSid, CallStatus: 'in-progress', SequenceNumber: '1' });
    expect((await control(app, agent.cookie, callSid, { action: 'hangup' })).status).toBe(200);
    expect(api.requests.length).toBe(before);

    expect(await next(0)).toContain(`<Redirect method="POST">${TEST_PUBLIC_URL}/webhooks/twilio/voice/hold?lang=ar</Redirect>`);
    expect(await next(1)).toContain(`<Redirect method="POST">${TEST_PUBLIC_URL}/webhooks/twilio/voice/connect?agent=${agent.user.id}</Redirect>`);
    expect(await next(2)).toContain('<Hangup/>');
    expect(await getCall(app, agent.cookie, callSid)).toMatchObject({ phase: 'ended', status: 'completed', result: 'answered', simulated: true });
  });

  it('has no simulation route with a real Twilio account', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const response = await postSigned(app, '/webhooks/twilio/voice/simulation-next', callParams(newCallSid(), '+212661090909', { Seen: '0' }));
    expect(response.status).toBe(404);
  });
});

describe('closing callback tasks by hand', () => {
  async function abandonedCall(app: TwilioTestApp, from: string) {
    const callSid = newCallSid();
    await queueCall(app, callSid, from);
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, from, { QueueResult: 'hangup', QueueTime: '64' }));
    return `callback:${callSid}`;
  }
  const closeTask = (app: TwilioTestApp, cookie: string, id: string, body: unknown) => app.request(`/api/calls/callbacks/${id}`, jsonRequest('PATCH', body, cookie));
  const openTasks = async (app: TwilioTestApp, cookie: string) =>
    (await json(await app.request('/api/calls/callbacks', { headers: { Cookie: cookie } }))).items.map((task: { id: string }) => task.id);

  it('dismisses or completes a task: it leaves the open list, and consoles hear of it', async () => {
    const server = await startTestServer(twilioTestDependencies({ mode: 'simulated' }));
    try {
      const { app } = server;
      const agent = await createSignedInUser(app);
      const dismissed = await abandonedCall(app, '+212662010101');
      const completed = await abandonedCall(app, '+212662020202');
      expect(await openTasks(app, agent.cookie)).toEqual(expect.arrayContaining([dismissed, completed]));
      const { socket } = await openConsole(server.url, agent.cookie);
      const heard = nextMatching<TEventEnvelope>(
        socket,
        'event',
        (envelope) => envelope.event === 'callback.updated' && (envelope.payload as { task: { id: string; status: string } }).task.id === dismissed && (envelope.payload as { task: { status: string } }).task.status === 'done',
      );

      const response = await closeTask(app, agent.cookie, dismissed, { resolution: 'dismissed' });
      expect(response.status).toBe(200);
      expect(await json(response)).toMatchObject({ id: dismissed, status: 'done', resolution: 'dismissed', doneAt: expect.any(String), waitSeconds: 64 });
      await heard;
      expect(await json(await closeTask(app, agent.cookie, completed, { resolution: 'completed' }))).toMatchObject({ status: 'done', resolution: 'completed' });
      expect(await CallbackTaskModel.findById(dismissed).lean()).toMatchObject({ status: 'done', resolution: 'dismissed', doneById: new mongoose.Types.ObjectId(agent.user.id) });
      const open = await openTasks(app, agent.cookie);
      expect(open).not.toContain(dismissed);
      expect(open).not.toContain(completed);
      const done = await json(await app.request('/api/calls/callbacks?status=done', { headers: { Cookie: agent.cookie } }));
      expect(done.items.map((task: { id: string }) => task.id)).toEqual(expect.arrayContaining([dismissed, completed]));
      socket.close();
    } finally {
      await server.close();
    }
  });

  it('refuses a closed task (409), an unknown one (404), bad input (400) and the anonymous (401)', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const supervisor = await createSignedInUser(app, 'supervisor');
    const id = await abandonedCall(app, '+212662030303');
    expect((await closeTask(app, '', id, { resolution: 'dismissed' })).status).toBe(401);
    expect((await closeTask(app, agent.cookie, id, { resolution: 'forgotten' })).status).toBe(400);
    expect((await closeTask(app, agent.cookie, id, {})).status).toBe(400);
    expect((await closeTask(app, agent.cookie, 'callback:nonsense', { resolution: 'dismissed' })).status).toBe(400);
    expect((await closeTask(app, agent.cookie, `callback:${newCallSid()}`, { resolution: 'dismissed' })).status).toBe(404);
    expect((await closeTask(app, supervisor.cookie, id, { resolution: 'completed' })).status).toBe(200);
    const again = await closeTask(app, agent.cookie, id, { resolution: 'dismissed' });
    expect(again.status).toBe(409);
    expect((await json(again)).error).toMatchObject({ code: 'conflict', details: { resolution: 'completed' } });
  });

  it('parallel closes of one task: exactly one wins', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const id = await abandonedCall(app, '+212662040404');
    const statuses = await Promise.all(Array.from({ length: 5 }, async () => (await closeTask(app, agent.cookie, id, { resolution: 'completed' })).status));
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(4);
  });
});

describe('callback tasks under one lock', () => {
  async function abandonedCall(app: TwilioTestApp, from: string, queueTime = '64') {
    const callSid = newCallSid();
    await queueCall(app, callSid, from);
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, from, { QueueResult: 'hangup', QueueTime: queueTime }));
    return { callSid, id: `callback:${callSid}` };
  }
  const callBack = (app: TwilioTestApp, cookie: string, id: string) => app.request('/api/calls', jsonRequest('POST', { callbackId: id }, cookie));
  const dials = (from: number) => api.requests.slice(from).filter((request) => request.method === 'POST' && request.path.endsWith('/Calls.json'));

  it('two agents calling the same caller back at once: exactly one dials, the other gets 409 until the call is over', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const first = await createSignedInUser(app);
    const second = await createSignedInUser(app);
    const { id } = await abandonedCall(app, '+212662050505');
    const before = api.requests.length;

    const responses = await Promise.all([callBack(app, first.cookie, id), callBack(app, second.cookie, id)]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    expect(dials(before)).toHaveLength(1);
    const refused = responses.find((response) => response.status === 409)!;
    expect((await json(refused)).error).toMatchObject({ code: 'conflict', message: 'another agent is already calling this caller back' });
    const placed = await json(responses.find((response) => response.status === 201)!);
    expect(await CallbackTaskModel.findById(id).lean()).toMatchObject({ status: 'open', attempts: 1, lastCallSid: placed.callSid, dialingById: null });

    // Unanswered: the caller can be tried again, by anyone.
    await postSigned(app, '/webhooks/twilio/voice/status', { CallSid: placed.callSid, Direction: 'outbound-api', CallStatus: 'no-answer', SequenceNumber: '2' });
    expect((await callBack(app, second.cookie, id)).status).toBe(201);
    expect(await CallbackTaskModel.findById(id).lean()).toMatchObject({ status: 'open', attempts: 2 });
  });

  it('a closed task is not dialled (409), and a task Twilio refused to dial is free again', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const { id } = await abandonedCall(app, '+212662060606');
    api.replyNext({ status: 400, body: { code: 21211, message: 'Invalid To number', status: 400 } });
    expect((await callBack(app, agent.cookie, id)).status).toBe(503);
    expect(await CallbackTaskModel.findById(id).lean()).toMatchObject({ status: 'open', attempts: 0, dialingById: null, dialingSince: null });

    expect((await app.request(`/api/calls/callbacks/${id}`, jsonRequest('PATCH', { resolution: 'dismissed' }, agent.cookie))).status).toBe(200);
    const before = api.requests.length;
    const closed = await callBack(app, agent.cookie, id);
    expect(closed.status).toBe(409);
    expect((await json(closed)).error).toMatchObject({ code: 'conflict', message: 'this callback task is already closed', details: { resolution: 'dismissed' } });
    expect(dials(before)).toHaveLength(0);
  });

  it('a close racing the callbacks that correct the task never leaves it open', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const tasks = await Promise.all(Array.from({ length: 6 }, (_, index) => abandonedCall(app, `+21266207070${index}`, '30')));
    await Promise.all(
      tasks.map(({ callSid, id }, index) =>
        Promise.all([
          app.request(`/api/calls/callbacks/${id}`, jsonRequest('PATCH', { resolution: 'dismissed' }, agent.cookie)),
          // A later report of the same call: a longer wait, which the task takes.
          postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, `+21266207070${index}`, { QueueResult: 'leave', QueueTime: '90' })),
        ]),
      ),
    );
    for (const { id } of tasks) expect(await CallbackTaskModel.findById(id).lean()).toMatchObject({ status: 'done', resolution: 'dismissed', waitSeconds: 90 });
  });
});

describe('who may work a call, a callback task or a ticket from the calls API', () => {
  it('refuses agents outside the team (403) the details of a call, the linking to a ticket, closing a task and calling back; its members and supervisors may', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const member = await createSignedInUser(app);
    const outsider = await createSignedInUser(app);
    const supervisor = await createSignedInUser(app, 'supervisor');
    const team = await newTeam([member.user.id]);
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212661070707');
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, '+212661070707', { QueueResult: 'hangup', QueueTime: '20' }));
    await CallModel.updateOne({ _id: callSid }, { $set: { teamId: team._id } });
    const taskId = `callback:${callSid}`;
    await CallbackTaskModel.updateOne({ _id: taskId }, { $set: { teamId: team._id } });
    const ticket = await postTicket(app, supervisor.cookie);
    await TicketModel.updateOne({ _id: ticket.id }, { $set: { teamId: team._id, contactPhone: '+212661070708' } });
    const patchCall = (cookie: string, body: unknown) => app.request(`/api/calls/${callSid}`, jsonRequest('PATCH', body, cookie));

    const notes = await patchCall(outsider.cookie, { notes: 'not mine' });
    expect(notes.status).toBe(403);
    expect(await json(notes)).toEqual({ error: { code: 'forbidden', message: 'this call belongs to another team' } });
    const link = await patchCall(outsider.cookie, { ticketId: ticket.id });
    expect(link.status).toBe(403);
    expect(await TicketEntryModel.countDocuments({ ticketId: ticket.id, kind: 'call' })).toBe(0);
    const close = await app.request(`/api/calls/callbacks/${taskId}`, jsonRequest('PATCH', { resolution: 'dismissed' }, outsider.cookie));
    expect(await json(close)).toEqual({ error: { code: 'forbidden', message: 'this callback task belongs to another team' } });
    const before = api.requests.length;
    const dialTicket = await app.request('/api/calls', jsonRequest('POST', { ticketId: ticket.id }, outsider.cookie));
    expect(await json(dialTicket)).toEqual({ error: { code: 'forbidden', message: 'this ticket or callback belongs to another team' } });
    expect((await app.request('/api/calls', jsonRequest('POST', { callbackId: taskId }, outsider.cookie))).status).toBe(403);
    expect(api.requests.length).toBe(before);
    expect(await CallModel.findById(callSid).lean()).toMatchObject({ notes: '', ticketId: null });
    expect(await CallbackTaskModel.findById(taskId).lean()).toMatchObject({ status: 'open' });

    expect((await patchCall(member.cookie, { notes: 'called about the grant', ticketId: ticket.id })).status).toBe(200);
    expect(await TicketEntryModel.countDocuments({ ticketId: ticket.id, kind: 'call' })).toBe(1);
    expect((await patchCall(supervisor.cookie, { disposition: 'resolved' })).status).toBe(200);
    expect((await app.request('/api/calls', jsonRequest('POST', { ticketId: ticket.id }, member.cookie))).status).toBe(201);
    expect((await app.request(`/api/calls/callbacks/${taskId}`, jsonRequest('PATCH', { resolution: 'dismissed' }, supervisor.cookie))).status).toBe(200);
  });
});

describe('the live calls waiting', () => {
  it('are listed by phase', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const waiting = newCallSid();
    await queueCall(app, waiting, '+212662050505');
    const { callSid: talking } = await connectedCall(app, agent, '+212662060606');
    const list = await json(await app.request('/api/calls?phase=queued', { headers: { Cookie: agent.cookie } }));
    const sids = list.items.map((call: { callSid: string }) => call.callSid);
    expect(sids).toContain(waiting);
    expect(sids).not.toContain(talking);
    expect((await app.request('/api/calls?phase=sleeping', { headers: { Cookie: agent.cookie } })).status).toBe(400);
  });
});
