import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import type { TEventEnvelope } from '@mowakaba/shared/events';
import { runDueJobs, scheduleJob } from '../../server/src/jobs/job-runner.js';
import { CallArchiveModel, CallModel } from '../../server/src/modules/calls/call.model.js';
import { ARCHIVE_CALL_JOB, CALL_ARCHIVE_DELAY_MS, archiveEndedCall, createSimulatedPartyHandler } from '../../server/src/modules/calls/calls.service.js';
import { SIMULATED_ANSWER_DELAY_MS, SIMULATED_PARTY_JOB, SIMULATED_RING_DELAY_MS } from '../../server/src/modules/calls/simulated-called-party.js';
import { CallbackTaskModel } from '../../server/src/modules/calls/callback-task.model.js';
import { AgentStateModel } from '../../server/src/modules/presence/agent-state.model.js';
import { createManualClock } from '../../server/src/platform/clock.js';
import { chooseStorage } from '../../server/src/platform/storage/index.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createTwilioGateway } from '../../server/src/twilio/twilio-gateway.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { TEST_PUBLIC_URL } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { nextMatching, openConsole, startTestServer } from '../helpers/test-server.js';
import {
  CENTER_NUMBER,
  TEST_ACCOUNT_SID,
  TEST_API_KEY,
  TEST_API_SECRET,
  TEST_TWIML_APP_SID,
  callParams,
  createTwilioTestApp,
  getCall,
  answerAsAgent,
  newCallSid,
  newRecordingSid,
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

const basicAuth = `Basic ${Buffer.from(`${TEST_API_KEY}:${TEST_API_SECRET}`).toString('base64')}`;


describe('a full call', () => {
  it('rings, goes through the menu, queues, is accepted in the console, connects, completes, and is logged and linked', async () => {
    const server = await startTestServer(twilioTestDependencies({ mode: 'real', api }));
    try {
      const { app } = server;
      const agent = await createSignedInUser(app);
      const colleague = await createSignedInUser(app);
      const team = await TeamModel.create({
        key: `front-${Date.now()}`,
        name: { ar: 'الاستقبال', fr: 'Accueil', en: 'Front' },
        skills: { languages: ['ar'], topics: ['founding'] },
        memberIds: [new mongoose.Types.ObjectId(agent.user.id), new mongoose.Types.ObjectId(colleague.user.id)],
      });
      const association = await postAssociation(app, agent.cookie, {
        name: { ar: 'جمعية الأمل', fr: 'Association Al Amal' },
        contacts: [{ name: 'Khadija', role: 'présidente', phones: ['+212 661-44-55-66'], emails: [] }],
      });
      const { socket } = await openConsole(server.url, agent.cookie);
      const callSid = newCallSid();
      const from = '+212661445566';

      const queuedEvent = nextMatching<TEventEnvelope>(socket, 'event', (envelope) => envelope.event === 'call.queued');
      await queueCall(app, callSid, from);
      const queued = await queuedEvent;
      expect(queued.room).toBe(`team:${team._id.toString()}`);
      expect(queued.payload).toMatchObject({ call: { callSid, phase: 'queued', associationId: association.id, language: 'ar', topic: 'founding' } });

      // Accepting asks Twilio to move exactly this caller to a TwiML that rings exactly this agent.
      const updatedEvent = nextMatching<TEventEnvelope>(socket, 'event', (envelope) => envelope.event === 'call.updated' && (envelope.payload as { call: { agentId: string | null } }).call.agentId === agent.user.id);
      const requestsBefore = api.requests.length;
      const accepted = await answerAsAgent(app, agent, callSid);
      expect(accepted.status).toBe(200);
      const acceptedCall = await json(accepted);
      expect(acceptedCall).toMatchObject({ phase: 'connecting', agentId: agent.user.id, suggestedTicketId: null });
      expect(api.requests.slice(requestsBefore)).toEqual([
        {
          method: 'POST',
          path: `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Calls/${callSid}.json`,
          authorization: basicAuth,
          form: { Url: `${TEST_PUBLIC_URL}/webhooks/twilio/voice/connect?agent=${agent.user.id}`, Method: 'POST' },
        },
      ]);
      await updatedEvent;
      const late = await answerAsAgent(app, colleague, callSid);
      expect(late.status).toBe(409);
      expect(api.requests.length).toBe(requestsBefore + 1);

      // Twilio follows the redirect: the TwiML dials this agent's softphone only, with the call's SID.
      const connect = await (await postSigned(app, `/webhooks/twilio/voice/connect?agent=${agent.user.id}`, callParams(callSid, from))).text();
      expect(connect).toMatch(new RegExp(`<Dial [^>]*record="record-from-answer-dual"[^>]*><Client [^>]*><Identity>${agent.user.id}</Identity><Parameter name="callSid" value="${callSid}"/></Client></Dial>`));
      const stale = await (await postSigned(app, `/webhooks/twilio/voice/connect?agent=${colleague.user.id}`, callParams(callSid, from))).text();
      expect(stale).toContain('<Enqueue');

      const legSid = newCallSid();
      const callbacks: Array<[string, Record<string, string>]> = [
        ['/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, from, { QueueResult: 'redirected', QueueTime: '31' })],
        [`/webhooks/twilio/voice/status?leg=agent&parent=${callSid}`, { CallSid: legSid, ParentCallSid: callSid, CallStatus: 'in-progress', SequenceNumber: '1', Timestamp: 'Mon, 23 Nov 2026 10:01:00 +0000' }],
        ['/webhooks/twilio/voice/dial-result', callParams(callSid, from, { DialCallSid: legSid, DialCallStatus: 'completed', DialCallDuration: '185' })],
        ['/webhooks/twilio/voice/recording?kind=conversation', { CallSid: callSid, RecordingSid: newRecordingSid(), RecordingUrl: 'https://api.twilio.com/rec/1', RecordingStatus: 'completed', RecordingDuration: '184' }],
        ['/webhooks/twilio/voice/status', callParams(callSid, from, { CallStatus: 'completed', CallDuration: '240', SequenceNumber: '2', Timestamp: 'Mon, 23 Nov 2026 10:04:10 +0000' })],
      ];
      for (const [path, params] of callbacks) expect((await postSigned(app, path, params)).status).toBe(200);

      const logged = await getCall(app, agent.cookie, callSid);
      expect(logged).toMatchObject({
        direction: 'inbound',
        from,
        associationId: association.id,
        contactId: association.contacts[0].id,
        phase: 'ended',
        status: 'completed',
        result: 'answered',
        agentId: agent.user.id,
        queueWaitSeconds: 31,
        talkSeconds: 185,
        // Played through the server, never from Twilio's URL.
        recording: { url: `/api/calls/${callSid}/recording`, durationSeconds: 184, kind: 'conversation' },
        endedAt: '2026-11-23T10:04:10.000Z',
        simulated: false,
      });
      // No open ticket existed, so one was opened for the call, with the call on its timeline.
      expect(logged.ticketId).not.toBeNull();
      const ticket = await json(await app.request(`/api/tickets/${logged.ticketId}`, { headers: { Cookie: agent.cookie } }));
      expect(ticket).toMatchObject({ channel: 'voice', associationId: association.id, subject: 'مكالمة من جمعية الأمل', topic: 'founding', contactPhone: from });
      const timeline = await json(await app.request(`/api/tickets/${logged.ticketId}/timeline`, { headers: { Cookie: agent.cookie } }));
      expect(timeline.items.map((entry: { kind: string; data: { callSid?: string } | null }) => [entry.kind, entry.data?.callSid])).toContainEqual(['call', callSid]);

      const history = await json(await app.request(`/api/associations/${association.id}/timeline`, { headers: { Cookie: agent.cookie } }));
      expect(history.items.map((item: { kind: string }) => item.kind)).toEqual(expect.arrayContaining(['call', 'ticket']));
      socket.close();
      // The other tests' tickets and calls are in no team: any of their agents may work them.
      await TeamModel.deleteOne({ _id: team._id });
    } finally {
      await server.close();
    }
  });
});

describe('accepting and linking calls', () => {
  it('suggests the association’s open ticket instead of opening one; the agent links it with a disposition and notes', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const association = await postAssociation(app, agent.cookie, { contacts: [{ name: 'Said', role: '', phones: ['0662121212'], emails: [] }] });
    const open = await postTicket(app, agent.cookie, { associationId: association.id });
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212662121212');
    const accepted = await json(await answerAsAgent(app, agent, callSid));
    expect(accepted).toMatchObject({ suggestedTicketId: open.id, ticketId: null });

    const linked = await app.request(`/api/calls/${callSid}`, jsonRequest('PATCH', { ticketId: open.id, disposition: 'information-given', notes: 'Documents pour le renouvellement du bureau.' }, agent.cookie));
    expect(linked.status).toBe(200);
    expect(await json(linked)).toMatchObject({ ticketId: open.id, suggestedTicketId: null, disposition: 'information-given', notes: 'Documents pour le renouvellement du bureau.' });
    const bad = await app.request(`/api/calls/${callSid}`, jsonRequest('PATCH', { disposition: 'shrug' }, agent.cookie));
    expect(bad.status).toBe(400);
    const unknownTicket = await app.request(`/api/calls/${callSid}`, jsonRequest('PATCH', { ticketId: '0123456789abcdef01234567' }, agent.cookie));
    expect(unknownTicket.status).toBe(404);
  });

  it('puts the caller back in the queue when the agent’s softphone does not answer, and rings another agent', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const colleague = await createSignedInUser(app);
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212670101010', '2', '3');
    await answerAsAgent(app, agent, callSid);
    await app.request('/api/presence/me', jsonRequest('PUT', { state: 'available' }, colleague.cookie));
    const again = await (await postSigned(app, '/webhooks/twilio/voice/dial-result', callParams(callSid, '+212670101010', { DialCallStatus: 'no-answer', DialCallSid: newCallSid() }))).text();
    expect(again).toContain('Le conseiller n’est pas disponible');
    expect(again).toContain('<Enqueue');
    // Queued again, the call rings the colleague; the agent whose softphone did not pick up is not rung again.
    expect(await getCall(app, agent.cookie, callSid)).toMatchObject({ phase: 'queued', offer: { agentId: colleague.user.id } });
    expect((await app.request(`/api/calls/${callSid}/accept`, jsonRequest('POST', {}, agent.cookie))).status).toBe(409);
    expect((await answerAsAgent(app, colleague, callSid)).status).toBe(200);
  });

  it('answers 503 and keeps the caller queued when Twilio refuses to move the call', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212670202020');
    api.replyNext({ status: 404, body: { code: 20404, message: 'The requested resource was not found', status: 404 } });
    const refused = await answerAsAgent(app, agent, callSid);
    expect(refused.status).toBe(503);
    expect((await json(refused)).error).toMatchObject({ code: 'service_unavailable', details: { twilioCode: '20404' } });
    expect((await getCall(app, agent.cookie, callSid)).phase).toBe('queued');
  });

  it('in simulation mode, moves an accepted caller at their next wait page', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212670303030');
    const requestsBefore = api.requests.length;
    expect((await answerAsAgent(app, agent, callSid)).status).toBe(200);
    expect(api.requests.length).toBe(requestsBefore);
    const wait = await (await postSigned(app, '/webhooks/twilio/voice/wait?lang=ar', callParams(callSid, '+212670303030', { QueuePosition: '1' }))).text();
    expect(wait).toContain(`<Redirect method="POST">${TEST_PUBLIC_URL}/webhooks/twilio/voice/connect?agent=${agent.user.id}</Redirect>`);
  });
});

