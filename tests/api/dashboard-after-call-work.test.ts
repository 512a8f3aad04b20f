import mongoose from 'mongoose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZCall } from '@mowakaba/shared/schemas/calls';
import { ZDashboardHistory } from '@mowakaba/shared/schemas/dashboard';
import { runDueJobs } from '../../server/src/jobs/job-runner.js';
import { createLogger } from '../../server/src/logger.js';
import { createDashboardFeed, followChangeFeed } from '../../server/src/modules/dashboard/index.js';
import { localDateOf } from '../../server/src/modules/dashboard/domain/local-time.js';
import { WRAP_UP_END_JOB, createWrapUpEndHandler } from '../../server/src/modules/presence/presence.service.js';
import { callRecord } from '../helpers/dashboard.js';
import { createAgentInFoundingTeam, createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { callParams, getCall, newCallSid, OPEN_HOURS, postSigned, queueCall, twilioTestDependencies } from '../helpers/twilio.js';

useTestDatabase();

const feed = createDashboardFeed({ logger: createLogger('silent') });
const { environment, extra } = twilioTestDependencies({ mode: 'simulated' });
// The app reads the clock through Date, which the second test fixes in opening hours and moves forward.
const { app, hub } = createTestApp(environment, undefined, (config) => ({ ...extra(config), now: () => new Date() }));
// As main.ts wires it: the rollups read call changes from the change feed.
const follower = followChangeFeed(hub.feed, feed, 'dashboard-rollups-after-call-work');
let supervisor: string;

async function history(from: string, to = from) {
  const response = await app.request(`/api/dashboard/history?from=${from}&to=${to}&interval=day`, { headers: { Cookie: supervisor } });
  expect(response.status).toBe(200);
  return ZDashboardHistory.parse(await json(response));
}

const advance = (seconds: number) => vi.setSystemTime(new Date(Date.now() + seconds * 1000));

beforeAll(async () => {
  supervisor = (await createSignedInUser(app, 'supervisor')).cookie;
});

afterEach(() => {
  vi.useRealTimers();
});

describe('after-call work in the average handle time', () => {
  it('adds each call’s wrap-up to its talk and hold: AHT = (talk + hold + after-call work) / handled calls', async () => {
    const at = '2026-10-14T09:30:00.000Z';
    const base = { queuedAt: at, createdAt: at, endedAt: at, updatedAt: at, result: 'answered' as const, teamId: new mongoose.Types.ObjectId().toString() };
    const held = [
      { kind: 'control', status: 'hold', at: '2026-10-14T09:31:00.000Z' },
      { kind: 'control', status: 'resume', at: '2026-10-14T09:31:30.000Z' },
    ];
    // First call: 120 s talk, 30 s hold, 45 s wrap-up; second: 60 s talk, 15 s wrap-up; third: no wrap-up yet.
    feed.take('call.updated', { call: callRecord({ ...base, talkSeconds: 120, history: held, afterCallWorkSeconds: 45 }) });
    feed.take('call.updated', { call: callRecord({ ...base, talkSeconds: 60, afterCallWorkSeconds: 15 }) });
    feed.take('call.updated', { call: callRecord({ ...base, talkSeconds: 30, afterCallWorkSeconds: null }) });
    await follower.catchUp();
    await feed.settled();
    // (120 + 30 + 45 + 60 + 15 + 30) / 3 = 100
    expect((await history('2026-10-14')).totals).toMatchObject({ callsHandled: 3, ahtSeconds: 100 });
  });

  it('records the wrap-up an agent ends by saving the disposition, or that the wrap-up limit ends, on the call and in AHT', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: OPEN_HOURS });
    const agent = await createAgentInFoundingTeam(app);
    expect((await app.request('/api/presence/me', jsonRequest('PUT', { state: 'available' }, agent.cookie))).status).toBe(200);

    const talk = async (from: string, talkSeconds: number) => {
      const callSid = newCallSid();
      await queueCall(app, callSid, from);
      expect((await app.request(`/api/calls/${callSid}/accept`, jsonRequest('POST', {}, agent.cookie))).status).toBe(200);
      const legSid = newCallSid();
      await postSigned(app, `/webhooks/twilio/voice/status?leg=agent&parent=${callSid}`, { CallSid: legSid, ParentCallSid: callSid, CallStatus: 'in-progress', SequenceNumber: '1' });
      advance(talkSeconds);
      await postSigned(app, `/webhooks/twilio/voice/status?leg=agent&parent=${callSid}`, { CallSid: legSid, ParentCallSid: callSid, CallStatus: 'completed', CallDuration: String(talkSeconds), SequenceNumber: '2' });
      await postSigned(app, '/webhooks/twilio/voice/status', callParams(callSid, from, { CallStatus: 'completed', CallDuration: String(talkSeconds + 10), SequenceNumber: '3' }));
      const presence = await json(await app.request('/api/presence/me', { headers: { Cookie: agent.cookie } }));
      expect(presence).toMatchObject({ state: 'wrap-up', callSid });
      return callSid;
    };
    const callOf = async (callSid: string) => ZCall.parse(await getCall(app, supervisor, callSid));

    // 90 s of talk, then 45 s of notes before the disposition is saved.
    const first = await talk('+212661700301', 90);
    advance(45);
    expect((await app.request(`/api/calls/${first}`, jsonRequest('PATCH', { disposition: 'information-given', notes: 'الوثائق المطلوبة' }, agent.cookie))).status).toBe(200);
    // Recorded on the call by the calls module as it reads the wrap-up's end on the change feed, a moment later.
    const afterCallWork = async (callSid: string) => {
      await expect.poll(async () => (await callOf(callSid)).afterCallWorkSeconds, { timeout: 10_000 }).not.toBeNull();
      return callOf(callSid);
    };
    expect(await afterCallWork(first)).toMatchObject({ talkSeconds: 90, afterCallWorkSeconds: 45 });

    // 30 s of talk, no disposition: the wrap-up limit (60 s by default) ends it when its job runs, 61 s later.
    const second = await talk('+212661700302', 30);
    advance(61);
    await runDueJobs({ now: new Date(), owner: 'acw-test', handlers: { [WRAP_UP_END_JOB]: createWrapUpEndHandler(hub) } });
    expect(await afterCallWork(second)).toMatchObject({ talkSeconds: 30, afterCallWorkSeconds: 61 });

    const today = localDateOf(new Date());
    // The call's change reaches the feed just after the call itself is saved: read until it is counted.
    const totalsOfToday = async () => {
      await follower.catchUp();
      await feed.settled();
      return (await history(today)).totals;
    };
    // (90 + 45 + 30 + 61) / 2 = 113
    await expect.poll(totalsOfToday, { timeout: 10_000 }).toMatchObject({ callsHandled: 2, ahtSeconds: 113 });
  });
});
