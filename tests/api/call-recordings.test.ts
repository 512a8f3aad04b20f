import { describe, expect, it } from 'vitest';
import { CallModel } from '../../server/src/modules/calls/call.model.js';
import { RecordingAccessModel } from '../../server/src/modules/calls/recording-access.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createSignedInUser } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import {
  CENTER_NUMBER,
  CLOSED_HOURS,
  FAKE_RECORDING_AUDIO,
  TEST_ACCOUNT_SID,
  TEST_API_KEY,
  TEST_API_SECRET,
  createTwilioTestApp,
  newCallSid,
  newRecordingSid,
  postSigned,
  useFakeTwilioApi,
  type TwilioTestApp,
} from '../helpers/twilio.js';

useTestDatabase();

const api = useFakeTwilioApi();

/** A caller leaves a voicemail while the center is closed: a call with a recording and a ticket showing it. */
async function leaveVoicemail(app: TwilioTestApp, from: string) {
  const callSid = newCallSid();
  const recordingSid = newRecordingSid();
  const call = { CallSid: callSid, From: from, To: CENTER_NUMBER, Direction: 'inbound', CallStatus: 'ringing' };
  expect((await postSigned(app, '/webhooks/twilio/voice', call)).status).toBe(200);
  const recording = {
    CallSid: callSid,
    RecordingSid: recordingSid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Recordings/${recordingSid}`,
    RecordingStatus: 'completed',
    RecordingDuration: '2',
  };
  expect((await postSigned(app, '/webhooks/twilio/voice/recording?kind=voicemail', recording)).status).toBe(200);
  const ticketId = (await CallModel.findById(callSid).lean())!.ticketId!.toString();
  return { callSid, recordingSid, ticketId };
}

const listen = (app: TwilioTestApp, callSid: string, cookie?: string, headers: Record<string, string> = {}) =>
  app.request(`/api/calls/${callSid}/recording`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } });

describe('call recordings in the ticket timeline', () => {
  it('are shown as the server’s path, never Twilio’s URL, and a simulated call plays a labelled tone', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: CLOSED_HOURS });
    const agent = await createSignedInUser(app);
    const { callSid, ticketId } = await leaveVoicemail(app, '+212672000111');

    const timelineResponse = await app.request(`/api/tickets/${ticketId}/timeline`, { headers: { Cookie: agent.cookie } });
    const text = await timelineResponse.text();
    expect(text).not.toContain('api.twilio.com');
    const entry = JSON.parse(text).items.find((item: { kind: string }) => item.kind === 'call');
    expect(entry.data).toEqual({ callSid, direction: 'inbound', result: 'voicemail', recording: { url: `/api/calls/${callSid}/recording`, durationSeconds: 2, kind: 'voicemail', simulated: true } });
    expect(await (await app.request(`/api/tickets/${ticketId}`, { headers: { Cookie: agent.cookie } })).text()).not.toContain('api.twilio.com');
    expect((await json(await app.request(`/api/calls/${callSid}`, { headers: { Cookie: agent.cookie } }))).recording.url).toBe(`/api/calls/${callSid}/recording`);

    const audio = await listen(app, callSid, agent.cookie);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    expect(audio.headers.get('cache-control')).toBe('private, no-store');
    expect(audio.headers.get('x-recording-simulated')).toBe('true');
    const bytes = Buffer.from(await audio.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');

    // The player asks for parts of the file.
    const part = await listen(app, callSid, agent.cookie, { Range: 'bytes=0-99' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(0, 100));
    expect((await listen(app, callSid, agent.cookie, { Range: `bytes=${bytes.length}-` })).status).toBe(416);
  });
});

describe('the recording proxy', () => {
  it('fetches the audio from Twilio with the account’s credentials, and maps Twilio’s failures', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api, now: CLOSED_HOURS });
    const agent = await createSignedInUser(app);
    const { callSid, recordingSid } = await leaveVoicemail(app, '+212672000222');

    const before = api.requests.length;
    const audio = await listen(app, callSid, agent.cookie);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await audio.arrayBuffer())).toEqual(FAKE_RECORDING_AUDIO);
    expect(api.requests.slice(before)).toEqual([
      {
        method: 'GET',
        path: `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Recordings/${recordingSid}.mp3`,
        authorization: `Basic ${Buffer.from(`${TEST_API_KEY}:${TEST_API_SECRET}`).toString('base64')}`,
        form: {},
      },
    ]);

    api.replyNext({ status: 404, body: { code: 20404, message: 'The requested resource was not found', status: 404 } });
    const gone = await listen(app, callSid, agent.cookie);
    expect(gone.status).toBe(404);
    expect((await json(gone)).error.code).toBe('not_found');
    api.replyNext({ status: 500, body: { message: 'boom' } });
    const failing = await listen(app, callSid, agent.cookie);
    expect(failing.status).toBe(503);
    expect((await json(failing)).error.code).toBe('service_unavailable');
  });

  it('refuses the anonymous (401), answers 404 for unknown calls and calls without a recording, 400 for a malformed SID', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: CLOSED_HOURS });
    const agent = await createSignedInUser(app);
    const { callSid } = await leaveVoicemail(app, '+212672000333');

    const anonymous = await listen(app, callSid);
    expect(anonymous.status).toBe(401);
    expect(await json(anonymous)).toEqual({ error: { code: 'unauthenticated', message: 'sign in first' } });

    const unknown = await listen(app, newCallSid(), agent.cookie);
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toEqual({ error: { code: 'not_found', message: 'call not found' } });

    const silent = newCallSid();
    await postSigned(app, '/webhooks/twilio/voice', { CallSid: silent, From: '+212672000334', To: CENTER_NUMBER, Direction: 'inbound', CallStatus: 'ringing' });
    expect((await listen(app, silent, agent.cookie)).status).toBe(404);
    expect((await listen(app, 'CA123', agent.cookie)).status).toBe(400);
  });

  it("keeps a team's recordings from agents of other teams (403), lets its members and supervisors listen, and traces every attempt without the full number", async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: CLOSED_HOURS });
    const member = await createSignedInUser(app);
    const outsider = await createSignedInUser(app);
    const supervisor = await createSignedInUser(app, 'supervisor');
    await TeamModel.create({ key: `voicemail-${Date.now()}`, name: { ar: 'الهاتف', fr: 'Téléphone', en: 'Phone' }, skills: { languages: ['ar'], topics: ['other'] }, memberIds: [member.user.id] });
    const { callSid } = await leaveVoicemail(app, '+212672000444');

    const refused = await listen(app, callSid, outsider.cookie);
    expect(refused.status).toBe(403);
    expect(await json(refused)).toEqual({ error: { code: 'forbidden', message: 'this recording belongs to another team' } });
    expect((await listen(app, callSid, member.cookie)).status).toBe(200);
    expect((await listen(app, callSid, supervisor.cookie)).status).toBe(200);

    const accesses = await RecordingAccessModel.find({ callSid }).sort({ at: 1 }).lean();
    expect(accesses.map((access) => [access.userId.toString(), access.role, access.granted, access.outcome])).toEqual([
      [outsider.user.id, 'agent', false, 'forbidden'],
      [member.user.id, 'agent', true, 'served'],
      [supervisor.user.id, 'supervisor', true, 'served'],
    ]);
    for (const access of accesses) {
      expect(access.maskedPhone).toBe('+212•••••••44');
      expect(JSON.stringify(access)).not.toContain('672000444');
    }
  });

  it('asks Twilio for the part the player wants instead of the whole file, and answers 206 with Twilio’s range', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api, now: CLOSED_HOURS });
    const supervisor = await createSignedInUser(app, 'supervisor');
    const { callSid } = await leaveVoicemail(app, '+212672000555');
    const before = api.requests.length;
    const part = await listen(app, callSid, supervisor.cookie, { Range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${FAKE_RECORDING_AUDIO.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(FAKE_RECORDING_AUDIO.subarray(100, 200));
    expect(api.requests.slice(before).map((request) => request.range)).toEqual(['bytes=100-199']);
    const beyond = await listen(app, callSid, supervisor.cookie, { Range: `bytes=${FAKE_RECORDING_AUDIO.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${FAKE_RECORDING_AUDIO.length}`);
  });

  it('answers 503 when the download stalls or the recording is too large, and traces what each attempt came to', async () => {
    const { app } = createTwilioTestApp({ mode: 'real', api, now: CLOSED_HOURS, gateway: { recordingTimeoutMs: 300, maxRecordingBytes: 512 } });
    const supervisor = await createSignedInUser(app, 'supervisor');
    const { callSid } = await leaveVoicemail(app, '+212672000666');

    api.replyNext({ status: 200, body: {}, stallBody: true });
    const stalled = await listen(app, callSid, supervisor.cookie);
    expect(stalled.status).toBe(503);
    expect((await json(stalled)).error).toMatchObject({ code: 'service_unavailable', message: 'the recording could not be fetched from Twilio; try again' });
    const tooLarge = await listen(app, callSid, supervisor.cookie);
    expect(tooLarge.status).toBe(503);
    expect((await json(tooLarge)).error.details).toEqual({ reason: 'too-large', limit: 512 });
    expect((await listen(app, callSid, supervisor.cookie, { Range: 'bytes=0-99' })).status).toBe(206);
    api.replyNext({ status: 404, body: { code: 20404, message: 'The requested resource was not found', status: 404 } });
    expect((await listen(app, callSid, supervisor.cookie)).status).toBe(404);

    const accesses = await RecordingAccessModel.find({ callSid }).sort({ at: 1 }).lean();
    expect(accesses.map((access) => [access.outcome, access.granted, access.range])).toEqual([
      ['unavailable', false, null],
      ['unavailable', false, null],
      ['served', true, 'bytes=0-99'],
      ['not-found', false, null],
    ]);
  });

  it('is offered wherever the call shows it by its recording SID alone: the call, its ticket’s timeline', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: CLOSED_HOURS });
    const supervisor = await createSignedInUser(app, 'supervisor');
    const { callSid, ticketId } = await leaveVoicemail(app, '+212672000777');
    // Twilio's URL is never what the proxy uses; a call kept without it still has its recording.
    await CallModel.updateOne({ _id: callSid }, { $set: { 'recording.url': '' } });
    expect((await json(await app.request(`/api/calls/${callSid}`, { headers: { Cookie: supervisor.cookie } }))).recording).toMatchObject({ url: `/api/calls/${callSid}/recording` });
    const timeline = await json(await app.request(`/api/tickets/${ticketId}/timeline`, { headers: { Cookie: supervisor.cookie } }));
    expect(timeline.items.find((item: { kind: string }) => item.kind === 'call').data.recording).toMatchObject({ url: `/api/calls/${callSid}/recording` });
  });
});
