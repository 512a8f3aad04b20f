import mongoose from 'mongoose';
import { beforeEach, describe, expect, it } from 'vitest';
import { ZCallbackList } from '@mowakaba/shared/schemas/calls';
import { CallArchiveModel, CallModel } from '../../server/src/modules/calls/call.model.js';
import { archiveEndedCall } from '../../server/src/modules/calls/calls.service.js';
import { CallbackTaskModel } from '../../server/src/modules/calls/callback-task.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { TicketEntryModel } from '../../server/src/modules/tickets/ticket-entry.model.js';
import { createAgentInFoundingTeam, createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { createTestApp } from '../helpers/test-app.js';
import type { FeedEntry } from '../../server/src/platform/storage/index.js';
import { RealtimeEventModel } from '../../server/src/realtime/realtime-event.model.js';
import { answerAsAgent, callParams, CLOSED_HOURS, createTwilioTestApp, getCall, newCallSid, newRecordingSid, postSigned, queueCall, twilioTestDependencies, useFakeTwilioApi, type TwilioTestApp } from '../helpers/twilio.js';
import { createInterruptibleApp } from '../helpers/interrupted-changes.js';
import { followSearchIndex, searchAs } from '../helpers/ticket-search.js';

useTestDatabase();

const api = useFakeTwilioApi();

/** A caller who hung up in the queue, leaving an open callback task; returns the task's id. */
async function abandonedCall(app: TwilioTestApp, from: string, callSid = newCallSid()): Promise<string> {
  await queueCall(app, callSid, from);
  await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, from, { QueueResult: 'hangup', QueueTime: '40' }));
  return `callback:${callSid}`;
}

async function openCallbackTasks(app: TwilioTestApp, cookie: string) {
  return ZCallbackList.parse(await json(await app.request('/api/calls/callbacks?limit=100', { headers: { Cookie: cookie } }))).items;
}

