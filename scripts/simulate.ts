// npm run simulate -- call|sms … — plays Twilio's part against a running Mowakaba: sends the webhooks
// Twilio would send, signed with the server's token, so calls and messages can be watched arriving in
// the console with no Twilio account and no network.
//
//   npm run simulate -- call --from +212661234567 [--language 1] [--topic 1] [--talk 10] [--give-up 120] [--callback]
//   npm run simulate -- sms --from +212661234567 --body "السلام عليكم" [--whatsapp] [--media https://…]
//
// Options for both: --url (the server, default PUBLIC_URL or http://localhost:3000) and --token (default
// TWILIO_AUTH_TOKEN, else the local token simulation mode writes to DATA_DIR/twilio-simulation-token).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import { normalizePhoneNumber } from '@mowakaba/shared/phone';

const USAGE = `usage:
  npm run simulate -- call --from +212661234567 [--language 1|2|3] [--topic 0-9] [--talk seconds] [--give-up seconds] [--callback]
  npm run simulate -- sms --from +212661234567 --body "text" [--whatsapp] [--media https://…]
options: --url http://localhost:3000  --token <auth token>  --to <center number>`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: 'string' },
    to: { type: 'string', default: '+212522000000' },
    body: { type: 'string', default: '' },
    media: { type: 'string', multiple: true, default: [] },
    whatsapp: { type: 'boolean', default: false },
    language: { type: 'string', default: '1' },
    topic: { type: 'string', default: '1' },
    talk: { type: 'string', default: '10' },
    'give-up': { type: 'string', default: '300' },
    callback: { type: 'boolean', default: false },
    url: { type: 'string', default: process.env.PUBLIC_URL ?? 'http://localhost:3000' },
    token: { type: 'string' },
  },
});

const baseUrl = values.url.replace(/\/+$/, '');
const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

async function readToken(): Promise<string> {
  if (values.token) return values.token;
  if (process.env.TWILIO_AUTH_TOKEN) return process.env.TWILIO_AUTH_TOKEN;
  const file = join(process.env.DATA_DIR ?? './data', 'twilio-simulation-token');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new Error(`no token: pass --token, set TWILIO_AUTH_TOKEN, or start the server once in simulation mode (it writes ${file})`);
  }
}

/** Posts a form to a webhook as Twilio does, signed; returns the TwiML answer. */
async function post(token: string, pathAndQuery: string, params: Record<string, string>): Promise<string> {
  const url = pathAndQuery.startsWith('http') ? pathAndQuery : `${baseUrl}${pathAndQuery}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(token, url, params) },
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${new URL(url).pathname} answered ${response.status}: ${text}`);
  return text;
}

const decode = (text: string) => text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
/** What a caller would hear and be asked, in a line each. */
function describe(twiml: string): string {
  const lines = [...twiml.matchAll(/<(Say|Play|Enqueue|Record|Dial|Redirect|Leave|Hangup|Message)\b[^>]*?(?:\/>|>([\s\S]*?)<\/\1>)/g)].map(([, verb, content]) =>
    `  ${verb}${content ? `: ${decode(content.replace(/<[^>]+>/g, ' ').trim())}` : ''}`,
  );
  return lines.join('\n');
}
const attribute = (twiml: string, name: string) => {
  const match = new RegExp(`${name}="([^"]+)"`).exec(twiml);
  return match ? decode(match[1]!) : undefined;
};

