import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import type { App } from '../../server/src/app.js';
import type { AppDependencies } from '../../server/src/app-env.js';
import type { Config } from '../../server/src/config.js';
import { createTwilioGateway, type TwilioGatewayOptions } from '../../server/src/twilio/twilio-gateway.js';
import { json } from './json.js';
import { createTestApp, TEST_PUBLIC_URL } from './test-app.js';

export const TEST_AUTH_TOKEN = 'test-auth-token-4f9c2a7e1b3d5c60';
export const TEST_ACCOUNT_SID = `AC${'1'.repeat(32)}`;
export const TEST_API_KEY = `SK${'2'.repeat(32)}`;
export const TEST_API_SECRET = 'test-api-secret-9d8c7b6a';
export const TEST_TWIML_APP_SID = `AP${'3'.repeat(32)}`;
export const CENTER_NUMBER = '+212522000000';

/** Monday 23 November 2026, 11:00 in Casablanca: the center is open. */
export const OPEN_HOURS = new Date('2026-11-23T10:00:00Z');
/** Sunday 22 November 2026, 11:00 in Casablanca: the center is closed. */
export const CLOSED_HOURS = new Date('2026-11-22T10:00:00Z');

export const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;
export const newMessageSid = () => `SM${randomBytes(16).toString('hex')}`;
export const newRecordingSid = () => `RE${randomBytes(16).toString('hex')}`;

export type FormParams = Record<string, string | string[]>;

/** A form body as Twilio sends it: repeated keys for repeated values. */
export function formBody(params: FormParams): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  return body.toString();
}

/** The X-Twilio-Signature Twilio would send, computed by the twilio package itself. */
export function signTwilioRequest(pathAndQuery: string, params: FormParams, token = TEST_AUTH_TOKEN, baseUrl = TEST_PUBLIC_URL): string {
  return twilio.getExpectedTwilioSignature(token, `${baseUrl}${pathAndQuery}`, params);
}

/** A signed form POST to the app, as Twilio makes it; `signature` overrides the computed one. */
export function postSigned(app: App, pathAndQuery: string, params: FormParams, options: { signature?: string | null; headers?: Record<string, string> } = {}) {
  const signature = options.signature === undefined ? signTwilioRequest(pathAndQuery, params) : options.signature;
  return app.request(pathAndQuery, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(signature === null ? {} : { 'X-Twilio-Signature': signature }),
      ...options.headers,
    },
    body: formBody(params),
  });
}

/** The fields every voice webhook of an inbound call carries. */
/** A call as staff see it through `GET /api/calls/:sid`. */
export const getCall = async (app: App, cookie: string, callSid: string) => json(await app.request(`/api/calls/${callSid}`, { headers: { Cookie: cookie } }));

export const callParams = (callSid: string, from: string, extra: Record<string, string> = {}) => ({ CallSid: callSid, From: from, To: CENTER_NUMBER, Direction: 'inbound', ...extra });

/** A caller rings, chooses a language and a topic (keys), and waits in a queue. */
export async function queueCall(app: App, callSid: string, from: string, languageKey = '1', topicKey = '1') {
  expect((await postSigned(app, '/webhooks/twilio/voice', callParams(callSid, from, { CallStatus: 'ringing' }))).status).toBe(200);
  const language = languageKey === '2' ? 'fr' : 'ar';
  expect((await postSigned(app, '/webhooks/twilio/voice/language?attempt=1', callParams(callSid, from, { Digits: languageKey }))).status).toBe(200);
  const enqueue = await postSigned(app, `/webhooks/twilio/voice/topic?lang=${language}&attempt=1`, callParams(callSid, from, { Digits: topicKey }));
  expect(await enqueue.text()).toContain('<Enqueue');
}

const staffRequest = (method: string, cookie: string): RequestInit => ({ method, headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });

/**
 * The agent goes available and answers `callSid` once it rings at their console: a caller offered to
 * them first (one still waiting from an earlier test) is declined, so it rings elsewhere.
 */