describe('outbound callbacks', () => {
  it('calls the ticket’s contact from the center’s number, then introduces the call and rings the agent', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const association = await postAssociation(app, agent.cookie, { contacts: [{ name: 'Amina', role: '', phones: ['0663030303'], emails: [] }] });
    const ticket = await postTicket(app, agent.cookie, { associationId: association.id, contactId: association.contacts[0].id, language: 'fr' });
    const requestsBefore = api.requests.length;
    const placed = await app.request('/api/calls', jsonRequest('POST', { ticketId: ticket.id }, agent.cookie));
    expect(placed.status).toBe(201);
    const call = await json(placed);
    expect(call).toMatchObject({ direction: 'outbound', from: CENTER_NUMBER, to: '+212663030303', ticketId: ticket.id, agentId: agent.user.id, phase: 'connecting', simulated: false });
    expect(api.requests.slice(requestsBefore)).toEqual([
      {
        method: 'POST',
        path: `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Calls.json`,
        authorization: basicAuth,
        form: {
          To: '+212663030303',
          From: CENTER_NUMBER,
          Url: `${TEST_PUBLIC_URL}/webhooks/twilio/voice/outbound?agent=${agent.user.id}&lang=fr&ref=${ticket.reference}`,
          Method: 'POST',
          StatusCallback: `${TEST_PUBLIC_URL}/webhooks/twilio/voice/status`,
          StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        },
      },
    ]);

    const twiml = await (await postSigned(app, `/webhooks/twilio/voice/outbound?agent=${agent.user.id}&lang=fr&ref=${ticket.reference}`, { CallSid: call.callSid, From: CENTER_NUMBER, To: '+212663030303', Direction: 'outbound-api' })).text();
    expect(twiml.indexOf('ici Mowakaba')).toBeLessThan(twiml.indexOf('09-08'));
    expect(twiml.indexOf('09-08')).toBeLessThan(twiml.indexOf('<Dial'));
    expect(twiml).toContain(`<Identity>${agent.user.id}</Identity>`);

    await postSigned(app, '/webhooks/twilio/voice/status', { CallSid: call.callSid, From: CENTER_NUMBER, To: '+212663030303', Direction: 'outbound-api', CallStatus: 'busy', SequenceNumber: '2' });
    expect(await getCall(app, agent.cookie, call.callSid)).toMatchObject({ result: 'busy', phase: 'ended' });
  });

  it('answers a callback task; the task is done once the call is answered', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const abandoned = newCallSid();
    await queueCall(app, abandoned, '+212670404040');
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(abandoned, '+212670404040', { QueueResult: 'hangup', QueueTime: '95' }));
    const task = await CallbackTaskModel.findById(`callback:${abandoned}`).lean();
    expect(task).toMatchObject({ reason: 'abandoned', waitSeconds: 95, status: 'open' });

    const placed = await json(await app.request('/api/calls', jsonRequest('POST', { callbackId: task!._id }, agent.cookie)));
    expect(placed).toMatchObject({ to: '+212670404040', servesCallbackId: task!._id });
    expect(await CallbackTaskModel.findById(task!._id).lean()).toMatchObject({ attempts: 1, lastCallSid: placed.callSid, status: 'open' });
    await postSigned(app, '/webhooks/twilio/voice/status', { CallSid: placed.callSid, Direction: 'outbound-api', CallStatus: 'completed', CallDuration: '60', SequenceNumber: '3' });
    expect(await CallbackTaskModel.findById(task!._id).lean()).toMatchObject({ status: 'done' });

    const noPhone = await postTicket(app, agent.cookie);
    expect((await app.request('/api/calls', jsonRequest('POST', { ticketId: noPhone.id }, agent.cookie))).status).toBe(409);
    expect((await app.request('/api/calls', jsonRequest('POST', {}, agent.cookie))).status).toBe(400);
  });

  it('in simulation mode, plays the association called back: it rings, answers, talks until the agent hangs up, and is logged on the ticket', async () => {
    // The talk time is measured by the storage clock, moved here instead of waited for.
    const clock = createManualClock(new Date());
    await chooseStorage(mongoose.connection, clock);
    const server = await startTestServer(twilioTestDependencies({ mode: 'simulated' }));
    try {
      const { app } = server;
      const agent = await createSignedInUser(app);
      const association = await postAssociation(app, agent.cookie, { contacts: [{ name: 'Hassan', role: '', phones: ['0664040404'], emails: [] }] });
      const ticket = await postTicket(app, agent.cookie, { associationId: association.id, contactId: association.contacts[0].id });
      const { socket } = await openConsole(server.url, agent.cookie);
      const requestsBefore = api.requests.length;
      const call = await json(await app.request('/api/calls', jsonRequest('POST', { ticketId: ticket.id }, agent.cookie)));
      expect(call).toMatchObject({ simulated: true, direction: 'outbound', to: '+212664040404', phase: 'connecting', status: 'initiated', ticketId: ticket.id });
      expect(call.callSid).toMatch(/^CA[0-9a-f]{32}$/);
      expect(api.requests.length).toBe(requestsBefore);

      // The server's job runner plays the called party: a ring after a moment, then the answer.
      const handlers = { [SIMULATED_PARTY_JOB]: createSimulatedPartyHandler({ publisher: server.hub, twilio: createTwilioGateway(server.config) }), 'sla-check': async () => undefined };
      await clock.advance(SIMULATED_RING_DELAY_MS);
      await runDueJobs({ now: clock.now(), owner: 'simulation-test', handlers });
      expect(await getCall(app, agent.cookie, call.callSid)).toMatchObject({ phase: 'connecting', status: 'ringing' });
      const connected = nextMatching<TEventEnvelope>(socket, 'event', (envelope) => envelope.event === 'call.updated' && (envelope.payload as { call: { phase: string } }).call.phase === 'connected');
      await clock.advance(SIMULATED_ANSWER_DELAY_MS - SIMULATED_RING_DELAY_MS);
      await runDueJobs({ now: clock.now(), owner: 'simulation-test', handlers });
      expect((await connected).payload).toMatchObject({ call: { callSid: call.callSid, agentId: agent.user.id, status: 'in-progress' } });
      // Played once: the same steps again change nothing.
      await scheduleJob(`${SIMULATED_PARTY_JOB}:${call.callSid}:again`, SIMULATED_PARTY_JOB, clock.now(), { callSid: call.callSid, step: 'answer' });
      await runDueJobs({ now: clock.now(), owner: 'simulation-test', handlers });

      // Hold and resume drop and ring again the agent's (simulated) softphone; the hang-up ends the call.
      expect((await app.request(`/api/calls/${call.callSid}/control`, jsonRequest('POST', { action: 'hold' }, agent.cookie))).status).toBe(200);
      expect(await json(await app.request(`/api/calls/${call.callSid}/control`, jsonRequest('POST', { action: 'resume' }, agent.cookie)))).toMatchObject({ phase: 'connected', onHold: false });
      // Seconds of conversation after the resume (each half second moved runs a poll of the change feed).
      await clock.advance(5_000);
      const ended = await json(await app.request(`/api/calls/${call.callSid}/control`, jsonRequest('POST', { action: 'hangup' }, agent.cookie)));
      expect(ended).toMatchObject({ phase: 'ended', status: 'completed', result: 'answered', talkSeconds: 5 });
      const statuses = ended.history.filter((fact: { kind: string }) => fact.kind === 'status').map((fact: { status: string }) => fact.status);
      expect(statuses).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);

      const timeline = await json(await app.request(`/api/tickets/${ticket.id}/timeline`, { headers: { Cookie: agent.cookie } }));
      expect(timeline.items.filter((entry: { kind: string }) => entry.kind === 'call')).toEqual([expect.objectContaining({ data: expect.objectContaining({ callSid: call.callSid, direction: 'outbound' }) })]);
      expect(api.requests.length).toBe(requestsBefore);
      socket.close();
    } finally {
      await server.close();
      await chooseStorage(mongoose.connection);
    }
  });

  it('in simulation mode, a callback hung up while it rings is canceled, and the association never answers it', async () => {
    const { app, hub, config } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const association = await postAssociation(app, agent.cookie, { contacts: [{ name: 'Hassan', role: '', phones: ['0664050505'], emails: [] }] });
    const ticket = await postTicket(app, agent.cookie, { associationId: association.id, contactId: association.contacts[0].id });
    const call = await json(await app.request('/api/calls', jsonRequest('POST', { ticketId: ticket.id }, agent.cookie)));
    expect(await json(await app.request(`/api/calls/${call.callSid}/control`, jsonRequest('POST', { action: 'hangup' }, agent.cookie)))).toMatchObject({ phase: 'ended', status: 'canceled', result: 'no-answer', talkSeconds: null });
    const handlers = { [SIMULATED_PARTY_JOB]: createSimulatedPartyHandler({ publisher: hub, twilio: createTwilioGateway(config) }), 'sla-check': async () => undefined };
    await runDueJobs({ now: new Date(Date.now() + SIMULATED_ANSWER_DELAY_MS), owner: 'simulation-test', handlers });
    expect(await getCall(app, agent.cookie, call.callSid)).toMatchObject({ phase: 'ended', status: 'canceled', result: 'no-answer' });
  });
});