async function simulateCall(token: string) {
  const from = values.from!;
  const callSid = sid('CA');
  const call = { CallSid: callSid, AccountSid: `AC${'0'.repeat(32)}`, From: from, To: values.to, Direction: 'inbound' };
  const started = Date.now();
  const status = (CallStatus: string, SequenceNumber: number, extra: Record<string, string> = {}) =>
    post(token, '/webhooks/twilio/voice/status', { ...call, CallStatus, SequenceNumber: String(SequenceNumber), Timestamp: new Date().toUTCString(), ...extra });
  const duration = () => String(Math.round((Date.now() - started) / 1000));

  console.log(`call ${callSid} from ${from}`);
  const welcome = await post(token, '/webhooks/twilio/voice', { ...call, CallStatus: 'ringing' });
  console.log(describe(welcome));
  if (welcome.includes('<Record')) {
    console.log('the center is closed: leaving a 20-second voicemail');
    await post(token, attribute(welcome, 'recordingStatusCallback')!, {
      CallSid: callSid,
      RecordingSid: sid('RE'),
      RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/simulated/Recordings/voicemail',
      RecordingStatus: 'completed',
      RecordingDuration: '20',
    });
    await post(token, attribute(welcome, 'action')!, { ...call, RecordingDuration: '20' });
    await status('completed', 2, { CallDuration: duration() });
    console.log('voicemail left: a ticket and a callback task are waiting in the console');
    return;
  }

  const topicMenu = await post(token, attribute(welcome, 'action')!, { ...call, CallStatus: 'in-progress', Digits: values.language });
  console.log(describe(topicMenu));
  const enqueue = await post(token, attribute(topicMenu, 'action')!, { ...call, CallStatus: 'in-progress', Digits: values.topic });
  await followCall(token, call, enqueue);
  await status('completed', 2, { CallDuration: duration() });
}

/**
 * Plays the TwiML the caller is given, as Twilio would: a queue (waiting until an agent accepts), an
 * agent's softphone (talking), hold music — and, while the caller talks or holds, the agent's hold,
 * resume, transfer or hang-up, which Twilio would receive through its REST API and the server hands
 * to the simulator instead.
 */
async function followCall(token: string, call: Record<string, string>, first: string) {
  const talk = { left: Number(values.talk) * 1000, controlsSeen: 0 };
  let twiml = first;
  for (;;) {
    console.log(describe(twiml));
    let next: string | null;
    if (twiml.includes('<Enqueue')) next = await waitInQueue(token, call, twiml);
    else if (twiml.includes('<Dial')) next = await talkToAgent(token, call, twiml, talk);
    else if (/<Play loop="0"/.test(twiml)) next = await holdOn(token, call, talk);
    else next = null;
    if (next === null) return;
    twiml = await post(token, next, call);
  }
}

/** The agent's next instruction for this call, if there is one (what Twilio's REST API would have been told). */
async function nextInstruction(token: string, call: Record<string, string>, talk: { controlsSeen: number }): Promise<{ url: string | null } | null> {
  const answer = await post(token, '/webhooks/twilio/voice/simulation-next', { ...call, Seen: String(talk.controlsSeen) });
  const redirect = /<Redirect[^>]*>([^<]+)<\/Redirect>/.exec(answer)?.[1];
  if (!redirect && !answer.includes('<Hangup')) return null;
  talk.controlsSeen += 1;
  return { url: redirect ? decode(redirect) : null };
}

/** Waits in the queue until an agent accepts (returns where the caller is sent), the callback key, or giving up (null). */
async function waitInQueue(token: string, call: Record<string, string>, enqueue: string): Promise<string | null> {
  const queue = /<Enqueue[^>]*>([^<]+)<\/Enqueue>/.exec(enqueue)?.[1];
  if (!queue) throw new Error('the caller was not queued');
  const waitUrl = attribute(enqueue, 'waitUrl')!;
  const queueResultUrl = attribute(enqueue, 'action')!;
  const enqueuedAt = Date.now();
  const queueTime = () => String(Math.round((Date.now() - enqueuedAt) / 1000));
  console.log(`waiting in ${queue}: accept the call in the console (gives up after ${values['give-up']} s)`);

  // Twilio asks for the wait page again each time it ends; here every 3 seconds.
  for (;;) {
    const wait = await post(token, waitUrl, { ...call, QueuePosition: '1', QueueTime: queueTime(), CurrentQueueSize: '1' });
    const redirect = /<Redirect[^>]*>([^<]+)<\/Redirect>/.exec(wait)?.[1];
    if (redirect) {
      await post(token, queueResultUrl, { ...call, QueueResult: 'redirected', QueueTime: queueTime() });
      return decode(redirect);
    }
    if (values.callback) {
      await post(token, attribute(wait, 'action')!, { ...call, Digits: '1' });
      console.log(describe(await post(token, queueResultUrl, { ...call, QueueResult: 'leave', QueueTime: queueTime() })));
      console.log('callback requested: a callback task is waiting in the console');
      return null;
    }
    if (Date.now() - enqueuedAt > Number(values['give-up']) * 1000) {
      await post(token, queueResultUrl, { ...call, QueueResult: 'hangup', QueueTime: queueTime() });
      console.log('the caller hung up in the queue: a callback task is waiting in the console');
      return null;
    }
    await sleep(3000);
  }
}