export async function answerAsAgent(app: App, agent: { cookie: string; user: { id: string } }, callSid: string): Promise<Response> {
  await app.request('/api/presence/me', { ...staffRequest('PUT', agent.cookie), body: JSON.stringify({ state: 'available' }) });
  const queued = async () =>
    ((await json(await app.request('/api/calls?phase=queued&limit=100', staffRequest('GET', agent.cookie)))) as { items: Array<{ callSid: string; offer: { agentId: string } | null }> }).items;
  for (let declined = 0; declined < 20; declined += 1) {
    // Routing follows the presence change on the change feed: a call rings a moment after, as on a
    // real console. Looked for until one rings here or `callSid` rings someone, or never will: a
    // call no longer queued (taken, ended) rings nobody, so its accept is sent at once.
    const ringing = await vi
      .waitFor(
        async () => {
          const calls = await queued();
          const found = calls.find((call) => call.offer?.agentId === agent.user.id);
          const call = calls.find((queuedCall) => queuedCall.callSid === callSid);
          if (!found && call && !call.offer) throw new Error('nothing rings yet');
          return found;
        },
        { timeout: 10_000, interval: 20 },
      )
      .catch(() => undefined);
    if (!ringing || ringing.callSid === callSid) break;
    await app.request(`/api/calls/${ringing.callSid}/decline`, staffRequest('POST', agent.cookie));
  }
  return app.request(`/api/calls/${callSid}/accept`, staffRequest('POST', agent.cookie));
}

export interface RecordedTwilioRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** The Range header, when one was sent (recording downloads). */
  range?: string;
  form: FormParams;
}

/**
 * An answer of the fake API: `waitFor` holds it back until the promise settles (to let something
 * happen meanwhile); `stallBody` sends a recording's headers and first bytes, then nothing more.
 */
type Reply = { status: number; body: Record<string, unknown>; waitFor?: Promise<unknown>; stallBody?: boolean };

export interface FakeTwilioApi {
  url: string;
  requests: RecordedTwilioRequest[];
  /** The answer to the next request instead of the usual one (e.g. a Twilio error). */
  replyNext(reply: Reply): void;
  close(): Promise<void>;
}

function readForm(request: IncomingMessage): Promise<FormParams> {
  return new Promise((resolve, reject) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const form: FormParams = {};
      for (const [name, value] of new URLSearchParams(raw)) {
        const previous = form[name];
        form[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
      }
      resolve(form);
    });
    request.on('error', reject);
  });
}

/** The usual answers of Twilio's REST API for what the app does: create a message, create or update a call. */
function defaultReply(method: string, path: string): Reply {
  if (method === 'POST' && /\/Messages\.json$/.test(path)) return { status: 201, body: { sid: newMessageSid(), status: 'queued' } };
  if (method === 'POST' && /\/Calls\.json$/.test(path)) return { status: 201, body: { sid: newCallSid(), status: 'queued' } };
  const update = /\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(path);
  if (method === 'POST' && update) return { status: 200, body: { sid: update[1], status: 'in-progress' } };
  if (method === 'DELETE' && /\/Recordings\/RE[0-9a-f]{32}\.json$/.test(path)) return { status: 204, body: {} };
  return { status: 404, body: { code: 20404, message: 'The requested resource was not found', status: 404 } };
}

/** The audio the fake API serves for any recording: an MP3 frame header and some bytes. */
export const FAKE_RECORDING_AUDIO = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(1020, 0x55)]);

/** The fake recording as Twilio's media server sends it: whole, or the one byte range asked for (206). */
function serveRecording(range: string | undefined, response: ServerResponse): void {
  const size = FAKE_RECORDING_AUDIO.length;
  const match = range ? /^bytes=(\d+)-(\d*)$/.exec(range) : null;
  if (!match) {
    response.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': String(size), 'Accept-Ranges': 'bytes' });
    response.end(FAKE_RECORDING_AUDIO);
    return;
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || start > end) {
    response.writeHead(416, { 'Content-Range': `bytes */${size}` });
    response.end();
    return;
  }
  response.writeHead(206, { 'Content-Type': 'audio/mpeg', 'Content-Length': String(end - start + 1), 'Content-Range': `bytes ${start}-${end}/${size}` });
  response.end(FAKE_RECORDING_AUDIO.subarray(start, end + 1));
}

