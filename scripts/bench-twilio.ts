// npm run bench:twilio — the incoming-call webhook's latency at a steady rate of signed requests, and
// the throughput of call status callbacks, on the embedded FerretDB (or MONGODB_URI).
// Sizes: BENCH_RATE (default 200 requests per second), BENCH_SECONDS (10), BENCH_ASSOCIATIONS (500),
// BENCH_CONCURRENCY (32 status callbacks in flight), BENCH_RECENT_CALLS (200: calls among recent ones in
// the steady-state status-callback run), BENCH_WAITING_CALLERS (50 callers in the queues, no agent free,
// whose wait-page polls are timed).
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import mongoose from 'mongoose';
import twilio from 'twilio';
import { createApp } from '../server/src/app.js';
import { createModules } from '../server/src/composition.js';
import { loadConfig } from '../server/src/config.js';
import { createLogger } from '../server/src/logger.js';
import { createAssociation } from '../server/src/modules/associations/associations.service.js';
import { CallArchiveModel, CallModel } from '../server/src/modules/calls/call.model.js';
import { archiveEndedCall } from '../server/src/modules/calls/calls.service.js';
import { TeamModel } from '../server/src/modules/teams/team.model.js';
import { createLiveTicketDirectory } from '../server/src/modules/tickets/live-ticket-directory.js';
import { createRealtimeHub } from '../server/src/realtime/realtime-hub.js';
import { createTwilioGateway } from '../server/src/twilio/twilio-gateway.js';
import { REGION_KEYS, type TContentLanguage, type TTopicKey } from '@mowakaba/shared/constants';
import { startCpuCount, withBenchDatabase } from './bench-database.js';
import { ms, percentile, runLoad, summarizeLoad, type LoadRequest } from './bench-load.js';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ASSOCIATIONS = Number(process.env.BENCH_ASSOCIATIONS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RECENT_CALLS = Number(process.env.BENCH_RECENT_CALLS ?? 200);
const WAITING_CALLERS = Number(process.env.BENCH_WAITING_CALLERS ?? 50);
const PUBLIC_URL = 'https://mowakaba.bench';
const AUTH_TOKEN = 'bench-auth-token';
// Monday 11:00 in Casablanca: the center is open, callers get the menu.
const OPEN_HOURS = new Date('2026-11-23T10:00:00Z');

const phoneOf = (index: number) => `+2126${String(10_000_000 + index).padStart(8, '0')}`;
const callSid = () => `CA${randomBytes(16).toString('hex')}`;

/** A form POST as Twilio would sign it, prepared ahead so the client spends no time on it while timing. */
function sign(path: string, params: Record<string, string>): LoadRequest {
  return {
    method: 'POST',
    path,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params) },
    body: new URLSearchParams(params).toString(),
  };
}

