import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { RECORDING_SID } from '@mowakaba/shared/schemas/calls';
import type { Config } from '../config.js';
import { isTwilioSimulated } from '../config.js';
import { AppError } from '../errors.js';
import { simulatedRecordingWav } from './simulated-recording.js';

/** How long a softphone token lives; the Voice SDK asks for a new one before it expires. */
export const VOICE_TOKEN_TTL_SECONDS = 15 * 60;

export interface OutboundMessageRequest {
  channel: 'sms' | 'whatsapp';
  /** E.164 number of the recipient. */
  to: string;
  body: string;
  /** The center's E.164 number to send from (the one the contact wrote to); the channel's default sender when absent. */
  from?: string | null;
}

export interface OutboundMessageResult {
  sid: string;
  status: string;
  /** The center's number it went out from, E.164 (null when simulated). */
  from: string | null;
}

/** A failure reported by Twilio's REST API, with its error code (e.g. 21211 for an invalid number). */
export class TwilioRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'TwilioRequestError';
  }
}

/**
 * The one place that talks to Twilio: messages, calls, call redirects and softphone tokens, for
 * real or — without TWILIO_ACCOUNT_SID — simulated (recorded with made-up SIDs, nothing sent).
 */
export interface TwilioGateway {
  readonly simulated: boolean;
  /** The token webhooks are signed with; without one every webhook is refused. */
  readonly authToken: string | undefined;
  /** The center's number, shown to the people it calls and texts. */
  readonly callerId: string;
  /** The absolute URL Twilio uses for one of our paths (PUBLIC_URL + path). */
  webhookUrl(path: string): string;
  sendMessage(request: OutboundMessageRequest): Promise<OutboundMessageResult>;
  /** Calls `to` from the center's number and runs the TwiML at `url` when it answers. */
  placeCall(request: { to: string; url: string }): Promise<{ sid: string }>;
  /** Moves a live call (e.g. out of a queue) to the TwiML at `url`. */
  redirectCall(callSid: string, url: string): Promise<void>;
  /** Ends a live call (the agent hung up from the console). */
  endCall(callSid: string): Promise<void>;
  /** A Voice SDK access token for `identity`, or null when simulated. */
  createVoiceToken(identity: string): { token: string | null; expiresAt: Date };
  /**
   * A recording's audio, fetched with the account's credentials (Twilio's media URLs may require
   * them) so the browser never sees Twilio's URL; a short tone when simulated.
   */
  fetchRecording(recordingSid: string, range: string | null): Promise<RecordingMedia>;
  /** Deletes a recording from the Twilio account (personal data erased here); one already gone counts as deleted. */
  deleteRecording(recordingSid: string): Promise<void>;
}

export interface RecordingMedia {
  /** 206 with the part a Range asked for, 416 when it cannot be satisfied (empty body). */
  status: 200 | 206 | 416;
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** The Content-Range to answer with: `bytes start-end/size` for a 206; for a 416, the size alone. */
  contentRange: string | null;
  simulated: boolean;
}

/** The simulated tone as a recording, whole or the part `range` asks for. */
export function simulatedRecordingMedia(range: string | null): RecordingMedia {
  const wav = simulatedRecordingWav();
  const part = parseByteRange(range, wav.byteLength);
  const media = { contentType: 'audio/wav', simulated: true };
  if (part === 'invalid') return { ...media, status: 416, body: new Uint8Array(0), contentRange: `bytes */${wav.byteLength}` };
  if (!part) return { ...media, status: 200, body: wav, contentRange: null };
  return { ...media, status: 206, body: wav.subarray(part.start, part.end + 1), contentRange: `bytes ${part.start}-${part.end}/${wav.byteLength}` };
}