/**
 * The softphone rings and answers; the caller talks until their --talk seconds are used up, or until
 * the agent holds, transfers (returns where the caller is sent) or hangs up.
 */
async function talkToAgent(token: string, call: Record<string, string>, dial: string, talk: { left: number; controlsSeen: number }): Promise<string | null> {
  const identity = /<Identity>([^<]+)<\/Identity>/.exec(dial)?.[1];
  if (!identity) throw new Error('the call was not put through to an agent');
  const legSid = sid('CA');
  const legStatusUrl = attribute(dial, 'statusCallback')!;
  const leg = (CallStatus: string, SequenceNumber: number, extra: Record<string, string> = {}) =>
    post(token, legStatusUrl, { CallSid: legSid, ParentCallSid: call.CallSid!, CallStatus, SequenceNumber: String(SequenceNumber), Timestamp: new Date().toUTCString(), ...extra });
  await leg('ringing', 0);
  await leg('in-progress', 1);
  const answeredAt = Date.now();
  const talked = () => String(Math.max(1, Math.round((Date.now() - answeredAt) / 1000)));
  console.log(`talking with agent ${identity} (${Math.round(talk.left / 1000)} s left)`);
  let instruction: { url: string | null } | null = null;
  while (talk.left > 0 && !instruction) {
    await sleep(Math.min(1000, talk.left));
    talk.left -= 1000;
    instruction = await nextInstruction(token, call, talk);
  }
  await leg('completed', 2, { CallDuration: talked() });
  await post(token, attribute(dial, 'recordingStatusCallback')!, {
    CallSid: call.CallSid!,
    RecordingSid: sid('RE'),
    RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/simulated/Recordings/conversation',
    RecordingStatus: 'completed',
    RecordingDuration: talked(),
  });
  if (instruction?.url) {
    console.log('the agent moved the call');
    return instruction.url;
  }
  if (instruction) console.log('the agent hung up');
  else await post(token, attribute(dial, 'action')!, { ...call, DialCallSid: legSid, DialCallStatus: 'completed', DialCallDuration: talked() });
  console.log('call completed: it is logged in the console');
  return null;
}

/** On hold: music until the agent resumes or transfers (returns where the caller is sent) or hangs up. */
async function holdOn(token: string, call: Record<string, string>, talk: { controlsSeen: number }): Promise<string | null> {
  console.log('on hold');
  for (;;) {
    await sleep(1000);
    const instruction = await nextInstruction(token, call, talk);
    if (instruction) return instruction.url;
  }
}

async function simulateMessage(token: string) {
  const address = (number: string) => (values.whatsapp ? `whatsapp:${number}` : number);
  const media = Object.fromEntries(values.media.flatMap((url, index) => [[`MediaUrl${index}`, url], [`MediaContentType${index}`, 'image/jpeg']]));
  const reply = await post(token, '/webhooks/twilio/messaging', {
    MessageSid: sid('SM'),
    AccountSid: `AC${'0'.repeat(32)}`,
    From: address(values.from!),
    To: address(values.to),
    Body: values.body,
    NumMedia: String(values.media.length),
    ...media,
  });
  console.log(`${values.whatsapp ? 'WhatsApp' : 'SMS'} sent from ${values.from}`);
  console.log(describe(reply) || '  (no reply)');
}

async function main() {
  const command = positionals[0];
  if ((command !== 'call' && command !== 'sms') || !values.from) {
    console.error(USAGE);
    process.exit(2);
  }
  // Twilio always sends E.164; a number typed the Moroccan way (06…) is turned into it here.
  values.from = normalizePhoneNumber(values.from) ?? values.from;
  const token = await readToken();
  if (command === 'call') await simulateCall(token);
  else await simulateMessage(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
