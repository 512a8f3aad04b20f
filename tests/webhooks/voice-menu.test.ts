import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { CallModel } from '../../server/src/modules/calls/call.model.js';
import { CallbackTaskModel } from '../../server/src/modules/calls/callback-task.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { RealtimeEventModel } from '../../server/src/realtime/realtime-event.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { TEST_PUBLIC_URL } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { CLOSED_HOURS, createTwilioTestApp, newCallSid, newRecordingSid, postSigned, type TwilioTestApp } from '../helpers/twilio.js';

useTestDatabase();

const CENTER = '+212522000000';
const call = (callSid: string, from: string, extra: Record<string, string> = {}) => ({ CallSid: callSid, From: from, To: CENTER, Direction: 'inbound', CallStatus: 'in-progress', ...extra });

async function twimlOf(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
  return response.text();
}

/** Rings the center, chooses the language and topic by keys, and returns the Enqueue TwiML. */
async function callThroughMenu(app: TwilioTestApp, callSid: string, from: string, languageKey: string, topicKey: string) {
  await twimlOf(await postSigned(app, '/webhooks/twilio/voice', call(callSid, from, { CallStatus: 'ringing' })));
  const topicMenu = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/language?attempt=1', call(callSid, from, { Digits: languageKey })));
  const action = /<Gather[^>]*action="([^"]+)"/.exec(topicMenu)![1]!.replace(/&amp;/g, '&').replace(TEST_PUBLIC_URL, '');
  return twimlOf(await postSigned(app, action, call(callSid, from, { Digits: topicKey })));
}