/** The part of `size` bytes a `Range: bytes=…` header asks for (one range), or null for the whole; 'invalid' when unsatisfiable. */
export function parseByteRange(header: string | null, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

/** A Range header worth passing on to Twilio: one `bytes=` range, nothing else. */
const FORWARDED_RANGE = /^bytes=\d*-\d*$/;


export interface TwilioGatewayOptions {
  /** Overrides TWILIO_AUTH_TOKEN for webhook signatures (the local token of simulation mode). */
  authToken?: string;
  /** The HTTP client of the twilio package; tests point it at a local server. */
  httpClient?: twilio.RequestClient;
  /**
   * How recording media are downloaded (the twilio client reads every answer as text, which would
   * corrupt audio); tests point it at a local server.
   */
  fetch?: typeof globalThis.fetch;
  /** How long a recording download may take, answer and body (15 s). */
  recordingTimeoutMs?: number;
  /** The largest recording (or part) served, read into memory (32 MiB: hours of Twilio's mono MP3). */
  maxRecordingBytes?: number;
}

/** Reads a body up to `limit` bytes; null past it (the download is abandoned). */
async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (body) {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > limit) {
        await body.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(chunk);
    }
  }
  return new Uint8Array(Buffer.concat(chunks));
}

const simulatedSid = (prefix: 'SM' | 'CA') => `${prefix}${randomBytes(16).toString('hex')}`;

function toRequestError(error: unknown): TwilioRequestError {
  if (error instanceof twilio.RestException) return new TwilioRequestError(error.message, error.code === undefined ? null : String(error.code));
  return new TwilioRequestError(error instanceof Error ? error.message : String(error), null);
}