describe('callback tasks have one owner', () => {
  it('of two agents pressing "call back" on one task at once, exactly one dials; the other is told someone already is', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const [first, second] = [await createSignedInUser(app), await createSignedInUser(app)];
    const taskId = await abandonedCall(app, '+212670515151');
    const dialsBefore = api.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/Calls.json')).length;

    const responses = await Promise.all([first, second].map((agent) => app.request('/api/calls', jsonRequest('POST', { callbackId: taskId }, agent.cookie))));
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    const refused = await json(responses.find((response) => response.status === 409)!);
    expect(refused).toMatchObject({ error: { code: 'conflict', message: 'another agent is already calling this caller back' } });
    expect(api.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/Calls.json')).length).toBe(dialsBefore + 1);
    expect(await CallbackTaskModel.findById(taskId).lean()).toMatchObject({ attempts: 1, dialingById: null, status: 'open' });
  });

  it('a close sent with a version the task no longer has is refused with 409; with the current one it closes', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const taskId = await abandonedCall(app, '+212670525252');
    const seen = (await openCallbackTasks(app, agent.cookie)).find((task) => task.id === taskId)!;
    expect(seen.version).toBe(1);

    // Meanwhile the agent calls the caller back: the task changes (an attempt more).
    expect((await app.request('/api/calls', jsonRequest('POST', { callbackId: taskId }, agent.cookie))).status).toBe(201);
    const stale = await app.request(`/api/calls/callbacks/${taskId}`, jsonRequest('PATCH', { resolution: 'dismissed', version: seen.version }, agent.cookie));
    expect(stale.status).toBe(409);
    expect(await json(stale)).toMatchObject({ error: { code: 'conflict', message: 'the callback task changed since you loaded it' } });
    expect(await CallbackTaskModel.findById(taskId).lean()).toMatchObject({ status: 'open', attempts: 1 });

    const current = (await openCallbackTasks(app, agent.cookie)).find((task) => task.id === taskId)!;
    expect(current.version).toBeGreaterThan(seen.version);
    const closed = await app.request(`/api/calls/callbacks/${taskId}`, jsonRequest('PATCH', { resolution: 'dismissed', version: current.version }, agent.cookie));
    expect(closed.status).toBe(200);
    expect(await json(closed)).toMatchObject({ id: taskId, status: 'done', resolution: 'dismissed', version: current.version + 1 });
  });

  it('every change of a callback task is on the change feed, which another node follows by position; consoles hear of it', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const supervisor = await createSignedInUser(app, 'supervisor');
    const otherNode = createTestApp();
    const seen: FeedEntry[] = [];
    const follower = otherNode.hub.feed.follow({ name: 'callback-test', apply: (entries) => void seen.push(...entries) });
    await follower.catchUp();

    const taskId = await abandonedCall(app, '+212670545454');
    expect((await app.request('/api/calls', jsonRequest('POST', { callbackId: taskId }, supervisor.cookie))).status).toBe(201);
    const closed = await app.request(`/api/calls/callbacks/${taskId}`, jsonRequest('PATCH', { resolution: 'dismissed' }, supervisor.cookie));
    expect(closed.status).toBe(200);

    // The other node reads what this one appended at its next look at the feed (asked for here, not waited for).
    await follower.catchUp();
    follower.stop();
    const ofTask = seen.filter((entry) => entry.stream === 'callback-task' && entry.recordId === taskId);
    expect(ofTask.map((entry) => [entry.type, entry.version])).toEqual([
      ['callback.updated', 1],
      ['callback.updated', 2],
      ['callback.updated', 3],
      ['callback.updated', 4],
    ]);
    expect(ofTask.at(-1)!.payload).toMatchObject({ task: { id: taskId, status: 'done', resolution: 'dismissed', attempts: 1, version: 4 } });
    const positions = ofTask.map((entry) => entry.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    // Announced from the feed, a moment after each change: supervisors see the whole number, agents' rooms a masked one.
    const tasksIn = async (room: string) =>
      (await RealtimeEventModel.find({ event: 'callback.updated', 'payload.task.id': taskId, room }).lean()).map((event) => (event.payload as { task: { version: number; phone: string } }).task);
    await expect.poll(async () => (await tasksIn('role:supervisor')).map((task) => task.version).sort(), { timeout: 5_000 }).toEqual([1, 2, 3, 4]);
    expect((await tasksIn('role:supervisor')).find((task) => task.version === 1)!.phone).toBe('+212670545454');
    await expect.poll(async () => (await tasksIn('role:agent')).length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect((await tasksIn('role:agent'))[0]!.phone).not.toBe('+212670545454');
  });

  it('a task stored before versions existed reads as version 0 and can still be closed', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const callSid = newCallSid();
    const now = new Date();
    await CallbackTaskModel.collection.insertOne({
      _id: `callback:${callSid}` as never,
      callSid,
      phone: '+212670535353',
      associationId: null,
      ticketId: null,
      teamId: null,
      queue: null,
      reason: 'abandoned',
      waitSeconds: 12,
      priorityAt: now,
      status: 'open',
      attempts: 0,
      lastCallSid: null,
      dialingById: null,
      dialingSince: null,
      doneAt: null,
      resolution: null,
      doneById: null,
      createdAt: now,
      updatedAt: now,
    });
    const old = (await openCallbackTasks(app, agent.cookie)).find((task) => task.id === `callback:${callSid}`)!;
    expect(old.version).toBe(0);
    const closed = await app.request(`/api/calls/callbacks/callback:${callSid}`, jsonRequest('PATCH', { resolution: 'completed', version: 0 }, agent.cookie));
    expect(closed.status).toBe(200);
    expect(await CallbackTaskModel.findById(`callback:${callSid}`).lean()).toMatchObject({ status: 'done', resolution: 'completed', version: 1 });
  });
});