describe('the phone menu', () => {
  it('greets a known caller by the association name, gives the recording notice first, then the language menu', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const { cookie } = await createSignedInUser(app);
    const association = await postAssociation(app, cookie, {
      name: { ar: 'جمعية النور', fr: 'Association Nour' },
      contacts: [{ name: 'Fatima', role: 'présidente', phones: ['0661234567'], emails: [] }],
    });
    const callSid = newCallSid();
    const twiml = await twimlOf(await postSigned(app, '/webhooks/twilio/voice', call(callSid, '+212661234567', { CallStatus: 'ringing' })));

    expect(twiml).toContain('أهلا وسهلا، جمعية النور.');
    expect(twiml).toContain('Bienvenue, Association Nour.');
    const notice = twiml.indexOf('09-08');
    expect(notice).toBeGreaterThan(0);
    expect(notice).toBeLessThan(twiml.indexOf('<Gather'));
    expect(twiml).toContain(`action="${TEST_PUBLIC_URL}/webhooks/twilio/voice/language?attempt=1"`);
    expect(twiml).toContain('<Say voice="Polly.Zeina" language="arb">للعربية، اضغطوا 1.</Say>');
    expect(twiml).toContain('<Say voice="Polly.Lea" language="fr-FR">Pour le français, tapez 2.</Say>');
    expect(twiml).not.toContain('<Record');

    const stored = await CallModel.findById(callSid).lean();
    // Simulation mode: whatever arrives was played by `npm run simulate`, and is labelled so.
    expect(stored).toMatchObject({ direction: 'inbound', phone: '+212661234567', phase: 'menu', status: 'ringing', simulated: true });
    expect(stored!.associationId!.toString()).toBe(association.id);
    expect(stored!.contactId!.toString()).toBe(association.contacts[0].id);
  });

  it('offers Tamazight only once every prompt it needs is recorded, and plays the recordings', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const callSid = newCallSid();
    const before = await twimlOf(await postSigned(app, '/webhooks/twilio/voice', call(callSid, '+212670000001')));
    expect(before).toContain('Bienvenue chez Mowakaba');
    expect(before).not.toContain('<Play');
    // Without recordings, pressing 3 is no choice: the menu comes again.
    expect(await twimlOf(await postSigned(app, '/webhooks/twilio/voice/language?attempt=1', call(callSid, '+212670000001', { Digits: '3' })))).toContain('attempt=2');

    const admin = await createSignedInUser(app, 'admin');
    const audio = (name: string) => `https://media.mowakaba.test/zgh/${name}.mp3`;
    const zgh = Object.fromEntries(['languageMenu', 'topicMenu', 'invalidChoice', 'waiting', 'callbackOffer', 'callbackConfirmed', 'agentUnavailable'].map((name) => [name, audio(name)]));
    const saved = await app.request('/api/voice/settings', jsonRequest('PUT', { prompts: { ar: {}, fr: {}, zgh }, holdMusicUrl: 'https://media.mowakaba.test/hold.mp3' }, admin.cookie));
    expect(saved.status).toBe(200);

    const after = await twimlOf(await postSigned(app, '/webhooks/twilio/voice', call(newCallSid(), '+212670000001')));
    expect(after).toContain(`<Play>${audio('languageMenu')}</Play>`);
    const topicMenu = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/language?attempt=1', call(callSid, '+212670000001', { Digits: '3' })));
    expect(topicMenu).toContain(`<Play>${audio('topicMenu')}</Play>`);
    expect(topicMenu).toContain('lang=zgh');
    expect(topicMenu).not.toContain('<Say');
  });

  it('repeats a menu after garbage keys, then carries on with the default choice', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const callSid = newCallSid();
    const from = '+212670000002';
    await twimlOf(await postSigned(app, '/webhooks/twilio/voice', call(callSid, from)));
    const retry = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/language?attempt=1', call(callSid, from, { Digits: '9#*x'.repeat(50) })));
    expect(retry).toContain('عذرا، لم نتعرف على اختياركم.');
    expect(retry).toContain('language?attempt=2');
    const silent = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/language?attempt=2', call(callSid, from)));
    expect(silent).toContain('language?attempt=3');
    const fallback = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/language?attempt=3', call(callSid, from, { Digits: '7' })));
    expect(fallback).toContain('topic?lang=ar&amp;attempt=1');

    expect(await twimlOf(await postSigned(app, '/webhooks/twilio/voice/topic?lang=ar&attempt=1', call(callSid, from, { Digits: '*' })))).toContain('attempt=2');
    expect(await twimlOf(await postSigned(app, '/webhooks/twilio/voice/topic?lang=ar&attempt=2', call(callSid, from, { Digits: '' })))).toContain('attempt=3');
    const queued = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/topic?lang=ar&attempt=99', call(callSid, from, { Digits: 'abc' })));
    expect(queued).toContain('<Enqueue');
    expect(await CallModel.findById(callSid).lean()).toMatchObject({ language: 'ar', topic: 'other', phase: 'queued' });
  });

  it('puts the caller in the queue of the team skilled in the language and topic, and tells its consoles', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    await TeamModel.create({ key: `ar-founding-${Date.now()}`, name: { ar: 'أ', fr: 'A', en: 'A' }, skills: { languages: ['ar'], topics: ['founding'] } });
    const team = await TeamModel.create({ key: `fr-funding-${Date.now()}`, name: { ar: 'ب', fr: 'B', en: 'B' }, skills: { languages: ['fr'], topics: ['funding'] } });
    const callSid = newCallSid();
    const twiml = await callThroughMenu(app, callSid, '+212670000003', '2', '2');
    expect(twiml).toContain(`>team-${team._id.toString()}</Enqueue>`);
    expect(twiml).toContain(`waitUrl="${TEST_PUBLIC_URL}/webhooks/twilio/voice/wait?lang=fr"`);
    expect(twiml).toContain(`action="${TEST_PUBLIC_URL}/webhooks/twilio/voice/queue-result?lang=fr"`);

    const stored = await CallModel.findById(callSid).lean();
    expect(stored).toMatchObject({ language: 'fr', topic: 'funding', phase: 'queued', queue: `team-${team._id.toString()}` });
    expect(stored!.queuedAt).toBeInstanceOf(Date);
    const events = await RealtimeEventModel.find({ event: 'call.queued', 'payload.call.callSid': callSid }).lean();
    expect(events.map((event) => event.room).sort()).toEqual(['role:supervisor', `team:${team._id.toString()}`]);
  });

  it('announces the position on the wait page and offers a callback over the hold music', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const callSid = newCallSid();
    await callThroughMenu(app, callSid, '+212670000004', '1', '1');
    const wait = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/wait?lang=ar', call(callSid, '+212670000004', { QueuePosition: '3', QueueTime: '20', QueueSid: `QU${'a'.repeat(32)}` })));
    expect(wait).toContain('أنتم في الرتبة 3 في قائمة الانتظار.');
    expect(wait).toContain(`action="${TEST_PUBLIC_URL}/webhooks/twilio/voice/wait-key?lang=ar"`);
    expect(wait).toMatch(/<Gather[^>]*>.*اضغطوا 1.*<Play>[^<]+\.mp3<\/Play><\/Gather>/s);
    // A garbage position is not read out.
    const noPosition = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/wait?lang=fr', call(callSid, '+212670000004', { QueuePosition: 'first!' })));
    expect(noPosition).toContain('Merci de patienter');
  });

  it('lets a waiting caller press 1 to be called back, keeping their place among callbacks', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    // The callers wait in a team's queue: a supervisor sees every team's callbacks.
    const { cookie } = await createSignedInUser(app, 'supervisor');
    const first = newCallSid();
    const second = newCallSid();
    await callThroughMenu(app, first, '+212670000005', '1', '1');
    await callThroughMenu(app, second, '+212670000006', '1', '1');

    // The second caller asks first; the first caller asks later but joined the queue earlier.
    for (const callSid of [second, first]) {
      const from = callSid === first ? '+212670000005' : '+212670000006';
      expect(await twimlOf(await postSigned(app, '/webhooks/twilio/voice/wait-key?lang=ar', call(callSid, from, { Digits: '1' })))).toContain('<Leave/>');
      const goodbye = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', call(callSid, from, { QueueResult: 'leave', QueueTime: '40' })));
      expect(goodbye).toContain('شكرا، سنتصل بكم في أقرب وقت.');
      expect(goodbye).toContain('<Hangup/>');
    }
    const other = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/wait-key?lang=ar', call(newCallSid(), '+212670000007', { Digits: '5' })));
    expect(other).not.toContain('<Leave/>');

    const task = await CallbackTaskModel.findById(`callback:${first}`).lean();
    expect(task).toMatchObject({ reason: 'requested', status: 'open', waitSeconds: 40, phone: '+212670000005' });
    expect((await CallModel.findById(first).lean())!.result).toBe('callback-requested');
    const list = await json(await app.request('/api/calls/callbacks?limit=100', { headers: { Cookie: cookie } }));
    const order = list.items.map((item: { callSid: string }) => item.callSid).filter((sid: string) => sid === first || sid === second);
    expect(order).toEqual([first, second]);
  });

  it('takes a voicemail outside business hours: a ticket with a callback task, once', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: CLOSED_HOURS });
    const { cookie } = await createSignedInUser(app);
    const association = await postAssociation(app, cookie, {
      name: { ar: 'جمعية الواحة', fr: 'Association Al Waha' },
      contacts: [{ name: 'Brahim', role: 'trésorier', phones: ['0662000111'], emails: [] }],
    });
    const callSid = newCallSid();
    const twiml = await twimlOf(await postSigned(app, '/webhooks/twilio/voice', call(callSid, '+212662000111', { CallStatus: 'ringing' })));
    expect(twiml).toContain('مركزنا مغلق الآن');
    expect(twiml.indexOf('09-08')).toBeLessThan(twiml.indexOf('<Record'));
    expect(twiml).toContain(`recordingStatusCallback="${TEST_PUBLIC_URL}/webhooks/twilio/voice/recording?kind=voicemail"`);
    expect(twiml).not.toContain('<Gather');

    const recording = {
      CallSid: callSid,
      RecordingSid: newRecordingSid(),
      RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
      RecordingStatus: 'completed',
      RecordingDuration: '34',
    };
    for (let delivery = 0; delivery < 2; delivery += 1) {
      expect((await postSigned(app, '/webhooks/twilio/voice/recording?kind=voicemail', recording)).status).toBe(200);
    }
    const thanks = await twimlOf(await postSigned(app, '/webhooks/twilio/voice/voicemail', call(callSid, '+212662000111', { RecordingUrl: recording.RecordingUrl })));
    expect(thanks).toContain('<Hangup/>');

    const stored = await CallModel.findById(callSid).lean();
    expect(stored).toMatchObject({ result: 'voicemail', recording: { url: recording.RecordingUrl, durationSeconds: 34, kind: 'voicemail' } });
    const tickets = await TicketModel.find({ associationId: association.id }).lean();
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ channel: 'voice', subject: 'رسالة صوتية من جمعية الواحة', contactPhone: '+212662000111' });
    expect(stored!.ticketId!.toString()).toBe(tickets[0]!._id.toString());
    const task = await CallbackTaskModel.findById(`callback:${callSid}`).lean();
    expect(task).toMatchObject({ reason: 'voicemail', status: 'open' });
    expect(task!.ticketId!.toString()).toBe(tickets[0]!._id.toString());
  });

  it('leaves no lease behind however many voicemails come in', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: CLOSED_HOURS });
    const leases = () => mongoose.connection.collection('leases').countDocuments({ _id: { $regex: '^mutex:voicemail-ticket:' } } as never);
    for (let index = 0; index < 5; index += 1) {
      const callSid = newCallSid();
      const from = `+2126620002${String(index).padStart(2, '0')}`;
      await postSigned(app, '/webhooks/twilio/voice', call(callSid, from, { CallStatus: 'ringing' }));
      const recording = { CallSid: callSid, RecordingSid: newRecordingSid(), RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE${index}`, RecordingStatus: 'completed', RecordingDuration: '12' };
      expect((await postSigned(app, '/webhooks/twilio/voice/recording?kind=voicemail', recording)).status).toBe(200);
      expect(await CallbackTaskModel.findById(`callback:${callSid}`).lean()).toMatchObject({ reason: 'voicemail' });
    }
    expect(await leases()).toBe(0);
  });
});

describe('bad input on voice webhooks', () => {
  it('answers missing or malformed fields with 4xx or a TwiML that keeps the call, never 500', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const cases: Array<[string, Record<string, string>, number]> = [
      ['/webhooks/twilio/voice', { From: '+212661234567' }, 400],
      ['/webhooks/twilio/voice', { CallSid: 'CA-not-a-sid', From: '+212661234567' }, 400],
      ['/webhooks/twilio/voice/status', { CallSid: newCallSid(), CallStatus: 'exploded' }, 400],
      ['/webhooks/twilio/voice/recording', { CallSid: newCallSid(), RecordingSid: newRecordingSid(), RecordingUrl: 'javascript:alert(1)' }, 400],
      ['/webhooks/twilio/voice/connect?agent=not-an-id', { CallSid: newCallSid() }, 200],
      ['/webhooks/twilio/voice/outbound?agent=nope', { CallSid: newCallSid() }, 200],
    ];
    for (const [path, params, status] of cases) {
      const response = await postSigned(app, path, params);
      expect({ path, status: response.status }).toEqual({ path, status });
    }

    // A non-E.164 caller and an absurdly long field still get the menu, and the call is recorded.
    const callSid = newCallSid();
    const odd = await postSigned(app, '/webhooks/twilio/voice', { CallSid: callSid, From: 'anonymous', To: 'x'.repeat(5000), Direction: 'inbound', Extra: 'y'.repeat(200_000) });
    expect(await twimlOf(odd)).toContain('<Gather');
    expect(await CallModel.findById(callSid).lean()).toMatchObject({ from: 'anonymous', phone: null, to: 'x'.repeat(64) });

    // A body over the limit is refused before anything is read.
    const huge = await postSigned(app, '/webhooks/twilio/voice', { CallSid: newCallSid(), Body: 'z'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
  });

  it('records callbacks for a call it never saw instead of losing them', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const callSid = newCallSid();
    const status = await postSigned(app, '/webhooks/twilio/voice/status', { CallSid: callSid, CallStatus: 'completed', From: '+212670000009', To: CENTER, Direction: 'inbound', CallDuration: '12', SequenceNumber: '3', Timestamp: 'Mon, 23 Nov 2026 10:05:00 +0000' });
    expect(status.status).toBe(200);
    const stored = await CallModel.findById(callSid).lean();
    expect(stored).toMatchObject({ status: 'completed', phase: 'ended', result: 'abandoned', phone: '+212670000009' });
    expect(stored!.statusTimes).toEqual({ completed: new Date('2026-11-23T10:05:00Z') });
  });
});