describe('the softphone token', () => {
  it('gives a Voice grant for the agent’s own identity, expiring in 15 minutes', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api });
    const agent = await createSignedInUser(app);
    const body = await json(await app.request('/api/voice/token', { headers: { Cookie: agent.cookie } }));
    expect(body).toMatchObject({ identity: agent.user.id, simulated: false });
    const payload = JSON.parse(Buffer.from(body.token.split('.')[1], 'base64url').toString('utf8'));
    expect(payload).toMatchObject({
      iss: TEST_API_KEY,
      sub: TEST_ACCOUNT_SID,
      grants: { identity: agent.user.id, voice: { incoming: { allow: true }, outgoing: { application_sid: TEST_TWIML_APP_SID } } },
    });
    expect(payload.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(15 * 60);
    expect(payload.exp - Math.floor(Date.now() / 1000)).toBeGreaterThan(14 * 60);
  });

  it('is null and labelled simulated without a Twilio account, and refused without a session', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    expect(await json(await app.request('/api/voice/token', { headers: { Cookie: agent.cookie } }))).toMatchObject({ token: null, simulated: true, identity: agent.user.id });
    expect((await app.request('/api/voice/token')).status).toBe(401);
  });
});

describe('the call log', () => {
  it('filters by call SID, association, result and time, one page at a time', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const association = await postAssociation(app, agent.cookie, { contacts: [{ name: 'Rachid', role: '', phones: ['0665050505'], emails: [] }] });
    const sids = [newCallSid(), newCallSid(), newCallSid()];
    await queueCall(app, sids[0]!, '+212665050505');
    await queueCall(app, sids[1]!, '+212665050505');
    await queueCall(app, sids[2]!, '+212670606060');
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(sids[1]!, '+212665050505', { QueueResult: 'hangup', QueueTime: '5' }));
    const list = async (query: string) => json(await app.request(`/api/calls?${query}`, { headers: { Cookie: agent.cookie } }));

    expect((await list(`callSid=${sids[2]}`)).items.map((item: { callSid: string }) => item.callSid)).toEqual([sids[2]]);
    expect((await list(`associationId=${association.id}`)).items.map((item: { callSid: string }) => item.callSid)).toEqual([sids[1], sids[0]]);
    expect((await list(`associationId=${association.id}&result=abandoned`)).items.map((item: { callSid: string }) => item.callSid)).toEqual([sids[1]]);
    expect((await list(`associationId=${association.id}&from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z`)).items).toEqual([]);

    const first = await list(`associationId=${association.id}&limit=1`);
    expect(first.items).toHaveLength(1);
    const second = await list(`associationId=${association.id}&limit=1&cursor=${first.nextCursor}`);
    expect(second.items[0].callSid).toBe(sids[0]);
    expect(second.nextCursor).toBeNull();

    expect((await app.request('/api/calls?result=maybe', { headers: { Cookie: agent.cookie } })).status).toBe(400);
    expect((await app.request('/api/calls?cursor=garbage', { headers: { Cookie: agent.cookie } })).status).toBe(400);
    expect((await app.request(`/api/calls/${newCallSid()}`, { headers: { Cookie: agent.cookie } })).status).toBe(404);
    expect((await app.request('/api/calls/not-a-sid', { headers: { Cookie: agent.cookie } })).status).toBe(400);
    expect(await CallModel.countDocuments({ _id: { $in: sids } })).toBe(3);
  });
});