async function main(databaseLabel: string, databasePid?: number) {

  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
  const logger = createLogger('silent');
  const hub = createRealtimeHub({ logger });
  const app = createApp(createModules({
    config,
    logger,
    connection: mongoose.connection,
    sessionSettings: { secret: randomBytes(32).toString('hex'), ttlMs: 3_600_000 },
    publisher: hub,
    ticketDirectory: createLiveTicketDirectory(hub.feed),
    twilio: createTwilioGateway(config),
    now: () => OPEN_HOURS,
  }));
  const httpServer = await new Promise<HttpServer>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server as HttpServer)) as HttpServer;
  });
  const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const post = async (request: LoadRequest) => {
    const response = await fetch(`${base}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
    await response.arrayBuffer();
    return response.status;
  };
  console.log(`Mowakaba Twilio benchmark — database: ${databaseLabel}`);

  const teams: Array<[string, TContentLanguage[], TTopicKey[]]> = [
    ['front', ['ar', 'zgh'], ['founding', 'other']],
    ['digital', ['fr', 'ar'], ['platform', 'training']],
    ['legal', ['ar', 'fr'], ['funding', 'governance']],
  ];
  for (const [key, languages, topics] of teams) {
    await TeamModel.create({ key, name: { ar: key, fr: key, en: key }, skills: { languages, topics } });
  }
  for (let index = 0; index < ASSOCIATIONS; index += 1) {
    await createAssociation({
      name: { ar: `جمعية ${index}`, fr: `Association ${index}` },
      registrationRef: `BENCH-${index}`,
      region: REGION_KEYS[index % REGION_KEYS.length]!,
      province: '',
      city: '',
      fieldOfActivity: '',
      notes: '',
      contacts: [{ name: `Contact ${index}`, role: '', phones: [phoneOf(index)], emails: [] }],
    });
  }
  console.log(`setup: ${ASSOCIATIONS} associations with a contact phone each, 3 teams`);

  // Half the callers are known (their number is in the caller-ID directory), half are not.
  const incoming = (index: number) => {
    const sid = callSid();
    const from = index % 2 === 0 ? phoneOf(index % ASSOCIATIONS) : phoneOf(ASSOCIATIONS + index);
    return { sid, from, request: sign('/webhooks/twilio/voice', { CallSid: sid, AccountSid: `AC${'0'.repeat(32)}`, From: from, To: '+212522000000', CallStatus: 'ringing', Direction: 'inbound' }) };
  };
  const sequential: number[] = [];
  for (let index = 0; index < 100; index += 1) {
    const sent = performance.now();
    await post(incoming(index).request);
    sequential.push(performance.now() - sent);
  }
  console.log(`incoming call, one at a time: p50 ${ms(percentile(sequential, 0.5))}, p99 ${ms(percentile(sequential, 0.99))}`);

  // 1. Incoming calls at a steady rate.
  const total = RATE * SECONDS;
  const warmUp = 2 * RATE;
  const calls = Array.from({ length: warmUp + total }, (_, index) => incoming(index + 1000));
  const cpuPerCall = startCpuCount(databasePid);
  const burst = await runLoad(base, calls.map((call) => call.request), { rate: RATE, warmUp });
  console.log(`incoming call (TwiML menu): ${total} signed webhooks in ${burst.seconds.toFixed(1)} s (offered ${RATE}/s), ${summarizeLoad(burst)}`);
  console.log(`incoming call: ${cpuPerCall(calls.length, burst.cpuMs)}`);

  // 2. Status callbacks (in-progress, then completed) as fast as they are answered, CONCURRENCY in flight.
  const statusCallbacks = (batch: typeof calls) =>
    batch.flatMap((call, index) =>
      (['in-progress', 'completed'] as const).map((status, sequence) =>
        sign('/webhooks/twilio/voice/status', {
          CallSid: call.sid,
          From: call.from,
          To: '+212522000000',
          Direction: 'inbound',
          CallStatus: status,
          SequenceNumber: String(sequence + 1),
          Timestamp: new Date(OPEN_HOURS.getTime() + index * 1000 + sequence * 60_000).toUTCString(),
          ...(status === 'completed' ? { CallDuration: '60' } : {}),
        }),
      ),
    );
  const runCallbacks = async (label: string, callbacks: LoadRequest[]) => {
    const result = await runLoad(base, callbacks, { concurrency: CONCURRENCY });
    console.log(`${label}: ${callbacks.length} in ${result.seconds.toFixed(1)} s = ${(callbacks.length / result.seconds).toFixed(0)}/s with ${CONCURRENCY} in flight, ${summarizeLoad(result)}`);
  };

  // Right after the burst every call is still among recent calls: the worst case for updates on FerretDB.
  const recentAfterBurst = await CallModel.estimatedDocumentCount();
  await runCallbacks(`status callbacks, ${recentAfterBurst} recent calls`, statusCallbacks(calls.slice(0, 500)));

  // Steady state: ended calls have gone to the archive (the archive job, 30 minutes later) and the burst's
  // other calls, which never ended here, are dropped as if long finished; RECENT_CALLS new calls are live.
  for (const call of await CallModel.find({ phase: 'ended' }, { _id: 1 }).lean()) {
    await archiveEndedCall({ payload: { callSid: call._id } });
  }
  await CallModel.deleteMany({});
  const steady = Array.from({ length: RECENT_CALLS }, (_, index) => incoming(index + 100_000));
  for (const call of steady) await post(call.request);
  await runCallbacks(`status callbacks, ${await CallModel.estimatedDocumentCount()} recent calls`, statusCallbacks(steady));
  console.log(`calls: ${await CallModel.estimatedDocumentCount()} recent, ${await CallArchiveModel.estimatedDocumentCount()} archived`);

  // 3. Callers waiting with no agent free: each wait-page poll of a caller nobody rings makes a routing pass.
  const waiting = Array.from({ length: WAITING_CALLERS }, (_, index) => incoming(index + 200_000));
  for (const call of waiting) {
    const params = { CallSid: call.sid, From: call.from, To: '+212522000000', Direction: 'inbound' };
    await post(call.request);
    await post(sign('/webhooks/twilio/voice/language?attempt=1', { ...params, Digits: '1' }));
    await post(sign('/webhooks/twilio/voice/topic?lang=ar&attempt=1', { ...params, Digits: '1' }));
  }
  const polls = Array.from({ length: 5 }, () => waiting.map((call) => sign('/webhooks/twilio/voice/wait?lang=ar', { CallSid: call.sid, From: call.from, To: '+212522000000', Direction: 'inbound', QueuePosition: '1' }))).flat();
  const polled = await runLoad(base, polls, { concurrency: CONCURRENCY });
  console.log(`wait-page polls, ${WAITING_CALLERS} callers waiting among ${await CallModel.estimatedDocumentCount()} recent calls: ${polls.length} in ${polled.seconds.toFixed(1)} s = ${(polls.length / polled.seconds).toFixed(0)}/s, ${summarizeLoad(polled)}`);

  await new Promise<void>((resolve) => {
    httpServer.close(() => resolve());
    httpServer.closeAllConnections();
  });
}

withBenchDatabase(main).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
