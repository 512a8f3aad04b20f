import twilio from 'twilio';
import type VoiceResponseType from 'twilio/lib/twiml/VoiceResponse.js';
import type { TVoiceLanguage, TVoicePrompt, TVoiceSettings } from '@mowakaba/shared/schemas/calls';
import {
  PROMPT_TEXTS,
  callbackReferenceText,
  isTamazightOffered,
  knownCallerGreeting,
  queuePositionText,
  topicMenuText,
} from './voice-prompts.js';

type VoiceResponse = VoiceResponseType;
const { VoiceResponse } = twilio.twiml;

/** Every voice webhook path; Twilio is given absolute URLs under PUBLIC_URL. */
export const VOICE_PATHS = {
  incoming: '/webhooks/twilio/voice',
  language: '/webhooks/twilio/voice/language',
  topic: '/webhooks/twilio/voice/topic',
  wait: '/webhooks/twilio/voice/wait',
  waitKey: '/webhooks/twilio/voice/wait-key',
  queueResult: '/webhooks/twilio/voice/queue-result',
  connect: '/webhooks/twilio/voice/connect',
  dialResult: '/webhooks/twilio/voice/dial-result',
  status: '/webhooks/twilio/voice/status',
  recording: '/webhooks/twilio/voice/recording',
  voicemail: '/webhooks/twilio/voice/voicemail',
  fallback: '/webhooks/twilio/voice/fallback',
  outbound: '/webhooks/twilio/voice/outbound',
  hold: '/webhooks/twilio/voice/hold',
  requeue: '/webhooks/twilio/voice/requeue',
  /** Simulation mode only: `npm run simulate` asks here what Twilio would have been told to do. */
  simulationNext: '/webhooks/twilio/voice/simulation-next',
} as const;

/** The queue a caller waits in when no team matches, and the one the fallback route uses. */
export const DEFAULT_QUEUE = 'mowakaba-default';

/** After this many unusable answers to a menu, the caller goes on with the default choice. */
export const MAX_MENU_ATTEMPTS = 3;

const VOICES = {
  ar: { voice: 'Polly.Zeina', language: 'arb' },
  fr: { voice: 'Polly.Lea', language: 'fr-FR' },
} as const;

const HOLD_MUSIC_URL = 'http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3';

interface Speaker {
  say(attributes: VoiceResponseType.SayAttributes, message: string): unknown;
  play(url?: string): unknown;
}

/** What the builders need: the admin's prompts and how to make an absolute webhook URL. */
export interface VoiceTwimlContext {
  settings: TVoiceSettings;
  url: (path: string, query?: Record<string, string>) => string;
}

/**
 * Plays the admin's recording of a prompt, else reads the admin's text for it, else the built-in
 * text. Read from the settings at each step, so a change is heard by the next call. Tamazight has no
 * built-in text and no voice of its own: an admin's Tamazight text (Latin letters) is read by the
 * French voice.
 */
function speak(node: Speaker, context: VoiceTwimlContext, language: TVoiceLanguage, prompt: TVoicePrompt, text?: string): void {
  const audio = context.settings.prompts[language][prompt];
  const written = context.settings.promptTexts?.[language]?.[prompt];
  if (audio) node.play(audio);
  else if (written) node.say(VOICES[language === 'zgh' ? 'fr' : language], written);
  else if (language !== 'zgh') node.say(VOICES[language], text ?? PROMPT_TEXTS[language][prompt]);
}

/** Text with a dynamic part (a name, a position) is always read: a recording cannot say it. */
function say(node: Speaker, language: TVoiceLanguage, text: string): void {
  if (language !== 'zgh') node.say(VOICES[language], text);
}

function languageGather(response: VoiceResponse, context: VoiceTwimlContext, attempt: number): void {
  const gather = response.gather({
    numDigits: 1,
    timeout: 6,
    actionOnEmptyResult: true,
    action: context.url(VOICE_PATHS.language, { attempt: String(attempt) }),
  });
  speak(gather, context, 'ar', 'languageMenu');
  speak(gather, context, 'fr', 'languageMenu');
  if (isTamazightOffered(context.settings)) speak(gather, context, 'zgh', 'languageMenu');
}

