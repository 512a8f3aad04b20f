import { describe, expect, it } from 'vitest';
import { CallModel } from '../../server/src/modules/calls/call.model.js';
import { CallbackTaskModel } from '../../server/src/modules/calls/callback-task.model.js';
import { RealtimeEventModel } from '../../server/src/realtime/realtime-event.model.js';
import { createSignedInUser } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { answerAsAgent, createTwilioTestApp, newCallSid, postSigned, type FormParams, type TwilioTestApp } from '../helpers/twilio.js';

useTestDatabase();

type Callback = { path: string; params: FormParams };
const CENTER = '+212522000000';

/** A small seeded generator, so a failing order can be replayed from the seed in the message. */
function randomFrom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Some callbacks twice, all of them in a random order. */
function shuffleWithDuplicates<T>(items: T[], random: () => number): T[] {
  const copies = items.flatMap((item) => (random() < 0.4 ? [item, item] : [item]));
  for (let index = copies.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copies[index], copies[other]] = [copies[other]!, copies[index]!];
  }
  return copies;
}

const rfc2822 = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000).toUTCString();

async function queueCall(app: TwilioTestApp, callSid: string, from: string) {
  const base = { CallSid: callSid, From: from, To: CENTER, Direction: 'inbound' };
  expect((await postSigned(app, '/webhooks/twilio/voice', { ...base, CallStatus: 'ringing' })).status).toBe(200);
  expect((await postSigned(app, '/webhooks/twilio/voice/topic?lang=ar&attempt=1', { ...base, CallStatus: 'in-progress', Digits: '1' })).status).toBe(200);
}

/** What Twilio reports after an agent answered: queue, agent leg, dial, recording and call statuses. */
function answeredCallbacks(callSid: string, legSid: string, from: string, start: Date): Callback[] {
  const base = { CallSid: callSid, From: from, To: CENTER, Direction: 'inbound' };
  const leg = (status: string, sequence: number, seconds: number, duration?: number) => ({
    path: `/webhooks/twilio/voice/status?leg=agent&parent=${callSid}`,
    params: { CallSid: legSid, ParentCallSid: callSid, CallStatus: status, SequenceNumber: String(sequence), Timestamp: rfc2822(start, seconds), ...(duration ? { CallDuration: String(duration) } : {}) },
  });
  const status = (callStatus: string, sequence: number, seconds: number, duration?: number) => ({
    path: '/webhooks/twilio/voice/status',
    params: { ...base, CallStatus: callStatus, SequenceNumber: String(sequence), Timestamp: rfc2822(start, seconds), ...(duration ? { CallDuration: String(duration) } : {}) },
  });
  return [
    { path: '/webhooks/twilio/voice/queue-result?lang=ar', params: { ...base, QueueResult: 'redirected', QueueTime: '42' } },
    leg('ringing', 0, 45),
    leg('in-progress', 1, 50),
    leg('completed', 2, 145, 95),
    { path: '/webhooks/twilio/voice/dial-result', params: { ...base, DialCallSid: legSid, DialCallStatus: 'completed', DialCallDuration: '95' } },
    {
      path: '/webhooks/twilio/voice/recording?kind=conversation',
      params: { CallSid: callSid, RecordingSid: `RE${'5'.repeat(32)}`, RecordingUrl: 'https://api.twilio.com/recordings/RE5', RecordingStatus: 'completed', RecordingDuration: '94' },
    },
    status('ringing', 0, 0),
    status('in-progress', 1, 2),
    status('completed', 2, 150, 150),
  ];
}

function abandonedCallbacks(callSid: string, from: string, start: Date): Callback[] {
  const base = { CallSid: callSid, From: from, To: CENTER, Direction: 'inbound' };
  return [
    { path: '/webhooks/twilio/voice/queue-result?lang=ar', params: { ...base, QueueResult: 'hangup', QueueTime: '75' } },
    { path: '/webhooks/twilio/voice/status', params: { ...base, CallStatus: 'in-progress', SequenceNumber: '1', Timestamp: rfc2822(start, 1) } },
    { path: '/webhooks/twilio/voice/status', params: { ...base, CallStatus: 'completed', SequenceNumber: '2', Timestamp: rfc2822(start, 80), CallDuration: '80' } },
  ];
}

async function send(app: TwilioTestApp, callbacks: Callback[]) {
  for (const callback of callbacks) {
    const response = await postSigned(app, callback.path, callback.params);
    expect({ path: callback.path, status: response.status }).toEqual({ path: callback.path, status: 200 });
  }
}