/** Builds the gateway from the configuration: real with an account SID, simulated without. */
export function createTwilioGateway(config: Config, options: TwilioGatewayOptions = {}): TwilioGateway {
  const simulated = isTwilioSimulated(config);
  const base = config.PUBLIC_URL.replace(/\/+$/, '');
  const webhookUrl = (path: string) => `${base}${path}`;
  const statusCallbacks = {
    message: webhookUrl('/webhooks/twilio/messaging/status'),
    call: webhookUrl('/webhooks/twilio/voice/status'),
  };
  // Key and secret when given (Twilio's advice for servers), else the account's auth token.
  const client = simulated
    ? undefined
    : config.TWILIO_API_KEY && config.TWILIO_API_SECRET
      ? twilio(config.TWILIO_API_KEY, config.TWILIO_API_SECRET, { accountSid: config.TWILIO_ACCOUNT_SID, httpClient: options.httpClient })
      : twilio(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN, { httpClient: options.httpClient });
  const centerNumber = config.TWILIO_NUMBER ?? 'simulated';
  const fetchMedia = options.fetch ?? globalThis.fetch;
  const [mediaUser, mediaPassword] =
    config.TWILIO_API_KEY && config.TWILIO_API_SECRET ? [config.TWILIO_API_KEY, config.TWILIO_API_SECRET] : [config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN];
  // WhatsApp senders are often a different number from the SMS and voice one.
  const defaultSender = { sms: centerNumber, whatsapp: config.TWILIO_WHATSAPP_NUMBER ?? centerNumber };
  const address = (channel: 'sms' | 'whatsapp', phone: string) => (channel === 'whatsapp' ? `whatsapp:${phone}` : phone);

  return {
    simulated,
    authToken: options.authToken ?? config.TWILIO_AUTH_TOKEN,
    callerId: centerNumber,
    webhookUrl,

    async sendMessage(request) {
      if (!client) return { sid: simulatedSid('SM'), status: 'simulated', from: null };
      const from = request.from ?? defaultSender[request.channel];
      try {
        const message = await client.messages.create({
          to: address(request.channel, request.to),
          from: address(request.channel, from),
          body: request.body,
          statusCallback: statusCallbacks.message,
        });
        return { sid: message.sid, status: message.status, from };
      } catch (error) {
        throw toRequestError(error);
      }
    },

    async placeCall(request) {
      if (!client) return { sid: simulatedSid('CA') };
      try {
        const call = await client.calls.create({
          to: request.to,
          from: centerNumber,
          url: request.url,
          method: 'POST',
          statusCallback: statusCallbacks.call,
          statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        });
        return { sid: call.sid };
      } catch (error) {
        throw toRequestError(error);
      }
    },

    async redirectCall(callSid, url) {
      if (!client) return;
      try {
        await client.calls(callSid).update({ url, method: 'POST' });
      } catch (error) {
        throw toRequestError(error);
      }
    },

    async endCall(callSid) {
      if (!client) return;
      try {
        await client.calls(callSid).update({ status: 'completed' });
      } catch (error) {
        throw toRequestError(error);
      }
    },

    async deleteRecording(recordingSid) {
      if (!client || !RECORDING_SID.test(recordingSid)) return;
      try {
        await client.recordings(recordingSid).remove();
      } catch (error) {
        if (error instanceof twilio.RestException && error.status === 404) return;
        throw toRequestError(error);
      }
    },

    async fetchRecording(recordingSid, range) {
      if (!client) return simulatedRecordingMedia(range);
      // Built from our account and the SID, never from a stored URL, so nothing else can be fetched.
      if (!RECORDING_SID.test(recordingSid)) throw new AppError('not_found', 'recording not found');
      const url = `https://api.twilio.com/2010-04-01/Accounts/${config.TWILIO_ACCOUNT_SID}/Recordings/${recordingSid}.mp3`;
      const unavailable = (details: Record<string, unknown>) => new AppError('service_unavailable', 'the recording could not be fetched from Twilio; try again', details);
      // The player's Range goes to Twilio: a seek downloads the part asked for, not the whole file again.
      const forwardedRange = range && FORWARDED_RANGE.test(range.trim()) ? range.trim() : null;
      try {
        // The timeout covers the body too: a download that stalls halfway is a 503, not a hung request.
        const response = await fetchMedia(url, {
          headers: { Authorization: `Basic ${Buffer.from(`${mediaUser}:${mediaPassword}`).toString('base64')}`, ...(forwardedRange ? { Range: forwardedRange } : {}) },
          signal: AbortSignal.timeout(options.recordingTimeoutMs ?? 15_000),
        });
        if (response.status === 404) throw new AppError('not_found', 'recording not found at Twilio (deleted?)');
        if (response.status === 416) {
          await response.body?.cancel();
          return { status: 416, body: new Uint8Array(0), contentType: 'audio/mpeg', contentRange: response.headers.get('content-range'), simulated: false };
        }
        if (response.status !== 200 && response.status !== 206) throw unavailable({ status: response.status });
        const limit = options.maxRecordingBytes ?? 32 * 1024 * 1024;
        const declared = Number(response.headers.get('content-length') ?? 0);
        const body = declared > limit ? null : await readLimited(response.body, limit);
        if (!body) {
          await response.body?.cancel().catch(() => undefined);
          throw unavailable({ reason: 'too-large', limit });
        }
        return { status: response.status, body, contentType: 'audio/mpeg', contentRange: response.headers.get('content-range'), simulated: false };
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw unavailable({ reason: error instanceof Error ? error.name : 'unknown' });
      }
    },

    createVoiceToken(identity) {
      const expiresAt = new Date(Date.now() + VOICE_TOKEN_TTL_SECONDS * 1000);
      if (simulated) return { token: null, expiresAt };
      if (!config.TWILIO_API_KEY || !config.TWILIO_API_SECRET) {
        throw new AppError('service_unavailable', 'the softphone needs TWILIO_API_KEY and TWILIO_API_SECRET');
      }
      const token = new twilio.jwt.AccessToken(config.TWILIO_ACCOUNT_SID!, config.TWILIO_API_KEY, config.TWILIO_API_SECRET, {
        identity,
        ttl: VOICE_TOKEN_TTL_SECONDS,
      });
      token.addGrant(
        new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: true, outgoingApplicationSid: config.TWILIO_TWIML_APP_SID }),
      );
      return { token: token.toJwt(), expiresAt };
    },
  };
}