/** The first answer to a call: greeting (by association name when known), recording notice, language menu. */
export function buildWelcomeTwiml(context: VoiceTwimlContext, association: { ar: string; fr: string } | null): string {
  const response = new VoiceResponse();
  if (association) {
    say(response, 'ar', knownCallerGreeting('ar', association.ar));
    say(response, 'fr', knownCallerGreeting('fr', association.fr));
  } else {
    speak(response, context, 'ar', 'welcome');
    speak(response, context, 'fr', 'welcome');
  }
  // Law 09-08: the caller hears that the call may be recorded before anything is.
  speak(response, context, 'ar', 'recordingNotice');
  speak(response, context, 'fr', 'recordingNotice');
  languageGather(response, context, 1);
  return response.toString();
}

/** The language menu again, after an answer that was no choice. */
export function buildLanguageRetryTwiml(context: VoiceTwimlContext, attempt: number): string {
  const response = new VoiceResponse();
  speak(response, context, 'ar', 'invalidChoice');
  speak(response, context, 'fr', 'invalidChoice');
  languageGather(response, context, attempt);
  return response.toString();
}

/** The topic menu in the chosen language; `invalid` when repeating it after a wrong key. */
export function buildTopicMenuTwiml(context: VoiceTwimlContext, language: TVoiceLanguage, attempt: number, invalid: boolean): string {
  const response = new VoiceResponse();
  if (invalid) speak(response, context, language, 'invalidChoice');
  const gather = response.gather({
    numDigits: 1,
    timeout: 8,
    actionOnEmptyResult: true,
    action: context.url(VOICE_PATHS.topic, { lang: language, attempt: String(attempt) }),
  });
  speak(gather, context, language, 'topicMenu', language === 'zgh' ? undefined : topicMenuText(language, context.settings.menu));
  return response.toString();
}

/** Puts the caller in `queue`, with the wait page in their language; `notice` is said first. */
export function buildEnqueueTwiml(context: VoiceTwimlContext, language: TVoiceLanguage, queue: string, notice?: TVoicePrompt): string {
  const response = new VoiceResponse();
  if (notice) speak(response, context, language, notice);
  response.enqueue(
    {
      action: context.url(VOICE_PATHS.queueResult, { lang: language }),
      method: 'POST',
      waitUrl: context.url(VOICE_PATHS.wait, { lang: language }),
      waitUrlMethod: 'POST',
    },
    queue,
  );
  return response.toString();
}

/**
 * The wait page, requested again by Twilio each time it ends: position, then hold audio during
 * which one key asks for a callback instead of waiting.
 */
export function buildWaitTwiml(context: VoiceTwimlContext, language: TVoiceLanguage, position: number | null): string {
  const response = new VoiceResponse();
  if (position !== null && position > 0) say(response, language, queuePositionText(language === 'fr' ? 'fr' : 'ar', position));
  else speak(response, context, language, 'waiting');
  const gather = response.gather({ numDigits: 1, timeout: 1, action: context.url(VOICE_PATHS.waitKey, { lang: language }) });
  speak(gather, context, language, 'callbackOffer');
  gather.play(context.settings.holdMusicUrl ?? HOLD_MUSIC_URL);
  return response.toString();
}

/** On hold: the caller hears the waiting prompt and hold music until the agent resumes (a REST redirect). */
export function buildHoldTwiml(context: VoiceTwimlContext, language: TVoiceLanguage): string {
  const response = new VoiceResponse();
  speak(response, context, language, 'waiting');
  response.play({ loop: 0 }, context.settings.holdMusicUrl ?? HOLD_MUSIC_URL);
  return response.toString();
}

/** Leaves the queue; the Enqueue action then says goodbye. */
export function buildLeaveQueueTwiml(): string {
  const response = new VoiceResponse();
  response.leave();
  return response.toString();
}