describe('calls have one owner', () => {
  it("Twilio's status callbacks racing the agent's disposition and notes on one call all land: no field is lost", async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const association = await postAssociation(app, agent.cookie, { contacts: [{ name: 'Amina', role: '', phones: ['0665454545'], emails: [] }] });
    const ticket = await postTicket(app, agent.cookie, { associationId: association.id, contactId: association.contacts[0].id });
    const placed = await json(await app.request('/api/calls', jsonRequest('POST', { ticketId: ticket.id }, agent.cookie)));
    const status = (CallStatus: string, SequenceNumber: string) =>
      postSigned(app, '/webhooks/twilio/voice/status', { CallSid: placed.callSid, Direction: 'outbound-api', CallStatus, SequenceNumber });

    const [details] = await Promise.all([
      app.request(`/api/calls/${placed.callSid}`, jsonRequest('PATCH', { disposition: 'information-given', notes: 'يسأل عن ملف الشراكة' }, agent.cookie)),
      status('ringing', '1'),
      status('in-progress', '2'),
    ]);
    expect(details.status).toBe(200);
    const call = await getCall(app, agent.cookie, placed.callSid);
    expect(call).toMatchObject({ disposition: 'information-given', notes: 'يسأل عن ملف الشراكة', status: 'in-progress' });
    expect(Object.keys(call.statusTimes)).toEqual(expect.arrayContaining(['ringing', 'in-progress']));
    const stored = await CallModel.findById(placed.callSid).lean();
    // Created, then changed by the placement's own follow-up, the two callbacks and the agent: each a version.
    expect(stored!.version).toBeGreaterThanOrEqual(4);
  });

  it('a call stored before versions existed is still changed by the next callback', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app, 'supervisor');
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212670555555');
    await CallModel.collection.updateOne({ _id: callSid as never }, { $unset: { version: '' } });
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, '+212670555555', { QueueResult: 'hangup', QueueTime: '30' }));
    expect(await getCall(app, agent.cookie, callSid)).toMatchObject({ result: 'abandoned', callbackId: `callback:${callSid}` });
    expect(await CallbackTaskModel.findById(`callback:${callSid}`).lean()).toMatchObject({ reason: 'abandoned', waitSeconds: 30, version: 1 });
    expect(await CallModel.findById(callSid).lean()).toMatchObject({ version: 1 });
  });

  it("an agent's notes saved while the ended call moves to the archive are kept, and the call is kept once", async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const supervisor = await createSignedInUser(app, 'supervisor');
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212670565656');
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, '+212670565656', { QueueResult: 'hangup', QueueTime: '9' }));
    await postSigned(app, '/webhooks/twilio/voice/status', callParams(callSid, '+212670565656', { CallStatus: 'completed', SequenceNumber: '2' }));
    expect(await getCall(app, supervisor.cookie, callSid)).toMatchObject({ phase: 'ended' });

    const [, saved] = await Promise.all([
      archiveEndedCall({ payload: { callSid } }),
      app.request(`/api/calls/${callSid}`, jsonRequest('PATCH', { notes: 'Rappeler après 17 h' }, supervisor.cookie)),
    ]);
    expect(saved.status).toBe(200);
    expect(await getCall(app, supervisor.cookie, callSid)).toMatchObject({ notes: 'Rappeler après 17 h', result: 'abandoned' });
    const kept = [await CallModel.findById(callSid).lean(), await CallArchiveModel.findById(callSid).lean()].filter((call) => call !== null);
    // Either the move found the notes already there, or it saw them land and copied again: never two copies, never lost notes.
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ notes: 'Rappeler après 17 h' });
  });
});