describe('archived calls', () => {
  it('leave the recent calls some time after they end, and stay readable, listed, linked and correctable', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const association = await postAssociation(app, agent.cookie, { contacts: [{ name: 'Mina', role: '', phones: ['0667070707'], emails: [] }] });
    const [ended, ongoing] = [newCallSid(), newCallSid()];
    await queueCall(app, ended, '+212667070707');
    await queueCall(app, ongoing, '+212667070707');
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(ended, '+212667070707', { QueueResult: 'hangup', QueueTime: '12' }));
    await postSigned(app, '/webhooks/twilio/voice/status', callParams(ended, '+212667070707', { CallStatus: 'completed', SequenceNumber: '2' }));

    const handlers = { [ARCHIVE_CALL_JOB]: archiveEndedCall, 'sla-check': async () => undefined };
    await runDueJobs({ now: new Date(Date.now() + CALL_ARCHIVE_DELAY_MS - 60_000), owner: 'archive-test', handlers });
    expect(await CallModel.exists({ _id: ended })).not.toBeNull();
    await runDueJobs({ now: new Date(Date.now() + CALL_ARCHIVE_DELAY_MS + 60_000), owner: 'archive-test', handlers });
    expect(await CallModel.exists({ _id: ended })).toBeNull();
    expect(await CallModel.exists({ _id: ongoing })).not.toBeNull();
    expect(await CallArchiveModel.exists({ _id: ended })).not.toBeNull();

    expect(await getCall(app, agent.cookie, ended)).toMatchObject({ result: 'abandoned', queueWaitSeconds: 12 });
    const listed = await json(await app.request(`/api/calls?associationId=${association.id}`, { headers: { Cookie: agent.cookie } }));
    expect(listed.items.map((item: { callSid: string }) => item.callSid)).toEqual([ongoing, ended]);
    const firstPage = await json(await app.request(`/api/calls?associationId=${association.id}&limit=1`, { headers: { Cookie: agent.cookie } }));
    const secondPage = await json(await app.request(`/api/calls?associationId=${association.id}&limit=1&cursor=${firstPage.nextCursor}`, { headers: { Cookie: agent.cookie } }));
    expect([...firstPage.items, ...secondPage.items].map((item: { callSid: string }) => item.callSid)).toEqual([ongoing, ended]);
    expect(secondPage.nextCursor).toBeNull();
    const history = await json(await app.request(`/api/associations/${association.id}/timeline`, { headers: { Cookie: agent.cookie } }));
    expect(history.items.filter((item: { kind: string }) => item.kind === 'call').map((item: { call: { callSid: string } }) => item.call.callSid)).toEqual([ongoing, ended]);

    // A very late callback and the agent's notes still reach the archived call.
    await postSigned(app, '/webhooks/twilio/voice/status', callParams(ended, '+212667070707', { CallStatus: 'completed', SequenceNumber: '2', CallDuration: '40' }));
    expect((await postSigned(app, '/webhooks/twilio/voice/status', callParams(ended, '+212667070707', { CallStatus: 'in-progress', SequenceNumber: '1' }))).status).toBe(200);
    const noted = await app.request(`/api/calls/${ended}`, jsonRequest('PATCH', { disposition: 'follow-up-needed', notes: 'Rappeler lundi' }, agent.cookie));
    expect(await json(noted)).toMatchObject({ disposition: 'follow-up-needed', notes: 'Rappeler lundi', statusTimes: { 'in-progress': expect.any(String) } });
    expect(await CallModel.exists({ _id: ended })).toBeNull();
  });
});