/** The outcome of a call, without what differs between two calls (ids, clock of arrival). */
async function outcomeOf(app: TwilioTestApp, cookie: string, callSid: string) {
  const call = await json(await app.request(`/api/calls/${callSid}`, { headers: { Cookie: cookie } }));
  const task = await CallbackTaskModel.findById(`callback:${callSid}`).lean();
  return {
    phase: call.phase,
    status: call.status,
    result: call.result,
    statusTimes: call.statusTimes,
    queueWaitSeconds: call.queueWaitSeconds,
    talkSeconds: call.talkSeconds,
    // The server's path to the recording names the call; compare the rest.
    recording: call.recording && { ...call.recording, url: call.recording.url === `/api/calls/${callSid}/recording` ? 'proxied' : call.recording.url },
    agentId: call.agentId,
    callbackId: call.callbackId === null ? null : 'present',
    history: call.history.map((item: { kind: string; status: string | null }) => `${item.kind}:${item.status}`).sort(),
    callbackTask: task ? { reason: task.reason, waitSeconds: task.waitSeconds, status: task.status } : null,
  };
}

describe('status, queue and recording callbacks', () => {
  it('end an answered call in the same state whatever their order, with duplicates changing nothing', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const start = new Date('2026-11-23T10:00:00Z');
    const outcomes: unknown[] = [];
    for (let run = 0; run < 8; run += 1) {
      const seed = 1000 + run;
      const callSid = newCallSid();
      const legSid = newCallSid();
      const from = `+21267100000${run}`;
      await queueCall(app, callSid, from);
      expect((await answerAsAgent(app, agent, callSid)).status).toBe(200);
      expect((await postSigned(app, `/webhooks/twilio/voice/connect?agent=${agent.user.id}`, { CallSid: callSid, From: from, To: CENTER })).status).toBe(200);
      const callbacks = answeredCallbacks(callSid, legSid, from, start);
      await send(app, run === 0 ? callbacks : shuffleWithDuplicates(callbacks, randomFrom(seed)));
      outcomes.push({ seed, ...(await outcomeOf(app, agent.cookie, callSid)) });
    }
    const [first, ...others] = outcomes as Array<{ seed: number }>;
    for (const other of others) expect({ ...other, seed: 0 }).toEqual({ ...first, seed: 0 });
    expect(first).toMatchObject({
      phase: 'ended',
      status: 'completed',
      result: 'answered',
      queueWaitSeconds: 42,
      talkSeconds: 95,
      agentId: agent.user.id,
      recording: { url: 'proxied', durationSeconds: 94, kind: 'conversation' },
      statusTimes: { ringing: expect.any(String), 'in-progress': '2026-11-23T10:00:02.000Z', completed: '2026-11-23T10:02:30.000Z' },
      callbackTask: null,
    });
  }, 120_000);

  it('turn a caller who hung up in the queue into exactly one callback task with their wait, whatever the order', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const start = new Date('2026-11-23T11:00:00Z');
    const outcomes: unknown[] = [];
    for (let run = 0; run < 6; run += 1) {
      const callSid = newCallSid();
      const from = `+21267200000${run}`;
      await queueCall(app, callSid, from);
      await send(app, shuffleWithDuplicates(abandonedCallbacks(callSid, from, start), randomFrom(2000 + run)));
      outcomes.push(await outcomeOf(app, agent.cookie, callSid));
      expect(await CallbackTaskModel.countDocuments({ callSid })).toBe(1);
    }
    for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
    expect(outcomes[0]).toMatchObject({ phase: 'ended', result: 'abandoned', queueWaitSeconds: 75, callbackTask: { reason: 'abandoned', waitSeconds: 75, status: 'open' } });
  }, 60_000);

  it('ignore a redelivery entirely: same document, no new event', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const callSid = newCallSid();
    const from = '+212673000000';
    await queueCall(app, callSid, from);
    const callbacks = abandonedCallbacks(callSid, from, new Date('2026-11-23T12:00:00Z'));
    await send(app, callbacks);
    const stored = await CallModel.findById(callSid).lean();
    const events = await RealtimeEventModel.countDocuments({ 'payload.call.callSid': callSid });
    await send(app, [...callbacks].reverse());
    expect(await CallModel.findById(callSid).lean()).toEqual(stored);
    expect(await RealtimeEventModel.countDocuments({ 'payload.call.callSid': callSid })).toBe(events);
  });
});
