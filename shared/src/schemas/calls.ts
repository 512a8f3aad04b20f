import { z } from 'zod';
import { CALL_COUNTS } from '../calls/call-counts.js';
import { CONTENT_LANGUAGES, REGION_KEYS, TOPIC_KEYS } from '../constants.js';
import { ZObjectId } from './common.js';
import { ZPageQuery } from './associations.js';

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type TCallDirection = (typeof CALL_DIRECTIONS)[number];

/** Where a call stands in the center's own flow; `ended` once Twilio reports a final status. */
export const CALL_PHASES = ['menu', 'voicemail', 'queued', 'connecting', 'connected', 'ended'] as const;
export type TCallPhase = (typeof CALL_PHASES)[number];

/** How a call ended. `callback-requested`: the caller pressed the key to be called back instead of waiting. */
export const CALL_RESULTS = ['answered', 'abandoned', 'callback-requested', 'voicemail', 'no-answer', 'busy', 'failed'] as const;
export type TCallResult = (typeof CALL_RESULTS)[number];

/** Twilio's call statuses, in the order a call goes through them. */
export const TWILIO_CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;
export type TTwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number];

export const CALL_DISPOSITIONS = ['resolved', 'information-given', 'follow-up-needed', 'transferred', 'wrong-number', 'other'] as const;

export const ZCallHistoryItem = z.object({
  kind: z.string(),
  status: z.string().nullable(),
  at: z.string(),
});

/** Where the console plays a call's recording: through the server, never Twilio's own URL. */
export const recordingPath = (callSid: string) => `/api/calls/${callSid}/recording`;

export const ZCallRecording = z.object({
  /** The server's path to the audio (staff only), not Twilio's URL. */
  url: z.string(),
  durationSeconds: z.number().int().nullable(),
  kind: z.enum(['conversation', 'voicemail']),
});

/**
 * A waiting caller rung at one agent's console, until they answer, decline or the ring timeout
 * passes; then the next available agent. Null when nobody is being rung.
 */
export const ZCallOffer = z.object({ agentId: z.string(), expiresAt: z.string() });
export type TCallOffer = z.infer<typeof ZCallOffer>;