describe('calls and callback tasks whose node could not finish their change', () => {
  // Each test's agent is the only one skilled for its caller (the founding team's queue).
  beforeEach(() => TeamModel.deleteMany({}));

  it('a caller who hung up as the node died still reaches the supervisors’ callback list live, a minute later', async () => {
    const { app, state, recover } = createInterruptibleApp(twilioTestDependencies({ mode: 'real', api }));
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212670565656');
    const taskId = `callback:${callSid}`;
    const announced = async () => (await RealtimeEventModel.find({ event: 'callback.updated', 'payload.task.id': taskId, room: 'role:supervisor' }).lean()).length;

    state.interrupted = true;
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, '+212670565656', { QueueResult: 'hangup', QueueTime: '40' }));
    state.interrupted = false;
    // Twilio asking again would change nothing: the call already knows the hang-up.
    expect((await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, '+212670565656', { QueueResult: 'hangup', QueueTime: '40' }))).status).toBe(200);
    expect(await CallbackTaskModel.findById(taskId).lean()).toMatchObject({ status: 'open', reason: 'abandoned' });
    expect(await announced()).toBe(0);

    expect(await recover(61)).toContainEqual({ kind: 'callback-task', recordId: taskId });
    await expect.poll(announced, { timeout: 5_000 }).toBe(1);
  });

  it('a task a late callback showed needless, deleted as the node died, leaves the supervisors’ lists a minute later', async () => {
    const { app, state, recover } = createInterruptibleApp(twilioTestDependencies({ mode: 'real', api }));
    const callSid = newCallSid();
    const from = '+212670545454';
    const taskId = await abandonedCall(app, from, callSid);
    const removals = async () => (await RealtimeEventModel.find({ event: 'callback.removed', 'payload.taskId': taskId, room: 'role:supervisor' }).lean()).map((event) => event.payload);
    expect(await CallbackTaskModel.findById(taskId).lean()).toMatchObject({ status: 'open', version: 1 });

    // Twilio's late word that an agent picked the caller up after all: the task is needless.
    state.interrupted = true;
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, from, { QueueResult: 'bridged', QueueTime: '40' }));
    state.interrupted = false;
    expect(await CallbackTaskModel.findById(taskId).lean()).toBeNull();
    expect(await removals()).toEqual([]);

    await recover(61);
    await expect.poll(removals, { timeout: 5_000 }).toEqual([{ taskId, version: 2 }]);
  });

  it('a caller queued as the node died before announcing them reaches the waiting lists a minute later', async () => {
    const { app, state, recover } = createInterruptibleApp(twilioTestDependencies({ mode: 'real', api }));
    const callSid = newCallSid();
    const from = '+212670585858';
    const waitingAnnounced = async () =>
      (await RealtimeEventModel.find({ event: { $in: ['call.queued', 'call.updated'] }, 'payload.call.callSid': callSid, room: 'role:supervisor' }).lean()).filter(
        (event) => (event.payload as { call: { phase: string } }).call.phase === 'queued',
      ).length;
    expect((await postSigned(app, '/webhooks/twilio/voice', callParams(callSid, from, { CallStatus: 'ringing' }))).status).toBe(200);
    expect((await postSigned(app, '/webhooks/twilio/voice/language?attempt=1', callParams(callSid, from, { Digits: '1' }))).status).toBe(200);
    state.interrupted = true;
    // The call is stored as queued; its announcement is what the node did not live to append.
    await postSigned(app, '/webhooks/twilio/voice/topic?lang=ar&attempt=1', callParams(callSid, from, { Digits: '1' }));
    state.interrupted = false;
    expect(await CallModel.findById(callSid).lean()).toMatchObject({ phase: 'queued' });
    expect(await waitingAnnounced()).toBe(0);

    expect(await recover(61)).toContainEqual({ kind: 'call', recordId: callSid });
    await expect.poll(waitingAnnounced, { timeout: 5_000 }).toBe(1);
  });

  it('a call arriving as the node died, before it reached the call log, is in the log a minute later', async () => {
    const { app, state, recover } = createInterruptibleApp(twilioTestDependencies({ mode: 'real', api }));
    const supervisor = await createSignedInUser(app, 'supervisor');
    const callSid = newCallSid();
    const inCallLog = async () =>
      (await json(await app.request('/api/calls?limit=100', { headers: { Cookie: supervisor.cookie } }))).items.some((call: { callSid: string }) => call.callSid === callSid);

    state.listWritesFail = true;
    await postSigned(app, '/webhooks/twilio/voice', callParams(callSid, '+212670414141', { CallStatus: 'ringing' }));
    state.listWritesFail = false;
    expect(await CallModel.findById(callSid).lean()).toMatchObject({ phase: 'menu', version: 1 });
    expect(await inCallLog()).toBe(false);

    expect(await recover(61)).toContainEqual({ kind: 'call', recordId: callSid });
    expect(await inCallLog()).toBe(true);
  });

  it("an agent's call notes saved as the node died reach the consoles and ticket search a minute later", async () => {
    const { app, hub, state, recover } = createInterruptibleApp(twilioTestDependencies({ mode: 'real', api }));
    const search = followSearchIndex(hub);
    const agent = await createAgentInFoundingTeam(app);
    const admin = await createSignedInUser(app, 'admin');
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212670424242');
    expect((await answerAsAgent(app, agent, callSid)).status).toBe(200);
    const ticketId = (await getCall(app, agent.cookie, callSid)).ticketId as string;
    const dispositionAnnounced = async () =>
      (await RealtimeEventModel.find({ event: 'call.updated', 'payload.call.callSid': callSid }).lean()).some(
        (event) => (event.payload as { call: { disposition: string | null } }).call.disposition === 'information-given',
      );
    const notesFound = async () => {
      await search.settle();
      return (await searchAs(app, admin.cookie, 'الشراكة')).results.some((result) => result.ticket.id === ticketId);
    };
    // Every change of the call so far finished: no note of it is left for the pass to find.
    await expect.poll(() => mongoose.connection.collection('change_journal').countDocuments({ kind: 'call', recordId: callSid })).toBe(0);

    state.interrupted = true;
    await app.request(`/api/calls/${callSid}`, jsonRequest('PATCH', { disposition: 'information-given', notes: 'يسأل عن ملف الشراكة' }, agent.cookie));
    state.interrupted = false;
    expect(await CallModel.findById(callSid).lean()).toMatchObject({ disposition: 'information-given' });
    expect(await dispositionAnnounced()).toBe(false);
    expect(await notesFound()).toBe(false);

    expect(await recover(61)).toContainEqual({ kind: 'call', recordId: callSid });
    await expect.poll(dispositionAnnounced, { timeout: 5_000 }).toBe(true);
    expect(await notesFound()).toBe(true);
    search.stop();
  });

  /** A caller out of hours on an app that can be interrupted, and the recording callback of their voicemail, not yet sent. */
  async function voicemailCaller(from: string) {
    const { app, state, recover } = createInterruptibleApp(twilioTestDependencies({ mode: 'simulated', now: CLOSED_HOURS }));
    const callSid = newCallSid();
    await postSigned(app, '/webhooks/twilio/voice', callParams(callSid, from, { CallStatus: 'ringing' }));
    const recording = { CallSid: callSid, RecordingSid: newRecordingSid(), RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE9', RecordingStatus: 'completed', RecordingDuration: '21' };
    return { app, state, recover, callSid, recording };
  }

  describe('a voicemail whose node died before its ticket opened', () => {
    async function voicemailLeftWithoutTicket(from: string) {
      const { app, state, recover, callSid, recording } = await voicemailCaller(from);
      // The call's write lands; the node dies writing the call log, before the ticket.
      state.listWritesFail = true;
      await postSigned(app, '/webhooks/twilio/voice/recording?kind=voicemail', recording);
      state.listWritesFail = false;
      expect(await CallModel.findById(callSid).lean()).toMatchObject({ result: 'voicemail', ticketId: null });
      const linkAnnounced = async () =>
        (await RealtimeEventModel.find({ event: 'call.updated', 'payload.call.callSid': callSid }).lean()).some((event) => (event.payload as { call: { ticketId: string | null } }).call.ticketId !== null);
      const expectOneTicketWithItsTask = async () => {
        const linked = await CallModel.findById(callSid).lean();
        expect(linked!.ticketId).not.toBeNull();
        expect(await TicketModel.countDocuments({ contactPhone: from })).toBe(1);
        expect(await CallbackTaskModel.findById(`callback:${callSid}`).lean()).toMatchObject({ reason: 'voicemail', status: 'open', ticketId: linked!.ticketId });
        await expect.poll(linkAnnounced, { timeout: 5_000 }).toBe(true);
      };
      return { app, state, recover, callSid, recording, linkAnnounced, expectOneTicketWithItsTask };
    }

    it('gets its ticket, callback task and announcement from the recovery pass a minute later', async () => {
      const { recover, callSid, expectOneTicketWithItsTask } = await voicemailLeftWithoutTicket('+212670434343');
      expect(await recover(61)).toContainEqual({ kind: 'call', recordId: callSid });
      await expectOneTicketWithItsTask();
    });

    it('gets one ticket when Twilio sends the recording again before the pass, even if that node dies announcing it', async () => {
      const { app, state, recover, callSid, recording, linkAnnounced, expectOneTicketWithItsTask } = await voicemailLeftWithoutTicket('+212670444444');
      state.interrupted = true;
      await postSigned(app, '/webhooks/twilio/voice/recording?kind=voicemail', recording);
      state.interrupted = false;
      expect((await CallModel.findById(callSid).lean())!.ticketId).not.toBeNull();
      expect(await linkAnnounced()).toBe(false);

      expect(await recover(61)).toContainEqual({ kind: 'call', recordId: callSid });
      await expectOneTicketWithItsTask();
    });
  });

  describe("an agent's link of a call to another ticket, saved as the node died", () => {
    async function linkedAsTheNodeDied(from: string) {
      const { app, state, recover } = createInterruptibleApp(twilioTestDependencies({ mode: 'real', api }));
      const agent = await createAgentInFoundingTeam(app);
      const callSid = newCallSid();
      await queueCall(app, callSid, from);
      expect((await answerAsAgent(app, agent, callSid)).status).toBe(200);
      const other = await postTicket(app, agent.cookie, { subject: 'ملف المنحة السنوية', topic: 'founding' });
      const callsOnTimeline = async (ticketId: string) =>
        (await json(await app.request(`/api/tickets/${ticketId}/timeline`, { headers: { Cookie: agent.cookie } }))).items.filter((item: { kind: string; data: { callSid?: string } }) => item.kind === 'call' && item.data.callSid === callSid).length;
      // The call's link is saved; the node dies before the call's entry on the ticket.
      state.journalOpenFails = (kind) => kind === 'ticket-entry';
      await app.request(`/api/calls/${callSid}`, jsonRequest('PATCH', { ticketId: other.id }, agent.cookie));
      state.journalOpenFails = undefined;
      expect((await CallModel.findById(callSid).lean())!.ticketId?.toString()).toBe(other.id);
      expect(await callsOnTimeline(other.id)).toBe(0);
      return { app, agent, state, recover, callSid, other, callsOnTimeline };
    }

    it("puts the call on that ticket's timeline a minute later", async () => {
      const { recover, callSid, other, callsOnTimeline } = await linkedAsTheNodeDied('+212670464646');
      expect(await recover(61)).toContainEqual({ kind: 'call', recordId: callSid });
      expect(await callsOnTimeline(other.id)).toBe(1);
    });

    it('puts it on the ticket that one was merged into meanwhile, once', async () => {
      const { app, agent, state, recover, callSid, other, callsOnTimeline } = await linkedAsTheNodeDied('+212670474747');
      const target = await postTicket(app, agent.cookie, { subject: 'ملف الجمعية الموحد', topic: 'founding' });
      const merged = await app.request(`/api/tickets/${other.id}/merge`, jsonRequest('POST', { targetTicketId: target.id, version: other.version }, agent.cookie));
      expect(merged.status).toBe(200);
      expect(await recover(61)).toContainEqual({ kind: 'call', recordId: callSid });
      expect(await callsOnTimeline(target.id)).toBe(1);
      // A later change of the call the node also died announcing: the pass finds the entry, it does not write a second.
      state.interrupted = true;
      await app.request(`/api/calls/${callSid}`, jsonRequest('PATCH', { notes: 'rappel demandé' }, agent.cookie));
      state.interrupted = false;
      expect(await recover(61)).toContainEqual({ kind: 'call', recordId: callSid });
      expect(await callsOnTimeline(target.id)).toBe(1);
    });
  });

  describe('a voicemail whose node died after opening its ticket, before linking it', () => {
    async function voicemailWithUnlinkedTicket(from: string) {
      const { app, state, recover, callSid, recording } = await voicemailCaller(from);
      // The ticket and its call entry are written; the node dies writing the call's link to them.
      state.versionedWriteFails = (collection, change) => collection === CallModel.collection.collectionName && change.set !== undefined && 'callbackId' in change.set;
      await postSigned(app, '/webhooks/twilio/voice/recording?kind=voicemail', recording);
      state.versionedWriteFails = undefined;
      expect(await CallModel.findById(callSid).lean()).toMatchObject({ result: 'voicemail', ticketId: null });
      const opened = await TicketModel.find({ contactPhone: from }).lean();
      expect(opened).toHaveLength(1);
      return { app, recover, callSid, opened: opened[0]! };
    }
    const expectLinkedTo = async (callSid: string, ticketId: mongoose.Types.ObjectId) => {
      expect((await CallModel.findById(callSid).lean())!.ticketId?.toString()).toBe(ticketId.toString());
      expect(await CallbackTaskModel.findById(`callback:${callSid}`).lean()).toMatchObject({ reason: 'voicemail', ticketId });
    };

    it('gets that ticket from the recovery pass, not a second one', async () => {
      const from = '+212670454545';
      const { recover, callSid, opened } = await voicemailWithUnlinkedTicket(from);
      expect(await recover(61)).toContainEqual({ kind: 'call', recordId: callSid });
      await expectLinkedTo(callSid, opened._id);
      expect(await TicketModel.countDocuments({ contactPhone: from })).toBe(1);
      expect(await TicketEntryModel.countDocuments({ ticketId: opened._id, kind: 'call' })).toBe(1);
    });

    it('gets the ticket an agent merged that one into meanwhile', async () => {
      const from = '+212670464747';
      const { app, recover, callSid, opened } = await voicemailWithUnlinkedTicket(from);
      const supervisor = await createSignedInUser(app, 'supervisor');
      const target = await postTicket(app, supervisor.cookie, { subject: 'ملف الجمعية', topic: 'founding' });
      const merged = await app.request(`/api/tickets/${opened._id.toString()}/merge`, jsonRequest('POST', { targetTicketId: target.id, version: opened.version }, supervisor.cookie));
      expect(merged.status).toBe(200);

      expect(await recover(61)).toContainEqual({ kind: 'call', recordId: callSid });
      await expectLinkedTo(callSid, new mongoose.Types.ObjectId(target.id as string));
      expect(await TicketModel.countDocuments({ contactPhone: from })).toBe(1);
      // The merge moved the call's entry to the target: the pass finds it there, not writing a second.
      expect(await TicketEntryModel.countDocuments({ ticketId: new mongoose.Types.ObjectId(target.id as string), kind: 'call' })).toBe(1);
    });
  });


  it('a node that died right after writing the hang-up leaves the callback task to the recovery pass, which makes and announces it', async () => {
    const { app, state, recover } = createInterruptibleApp(twilioTestDependencies({ mode: 'real', api }));
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212670575757');
    const taskId = `callback:${callSid}`;
    state.interrupted = true;
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, '+212670575757', { QueueResult: 'hangup', QueueTime: '40' }));
    state.interrupted = false;
    // As if the node had died right after the call's write: no task, and so no note of one.
    await CallbackTaskModel.deleteOne({ _id: taskId });
    await mongoose.connection.collection('change_journal').deleteMany({ kind: 'callback-task', recordId: taskId });
    const supervisor = await createSignedInUser(app, 'supervisor');
    expect(await getCall(app, supervisor.cookie, callSid)).toMatchObject({ phase: 'ended', result: 'abandoned' });

    expect(await recover(61)).toContainEqual({ kind: 'call', recordId: callSid });
    expect(await CallbackTaskModel.findById(taskId).lean()).toMatchObject({ status: 'open', reason: 'abandoned' });
    await expect
      .poll(async () => (await RealtimeEventModel.find({ event: 'callback.updated', 'payload.task.id': taskId, room: 'role:supervisor' }).lean()).length, { timeout: 5_000 })
      .toBe(1);
    await expect
      .poll(async () => (await RealtimeEventModel.find({ event: 'call.updated', 'payload.call.callSid': callSid }).lean()).some((event) => (event.payload as { call: { phase: string } }).call.phase === 'ended'), { timeout: 5_000 })
      .toBe(true);
  });

  it('an agent whose caller hung up as the node died is put in wrap-up by the recovery pass, not left on the call', async () => {
    const { app, state, recover } = createInterruptibleApp(twilioTestDependencies({ mode: 'real', api }));
    const agent = await createAgentInFoundingTeam(app);
    const callSid = newCallSid();
    const from = '+212670595959';
    await queueCall(app, callSid, from);
    expect((await answerAsAgent(app, agent, callSid)).status).toBe(200);
    const legSid = newCallSid();
    await postSigned(app, `/webhooks/twilio/voice/status?leg=agent&parent=${callSid}`, { CallSid: legSid, ParentCallSid: callSid, CallStatus: 'in-progress', SequenceNumber: '1' });
    const presence = async () => (await json(await app.request('/api/presence/me', { headers: { Cookie: agent.cookie } }))) as { state: string; callSid: string | null };
    expect(await presence()).toMatchObject({ state: 'busy', callSid });

    state.interrupted = true;
    await postSigned(app, '/webhooks/twilio/voice/status', callParams(callSid, from, { CallStatus: 'completed', CallDuration: '95', SequenceNumber: '2' }));
    state.interrupted = false;
    // The call is stored as ended; the node died before its agent's presence followed it.
    expect(await CallModel.findById(callSid).lean()).toMatchObject({ phase: 'ended', result: 'answered' });
    expect(await presence()).toMatchObject({ state: 'busy', callSid });

    expect(await recover(61)).toContainEqual({ kind: 'call', recordId: callSid });
    expect(await presence()).toMatchObject({ state: 'wrap-up', callSid });
    // Run again (a second node's pass, a redelivery), it changes nothing more.
    await recover(62);
    expect(await presence()).toMatchObject({ state: 'wrap-up', callSid });
  });
});