/** Twilio's REST API played by a local HTTP server that records every request exactly as it came. */
export async function startFakeTwilioApi(): Promise<FakeTwilioApi> {
  const requests: RecordedTwilioRequest[] = [];
  const queued: Reply[] = [];
  const server: Server = createServer(async (request, response) => {
    const form = await readForm(request);
    const path = request.url ?? '';
    const range = request.headers.range;
    requests.push({ method: request.method ?? '', path, authorization: request.headers.authorization, ...(range ? { range } : {}), form });
    const recording = request.method === 'GET' && /\/Recordings\/RE[0-9a-f]{32}\.mp3$/.test(path);
    if (recording && queued.length === 0) {
      serveRecording(range, response);
      return;
    }
    const reply = queued.shift() ?? defaultReply(request.method ?? '', path);
    await reply.waitFor?.catch(() => undefined);
    if (reply.stallBody) {
      response.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': String(FAKE_RECORDING_AUDIO.length) });
      response.write(FAKE_RECORDING_AUDIO.subarray(0, 10));
      return;
    }
    response.writeHead(reply.status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    replyNext: (reply) => queued.push(reply),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The fake Twilio API for the calling test file: started before its tests, closed after them. */
export function useFakeTwilioApi(): FakeTwilioApi {
  const api = {} as FakeTwilioApi;
  beforeAll(async () => {
    Object.assign(api, await startFakeTwilioApi());
  });
  afterAll(async () => {
    await api.close?.();
  });
  return api;
}

/** The twilio package's own HTTP client, sending to the local fake API instead of api.twilio.com. */
export class LocalTwilioHttpClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...options, uri: options.uri.replace(/^https:\/\/[^/]+/, this.baseUrl) });
  }
}

/**
 * The app with Twilio configured: `real` with an account whose REST calls reach `api` (the fake API),
 * or `simulated` (no account SID) — both verifying webhook signatures with TEST_AUTH_TOKEN.
 */
export function createTwilioTestApp(options: TwilioTestOptions) {
  const { environment, extra } = twilioTestDependencies(options);
  return createTestApp(environment, undefined, extra);
}

export interface TwilioTestOptions {
  mode: 'real' | 'simulated';
  api?: FakeTwilioApi;
  now?: Date;
  environment?: Record<string, string>;
  /** Limits of the gateway (recording downloads) a test wants small. */
  gateway?: Pick<TwilioGatewayOptions, 'recordingTimeoutMs' | 'maxRecordingBytes'>;
}

/** The environment and dependencies of an app with Twilio configured (see createTwilioTestApp). */
export function twilioTestDependencies(options: TwilioTestOptions) {
  const environment: Record<string, string> = {
    TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    ...(options.mode === 'real'
      ? {
          TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
          TWILIO_NUMBER: CENTER_NUMBER,
          TWILIO_API_KEY: TEST_API_KEY,
          TWILIO_API_SECRET: TEST_API_SECRET,
          TWILIO_TWIML_APP_SID: TEST_TWIML_APP_SID,
        }
      : {}),
    ...options.environment,
  };
  const now = options.now ?? OPEN_HOURS;
  const api = options.api;
  const extra = (config: Config): Partial<AppDependencies> => ({
    twilio: createTwilioGateway(config, {
      httpClient: api ? new LocalTwilioHttpClient(api.url) : undefined,
      fetch: api ? (input, init) => fetch(String(input).replace(/^https:\/\/[^/]+/, api.url), init) : undefined,
      ...options.gateway,
    }),
    now: () => now,
  });
  return { environment, extra };
}

/** The app a Twilio test drives. */
export type TwilioTestApp = ReturnType<typeof createTwilioTestApp>['app'];