export const ZCall = z.object({
  callSid: z.string(),
  direction: z.enum(CALL_DIRECTIONS),
  from: z.string(),
  to: z.string(),
  associationId: z.string().nullable(),
  contactId: z.string().nullable(),
  language: z.enum(CONTENT_LANGUAGES).nullable(),
  topic: z.enum(TOPIC_KEYS).nullable(),
  teamId: z.string().nullable(),
  queue: z.string().nullable(),
  phase: z.enum(CALL_PHASES),
  status: z.enum(TWILIO_CALL_STATUSES).nullable(),
  result: z.enum(CALL_RESULTS).nullable(),
  agentId: z.string().nullable(),
  ticketId: z.string().nullable(),
  suggestedTicketId: z.string().nullable(),
  offer: ZCallOffer.nullable(),
  /** The callback task this call left behind (abandoned, callback asked for, voicemail). */
  callbackId: z.string().nullable(),
  /** For an outbound call: the callback task it answers. */
  servesCallbackId: z.string().nullable(),
  disposition: z.enum(CALL_DISPOSITIONS).nullable(),
  notes: z.string(),
  /** The agent put the caller on hold (hold music); resuming rings the agent's softphone again. */
  onHold: z.boolean(),
  simulated: z.boolean(),
  queuedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  queueWaitSeconds: z.number().int().nullable(),
  talkSeconds: z.number().int().nullable(),
  /** After-call work: the seconds its agents spent in wrap-up after it (null before any wrap-up ended). */
  afterCallWorkSeconds: z.number().int().nullable(),
  recording: ZCallRecording.nullable(),
  /** When each Twilio status was first reached. */
  statusTimes: z.record(z.string(), z.string()),
  history: z.array(ZCallHistoryItem),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCall = z.infer<typeof ZCall>;

/** Twilio's SIDs: the one definition every route, webhook and the gateway check against. */
export const CALL_SID = /^CA[0-9a-f]{32}$/;
export const RECORDING_SID = /^RE[0-9a-f]{32}$/;

export const ZCallSidParams = z.object({ callSid: z.string().regex(CALL_SID, 'must be a Twilio call SID') });

export const ZCallListQuery = ZPageQuery.extend({
  callSid: z.string().trim().max(64).optional(),
  /** `queued`: the callers waiting now, for the live queue. */
  phase: z.enum(CALL_PHASES).optional(),
  associationId: ZObjectId.optional(),
  result: z.enum(CALL_RESULTS).optional(),
  /** Calls started at or after this instant. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Calls started before this instant. */
  to: z.iso.datetime({ offset: true }).optional(),
  /** Only the calls behind this dashboard figure, by the dashboards' own definition (shared/src/calls/call-counts.ts). */
  counted: z.enum(CALL_COUNTS).optional(),
  /** Calls counted (queued, or started when never queued, as the dashboards count them) at or after this instant. */
  countedFrom: z.iso.datetime({ offset: true }).optional(),
  /** Calls counted before this instant. */
  countedTo: z.iso.datetime({ offset: true }).optional(),
  /** The queue's team, or `none`. */
  team: z.union([ZObjectId, z.literal('none')]).optional(),
  /** The agent who took the call, or `none`. */
  agent: z.union([ZObjectId, z.literal('none')]).optional(),
  topic: z.union([z.enum(TOPIC_KEYS), z.literal('none')]).optional(),
  /** The region of the caller's association, or `none`. */
  region: z.union([z.enum(REGION_KEYS), z.literal('none')]).optional(),
});
export type TCallListQuery = z.infer<typeof ZCallListQuery>;

export const ZCallList = z.object({ items: z.array(ZCall), nextCursor: z.string().nullable() });

export const ZUpdateCallRequest = z
  .object({
    ticketId: ZObjectId.optional(),
    disposition: z.enum(CALL_DISPOSITIONS).nullable().optional(),
    notes: z.string().max(5000).optional(),
  })
  .strict();
export type TUpdateCallRequest = z.infer<typeof ZUpdateCallRequest>;

/** An outbound callback from a ticket, or from a callback task (which names its ticket, if any). */
export const ZPlaceCallRequest = z
  .object({ ticketId: ZObjectId.optional(), callbackId: z.string().max(80).optional() })
  .strict()
  .refine((request) => request.ticketId !== undefined || request.callbackId !== undefined, {
    message: 'give a ticketId or a callbackId',
    path: ['ticketId'],
  });
export type TPlaceCallRequest = z.infer<typeof ZPlaceCallRequest>;

/** What the agent on a call can ask of it: Twilio carries it out (`calls(sid).update`). */
export const CALL_CONTROLS = ['hold', 'resume', 'transfer', 'hangup'] as const;
export type TCallControl = (typeof CALL_CONTROLS)[number];

export const ZCallControlRequest = z.discriminatedUnion('action', [
  z.object({ action: z.enum(['hold', 'resume', 'hangup']) }).strict(),
  /** Back to a queue: the team's agents are rung; the caller hears the wait page. */
  z.object({ action: z.literal('transfer'), teamId: ZObjectId }).strict(),
]);
export type TCallControlRequest = z.infer<typeof ZCallControlRequest>;

/**
 * Why a control was refused with 409 (the `details` of the error): the call left this agent (it
 * ended, went back to a queue because their softphone did not pick up, or another agent has it), or
 * it is not in a state for that action. The console leaves the call on the first three.
 */
export const CALL_CONFLICT_REASONS = ['call-ended', 'call-requeued', 'call-taken', 'wrong-state'] as const;
export type TCallConflictReason = (typeof CALL_CONFLICT_REASONS)[number];
export const ZCallConflictDetails = z.object({
  reason: z.enum(CALL_CONFLICT_REASONS),
  phase: z.enum(CALL_PHASES),
  onHold: z.boolean(),
});
export type TCallConflictDetails = z.infer<typeof ZCallConflictDetails>;

export const CALLBACK_REASONS = ['abandoned', 'requested', 'voicemail'] as const;
/** How a callback task was closed: called back (by hand or by an answered callback), or dismissed. */
export const CALLBACK_RESOLUTIONS = ['completed', 'dismissed'] as const;

export const ZCallbackTask = z.object({
  id: z.string(),
  callSid: z.string(),
  phone: z.string().nullable(),
  associationId: z.string().nullable(),
  ticketId: z.string().nullable(),
  teamId: z.string().nullable(),
  queue: z.string().nullable(),
  reason: z.enum(CALLBACK_REASONS),
  waitSeconds: z.number().int().nullable(),
  /** Callbacks are served in this order: when the caller first joined the queue. */
  priorityAt: z.string(),
  status: z.enum(['open', 'done']),
  resolution: z.enum(CALLBACK_RESOLUTIONS).nullable(),
  doneAt: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  /** Grows with every change; sent back when closing it, a stale one is refused with 409. */
  version: z.number().int(),
});
export type TCallbackTask = z.infer<typeof ZCallbackTask>;

export const ZCallbackTaskParams = z.object({ callbackId: z.string().regex(new RegExp(`^callback:${CALL_SID.source.slice(1)}`), 'must be a callback task id') });
/** Closes a callback task by hand. */
export const ZUpdateCallbackTaskRequest = z
  .object({
    resolution: z.enum(CALLBACK_RESOLUTIONS),
    /** The version the agent saw: when the task changed since (another agent dialled it), 409. Without it, the task as it is. */
    version: z.number().int().min(0).optional(),
  })
  .strict();
export type TUpdateCallbackTaskRequest = z.infer<typeof ZUpdateCallbackTaskRequest>;

export const ZCallbackListQuery = ZPageQuery.extend({ status: z.enum(['open', 'done']).default('open') });
export const ZCallbackList = z.object({ items: z.array(ZCallbackTask), nextCursor: z.string().nullable() });

export const ZVoiceToken = z.object({
  /** A Twilio access token for the Voice JS SDK; null in simulation mode. */
  token: z.string().nullable(),
  identity: z.string(),
  expiresAt: z.string(),
  simulated: z.boolean(),
});
export type TVoiceToken = z.infer<typeof ZVoiceToken>;

/** The recorded prompts an admin can upload per language; anything missing is read by text-to-speech. */
export const VOICE_PROMPTS = [
  'welcome',
  'recordingNotice',
  'languageMenu',
  'topicMenu',
  'invalidChoice',
  'waiting',
  'callbackOffer',
  'callbackConfirmed',
  'closed',
  'voicemailThanks',
  'apology',
  'agentUnavailable',
  'outboundIntro',
] as const;
export type TVoicePrompt = (typeof VOICE_PROMPTS)[number];

const ZAudioUrl = z.url({ protocol: /^https?$/ }).max(500);
const ZPromptAudio = z.partialRecord(z.enum(VOICE_PROMPTS), ZAudioUrl);

/**
 * A prompt's text, spoken by text-to-speech instead of the built-in text: plain words, no SSML or
 * other markup (Twilio would read tags out, or reject the TwiML).
 */
export const PROMPT_TEXT_MARKUP = 'must be plain text, without markup';
export const TIFINAGH_NOT_SPOKEN = 'no text-to-speech voice reads Tifinagh: record the prompt, or write it in Latin letters';
const ZPromptText = z
  .string()
  .trim()
  .min(1)
  .max(600)
  .refine((text) => !/[<>\u0000-\u001f\u007f]/.test(text), PROMPT_TEXT_MARKUP);
const ZPromptTexts = z.partialRecord(z.enum(VOICE_PROMPTS), ZPromptText);

/** Message of the issue raised when a prompt has both a recording and a text. */
export const RECORDING_OR_TEXT = 'give a recording or a text, not both';

/** Languages the phone menu can offer; Darija callers choose Arabic. */
export const VOICE_LANGUAGES = ['ar', 'fr', 'zgh'] as const;
export type TVoiceLanguage = (typeof VOICE_LANGUAGES)[number];

/** One key of the topic menu: its topic, and the team whose queue it leads to (null: the team skilled for the caller's language and topic). */
export const ZPhoneMenuKey = z
  .object({ digit: z.string().regex(/^\d$/, 'must be one key from 0 to 9'), topic: z.enum(TOPIC_KEYS), teamId: ZObjectId.nullable().default(null) })
  .strict();
export type TPhoneMenuKey = z.infer<typeof ZPhoneMenuKey>;

/** Keys 1–9 in the order of the topics, 0 for "other". */
export const DEFAULT_PHONE_MENU: TPhoneMenuKey[] = [
  ...TOPIC_KEYS.filter((topic) => topic !== 'other').map((topic, index) => ({ digit: String(index + 1), topic, teamId: null })),
  { digit: '0', topic: 'other', teamId: null },
];

/** Message of the issue raised when one key of the topic menu is given twice. */
export const DUPLICATE_MENU_KEY = 'each key may be used once';

export const ZVoiceSettings = z
  .object({
    /** Audio URLs per language and prompt. Tamazight is offered in the menu only when every prompt it needs has one. */
    prompts: z.object({ ar: ZPromptAudio.default({}), fr: ZPromptAudio.default({}), zgh: ZPromptAudio.default({}) }).strict(),
    /**
     * Texts per language and prompt, spoken with the language's voice instead of the built-in text
     * (a recording of the same prompt is refused). Tamazight texts must be in Latin letters; they are
     * read by the French voice, as no voice speaks Tamazight.
     */
    promptTexts: z
      .object({
        ar: ZPromptTexts.default({}),
        fr: ZPromptTexts.default({}),
        zgh: ZPromptTexts.default({}),
      })
      .strict()
      .default({ ar: {}, fr: {}, zgh: {} }),
    /** The topic menu a caller hears after choosing a language; keys not listed are no choice. */
    menu: z
      .array(ZPhoneMenuKey)
      .min(1)
      .max(10)
      .superRefine((keys, context) => {
        keys.forEach((key, index) => {
          if (keys.findIndex((other) => other.digit === key.digit) !== index) context.addIssue({ code: 'custom', message: DUPLICATE_MENU_KEY, path: [index, 'digit'] });
        });
      })
      .default(DEFAULT_PHONE_MENU),
    holdMusicUrl: ZAudioUrl.nullable().default(null),
    /** How long a waiting caller rings one agent's console before the next agent is offered the call. */
    ringTimeoutSeconds: z.number().int().min(5).max(120).default(20),
    /** After-call work: how long an agent stays in wrap-up, unless they save the disposition sooner. */
    wrapUpSeconds: z.number().int().min(0).max(1800).default(60),
  })
  .strict()
  .superRefine((settings, context) => {
    for (const language of VOICE_LANGUAGES) {
      for (const prompt of VOICE_PROMPTS) {
        if (settings.prompts[language][prompt] && settings.promptTexts[language][prompt]) {
          context.addIssue({ code: 'custom', message: RECORDING_OR_TEXT, path: ['promptTexts', language, prompt] });
        }
        if (language === 'zgh' && /[\u2D30-\u2D7F]/.test(settings.promptTexts.zgh[prompt] ?? '')) {
          context.addIssue({ code: 'custom', message: TIFINAGH_NOT_SPOKEN, path: ['promptTexts', language, prompt] });
        }
      }
    }
  });
export type TVoiceSettings = z.infer<typeof ZVoiceSettings>;