/** Says one prompt, in each of `languages`, and hangs up. */
export function buildGoodbyeTwiml(context: VoiceTwimlContext, languages: TVoiceLanguage[], prompt: TVoicePrompt): string {
  const response = new VoiceResponse();
  for (const language of languages) speak(response, context, language, prompt);
  response.hangup();
  return response.toString();
}

export function buildHangupTwiml(): string {
  const response = new VoiceResponse();
  response.hangup();
  return response.toString();
}

/** An empty answer: Twilio carries on (status callbacks, a queue the caller already left). */
export function buildEmptyTwiml(): string {
  return new VoiceResponse().toString();
}

/** Sends the wait page on to another URL (simulation mode's stand-in for a REST redirect). */
export function buildRedirectTwiml(url: string): string {
  const response = new VoiceResponse();
  response.redirect({ method: 'POST' }, url);
  return response.toString();
}

/** Outside business hours: the closed notice (recording notice included) and a voicemail. */
export function buildVoicemailTwiml(context: VoiceTwimlContext): string {
  const response = new VoiceResponse();
  speak(response, context, 'ar', 'closed');
  speak(response, context, 'fr', 'closed');
  speak(response, context, 'ar', 'recordingNotice');
  speak(response, context, 'fr', 'recordingNotice');
  response.record({
    action: context.url(VOICE_PATHS.voicemail),
    maxLength: 120,
    timeout: 5,
    playBeep: true,
    finishOnKey: '#',
    recordingStatusCallback: context.url(VOICE_PATHS.recording, { kind: 'voicemail' }),
    recordingStatusCallbackEvent: ['completed'],
  });
  return response.toString();
}

/** Rings exactly one agent's softphone with this caller, recording the conversation once answered. */
function dialAgent(response: VoiceResponse, context: VoiceTwimlContext, callSid: string, agentId: string): void {
  const dial = response.dial({
    action: context.url(VOICE_PATHS.dialResult),
    timeout: 20,
    answerOnBridge: true,
    record: 'record-from-answer-dual',
    recordingStatusCallback: context.url(VOICE_PATHS.recording, { kind: 'conversation' }),
    recordingStatusCallbackEvent: ['completed'],
  });
  const client = dial.client({
    statusCallback: context.url(VOICE_PATHS.status, { leg: 'agent', parent: callSid }),
    statusCallbackEvent: ['ringing', 'answered', 'completed'],
  });
  client.identity(agentId);
  // The console matches the incoming softphone call to the call its agent accepted.
  client.parameter({ name: 'callSid', value: callSid });
}

export function buildConnectTwiml(context: VoiceTwimlContext, callSid: string, agentId: string): string {
  const response = new VoiceResponse();
  dialAgent(response, context, callSid, agentId);
  return response.toString();
}

/**
 * What an outbound callback runs once the association answers: who is calling and why, the
 * recording notice, then the agent who asked for the call.
 */
export function buildOutboundTwiml(context: VoiceTwimlContext, language: TVoiceLanguage, callSid: string, agentId: string, reference: string | null): string {
  const response = new VoiceResponse();
  speak(response, context, language, 'outboundIntro');
  if (reference) say(response, language, callbackReferenceText(language === 'fr' ? 'fr' : 'ar', reference));
  speak(response, context, language, 'recordingNotice');
  dialAgent(response, context, callSid, agentId);
  return response.toString();
}

/** The fallback route's answer, built without the database: an apology and the default queue. */
export function buildFallbackTwiml(url: VoiceTwimlContext['url']): string {
  const response = new VoiceResponse();
  response.say(VOICES.ar, PROMPT_TEXTS.ar.apology);
  response.say(VOICES.fr, PROMPT_TEXTS.fr.apology);
  response.enqueue(
    { action: url(VOICE_PATHS.queueResult, { lang: 'ar' }), method: 'POST', waitUrl: url(VOICE_PATHS.wait, { lang: 'ar' }), waitUrlMethod: 'POST' },
    DEFAULT_QUEUE,
  );
  return response.toString();
}
