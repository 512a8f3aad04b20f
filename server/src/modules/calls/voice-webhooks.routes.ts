import { Hono, type Context } from 'hono';
import { ZObjectId } from '@mowakaba/shared/schemas/common';
import { CALL_SID, RECORDING_SID, VOICE_LANGUAGES, type TVoiceLanguage } from '@mowakaba/shared/schemas/calls';
import type { Modules } from '../../composition.js';
import { AppError } from '../../errors.js';
import { verifyTwilioSignature, type TwilioParams, type TwilioWebhookEnv } from '../../twilio/verify-twilio-signature.js';
import { LANGUAGE_BY_DIGIT, isTamazightOffered } from '../../twilio/voice-prompts.js';
import {
  DEFAULT_QUEUE,
  MAX_MENU_ATTEMPTS,
  buildConnectTwiml,
  buildEmptyTwiml,
  buildEnqueueTwiml,
  buildFallbackTwiml,
  buildGoodbyeTwiml,
  buildHangupTwiml,
  buildHoldTwiml,
  buildLanguageRetryTwiml,
  buildLeaveQueueTwiml,
  buildOutboundTwiml,
  buildRedirectTwiml,
  buildTopicMenuTwiml,
  buildVoicemailTwiml,
  buildWaitTwiml,
  buildWelcomeTwiml,
  type VoiceTwimlContext,
} from '../../twilio/voice-twiml.js';
import { DEFAULT_VOICE_SETTINGS, getVoiceSettings } from './voice-settings.service.js';
import {
  checkWaitingCall,
  confirmAgentConnection,
  enqueueCall,
  isQueueName,
  nextSimulatedInstruction,
  recordAgentLegStatus,
  recordCallStatus,
  recordDialResult,
  recordQueueResult,
  recordRecording,
  requestCallback,
  startIncomingCall,
  type CallSeed,
} from './calls.service.js';
import { getStorage } from '../../platform/storage/index.js';

type WebhookContext = Context<TwilioWebhookEnv>;

const DIGITS = /^[0-9*#]{1,20}$/;
const QUEUE_RESULT = /^[a-z-]{1,20}$/;
const CALLBACK_QUEUE_RESULTS = new Set(['leave', 'queue-full', 'error', 'system-error']);

const twiml = (c: WebhookContext, xml: string) => c.body(xml, 200, { 'Content-Type': 'text/xml; charset=utf-8' });

function requireCallSid(params: TwilioParams, name = 'CallSid'): string {
  const callSid = params.matching(name, CALL_SID, 34);
  if (!callSid) throw new AppError('validation_failed', 'the request is not valid', [{ path: name, code: 'invalid_format', message: 'must be a Twilio call SID' }]);
  return callSid;
}


const languageOf = (value: string | undefined): TVoiceLanguage => (VOICE_LANGUAGES as readonly string[]).includes(value ?? '') ? (value as TVoiceLanguage) : 'ar';
const attemptOf = (value: string | undefined) => (value && /^\d{1,2}$/.test(value) ? Math.max(1, Number(value)) : 1);

/** Twilio's RFC 2822 `Timestamp`, else the time we heard of it. */
function timestampOf(params: TwilioParams): Date {
  const parsed = Date.parse(params.text('Timestamp', 64) ?? '');
  return Number.isNaN(parsed) ? getStorage().clock.now() : new Date(parsed);
}

/**
 * Twilio's voice webhooks: the phone menu, the queue, agents' connections, status, queue and
 * recording callbacks. Every route checks the signature first. A failure on a route that answers the
 * caller gives TwiML that keeps the call going (the apology and the default queue), never a 500.
 */
export function createVoiceWebhookRoutes(deps: Modules) {
  const gateway = deps.twilio;
  const now = deps.now ?? (() => getStorage().clock.now());
  const serviceDeps = { publisher: deps.publisher, twilio: gateway, tickets: deps.ticketDirectory };
  const seedOf = (params: TwilioParams): CallSeed => ({
    direction: params.text('Direction', 40)?.startsWith('outbound') ? 'outbound' : 'inbound',
    from: params.text('From', 64) ?? '',
    to: params.text('To', 64) ?? '',
    simulated: gateway.simulated,
  });
  const url: VoiceTwimlContext['url'] = (path, query) => gateway.webhookUrl(query ? `${path}?${new URLSearchParams(query).toString()}` : path);
  const contextWith = async (): Promise<VoiceTwimlContext> => ({ settings: await getVoiceSettings(), url });

  const app = new Hono<TwilioWebhookEnv>();
  app.use('*', verifyTwilioSignature(gateway));

  /** Runs a step that answers the caller; whatever goes wrong, the caller is kept and queued. */
  const answer = (handler: (c: WebhookContext, params: TwilioParams) => Promise<string>) => async (c: WebhookContext) => {
    const params = c.get('twilioParams');
    try {
      return twiml(c, await handler(c, params));
    } catch (error) {
      if (error instanceof AppError && error.status < 500) throw error;
      c.get('logger').warn({ err: error, path: c.req.path }, 'voice step failed; the caller goes to the default queue');
      return twiml(c, buildFallbackTwiml(url));
    }
  };
  /** Runs a callback Twilio only reports to; a passing failure is a 503, never a 500. */
  const callback = (handler: (c: WebhookContext, params: TwilioParams) => Promise<string>) => async (c: WebhookContext) => {
    try {
      return twiml(c, await handler(c, c.get('twilioParams')));
    } catch (error) {
      if (error instanceof AppError) throw error;
      c.get('logger').warn({ err: error, path: c.req.path }, 'voice callback failed');
      throw new AppError('service_unavailable', 'the callback could not be stored; try again');
    }
  };

  app.post(
    '/',
    answer(async (_c, params) => {
      const callSid = requireCallSid(params);
      const [started, context] = await Promise.all([startIncomingCall(callSid, seedOf(params), now()), contextWith()]);
      return started.open ? buildWelcomeTwiml(context, started.association) : buildVoicemailTwiml(context);
    }),
  );

  app.post(
    '/language',
    answer(async (c, params) => {
      requireCallSid(params);
      const context = await contextWith();
      const attempt = attemptOf(c.req.query('attempt'));
      const chosen = LANGUAGE_BY_DIGIT[params.matching('Digits', DIGITS, 20) ?? ''];
      const language = chosen === 'zgh' && !isTamazightOffered(context.settings) ? undefined : chosen;
      if (language) return buildTopicMenuTwiml(context, language, 1, false);
      if (attempt < MAX_MENU_ATTEMPTS) return buildLanguageRetryTwiml(context, attempt + 1);
      return buildTopicMenuTwiml(context, 'ar', 1, false);
    }),
  );

  app.post(
    '/topic',
    answer(async (c, params) => {
      const callSid = requireCallSid(params);
      const context = await contextWith();
      const language = languageOf(c.req.query('lang'));
      const attempt = attemptOf(c.req.query('attempt'));
      const digit = params.matching('Digits', DIGITS, 20);
      const key = context.settings.menu.find((candidate) => candidate.digit === digit);
      if (!key && attempt < MAX_MENU_ATTEMPTS) return buildTopicMenuTwiml(context, language, attempt + 1, true);
      const choice = { language, topic: key?.topic ?? 'other', teamId: key?.teamId ?? null };
      const { queue } = await enqueueCall(callSid, seedOf(params), choice, serviceDeps);
      return buildEnqueueTwiml(context, language, queue);
    }),
  );

  app.post('/wait', async (c) => {
    const params = c.get('twilioParams');
    const callSid = params.matching('CallSid', CALL_SID, 34);
    // The caller is already in the queue: whatever fails here, they keep hearing the wait page.
    const [checked, settings] = await Promise.all([
      callSid ? checkWaitingCall(callSid, seedOf(params), serviceDeps).catch(() => ({ redirectTo: null })) : { redirectTo: null },
      getVoiceSettings().catch(() => DEFAULT_VOICE_SETTINGS),
    ]);
    if (checked.redirectTo) return twiml(c, buildRedirectTwiml(checked.redirectTo));
    return twiml(c, buildWaitTwiml({ settings, url }, languageOf(c.req.query('lang')), params.count('QueuePosition')));
  });

  app.post('/wait-key', async (c) => {
    const params = c.get('twilioParams');
    const callSid = requireCallSid(params);
    if (params.matching('Digits', DIGITS, 20) !== '1') return twiml(c, buildEmptyTwiml());
    try {
      await requestCallback(callSid, seedOf(params), serviceDeps);
      return twiml(c, buildLeaveQueueTwiml());
    } catch (error) {
      // Not recorded: better the caller keeps their place than leaves without a callback.
      c.get('logger').warn({ err: error, callSid }, 'callback request failed; the caller stays in the queue');
      return twiml(c, buildEmptyTwiml());
    }
  });

  app.post(
    '/queue-result',
    answer(async (c, params) => {
      const callSid = requireCallSid(params);
      const queueResult = params.matching('QueueResult', QUEUE_RESULT, 20) ?? 'unknown';
      await recordQueueResult(callSid, seedOf(params), queueResult, params.count('QueueTime'), serviceDeps);
      if (!CALLBACK_QUEUE_RESULTS.has(queueResult)) return buildEmptyTwiml();
      return buildGoodbyeTwiml(await contextWith(), [languageOf(c.req.query('lang'))], 'callbackConfirmed');
    }),
  );

  app.post(
    '/connect',
    answer(async (c, params) => {
      const callSid = requireCallSid(params);
      const agentId = ZObjectId.safeParse(c.req.query('agent'));
      const outcome = await confirmAgentConnection(callSid, agentId.success ? agentId.data : null);
      const context = await contextWith();
      if (outcome.action === 'connect') return buildConnectTwiml(context, callSid, outcome.agentId);
      if (outcome.action === 'hangup') return buildHangupTwiml();
      return buildEnqueueTwiml(context, outcome.language, outcome.queue, 'agentUnavailable');
    }),
  );

  app.post(
    '/dial-result',
    answer(async (_c, params) => {
      const callSid = requireCallSid(params);
      const { requeue, hangup } = await recordDialResult(
        callSid,
        seedOf(params),
        {
          status: params.matching('DialCallStatus', QUEUE_RESULT, 20) ?? 'failed',
          duration: params.count('DialCallDuration'),
          legSid: params.matching('DialCallSid', CALL_SID, 34) ?? '',
        },
        serviceDeps,
      );
      if (!requeue) return hangup ? buildHangupTwiml() : buildEmptyTwiml();
      return buildEnqueueTwiml(await contextWith(), requeue.language, requeue.queue, 'agentUnavailable');
    }),
  );

  app.post(
    '/status',
    callback(async (c, params) => {
      const callSid = requireCallSid(params);
      const update = {
        status: params.matching('CallStatus', QUEUE_RESULT, 20) ?? '',
        at: timestampOf(params),
        sequence: params.count('SequenceNumber'),
        duration: params.count('CallDuration'),
      };
      if (c.req.query('leg') === 'agent') {
        const parent = CALL_SID.test(c.req.query('parent') ?? '') ? c.req.query('parent')! : requireCallSid(params, 'ParentCallSid');
        await recordAgentLegStatus(parent, { direction: 'inbound', from: '', to: '', simulated: gateway.simulated }, { ...update, legSid: callSid }, serviceDeps);
      } else {
        await recordCallStatus(callSid, seedOf(params), update, serviceDeps);
      }
      return buildEmptyTwiml();
    }),
  );

  app.post(
    '/recording',
    callback(async (c, params) => {
      const callSid = requireCallSid(params);
      const sid = params.matching('RecordingSid', RECORDING_SID, 34);
      const recordingUrl = params.matching('RecordingUrl', /^https:\/\/[^\s]+$/, 500);
      if (!sid || !recordingUrl) {
        throw new AppError('validation_failed', 'the request is not valid', [{ path: sid ? 'RecordingUrl' : 'RecordingSid', code: 'invalid_format', message: 'is missing or malformed' }]);
      }
      await recordRecording(
        callSid,
        seedOf(params),
        {
          sid,
          url: recordingUrl,
          status: params.matching('RecordingStatus', QUEUE_RESULT, 20) ?? 'completed',
          duration: params.count('RecordingDuration'),
          kind: c.req.query('kind') === 'voicemail' ? 'voicemail' : 'conversation',
        },
        serviceDeps,
      );
      return buildEmptyTwiml();
    }),
  );

  app.post(
    '/voicemail',
    answer(async () => buildGoodbyeTwiml(await contextWith(), ['ar', 'fr'], 'voicemailThanks')),
  );

  app.post(
    '/outbound',
    answer(async (c, params) => {
      const callSid = requireCallSid(params);
      const agentId = ZObjectId.safeParse(c.req.query('agent'));
      if (!agentId.success) return buildHangupTwiml();
      const reference = /^T-\d{4}-\d{6}$/.test(c.req.query('ref') ?? '') ? c.req.query('ref')! : null;
      return buildOutboundTwiml(await contextWith(), languageOf(c.req.query('lang')), callSid, agentId.data, reference);
    }),
  );

  // The agent put the caller on hold (a REST redirect): hold music until resumed.
  app.post(
    '/hold',
    answer(async (c, params) => {
      requireCallSid(params);
      return buildHoldTwiml(await contextWith(), languageOf(c.req.query('lang')));
    }),
  );

  // The agent transferred the caller to a team (a REST redirect): back into that team's queue.
  app.post(
    '/requeue',
    answer(async (c, params) => {
      requireCallSid(params);
      const queue = c.req.query('queue');
      return buildEnqueueTwiml(await contextWith(), languageOf(c.req.query('lang')), isQueueName(queue) ? queue : DEFAULT_QUEUE);
    }),
  );

  // Simulation mode's stand-in for Twilio's REST API: `npm run simulate` asks what it would have been told.
  app.post(
    '/simulation-next',
    callback(async (c, params) => {
      if (!gateway.simulated) throw new AppError('not_found', 'only in simulation mode');
      const next = await nextSimulatedInstruction(requireCallSid(params), params.count('Seen') ?? 0);
      if (!next) return buildEmptyTwiml();
      return 'url' in next ? buildRedirectTwiml(next.url) : buildHangupTwiml();
    }),
  );

  // Twilio's fallback URL: answers without touching the database.
  app.post('/fallback', (c) => twiml(c, buildFallbackTwiml(url)));

  return app;
}
