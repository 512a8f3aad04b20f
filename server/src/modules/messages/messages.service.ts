import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import type { TContentLanguage } from '@mowakaba/shared/constants';
import { rooms } from '@mowakaba/shared/events';
import type { TMessage, TMessageChannel, TMessageStatus } from '@mowakaba/shared/schemas/messages';
import { ACTIVE_TICKET_STATUSES, BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '@mowakaba/shared/schemas/tickets';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { AppError } from '../../errors.js';
import { claimJobEffect } from '../../jobs/claim-job-effect.js';
import { scheduleJob, type JobHandler } from '../../jobs/job-runner.js';
import { getStorage, type Fence } from '../../platform/storage/index.js';
import { versionOf } from '../../platform/storage/storage.js';
import type { Logger } from '../../logger.js';
import type { MailGateway } from '../../mail/mail-gateway.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { TwilioRequestError, type TwilioGateway } from '../../twilio/twilio-gateway.js';
import { lookupAssociationsByPhone } from '../associations/phone-directory.js';
import { phoneFromAddress } from '../calls/calls.service.js';
import { findTicketRecord, type TicketDocument } from '../tickets/ticket-records.js';
import { appendTicketEntries, applyTicketChange, setTicketReplyNumber } from '../tickets/ticket.store.js';
import { recordInAssociationHistory } from '../associations/association-history-pages.js';
import { createTicket, reopenTicketForCustomer, ticketRooms, toTicketDto, type TicketCreationDeps, type TicketMessaging } from '../tickets/tickets.service.js';
import { shortenArticleLinks } from '../short-links/short-links.service.js';
import { emailFollowUpCode, emailPortalReplyNotice } from './portal-email-notice.js';
import { ConversationModel } from './conversation.model.js';
import { MessageModel, type MessageDocument } from './message.model.js';
import {
  acknowledgementText,
  classifyKeyword,
  detectMessageLanguage,
  optedInText,
  optedOutText,
  parseRating,
  portalCodeText,
  portalReplyNoticeText,
  surveyQuestionText,
  surveyThanksText,
} from './message-texts.js';
import { OptOutModel } from './opt-out.model.js';
import { SurveyRequestModel } from './survey-request.model.js';

export interface MessageServiceDeps {
  publisher: EventPublisher;
  twilio: TwilioGateway;
  /** The center's public address, for links sent to associations (the portal's follow page, short links). */
  publicUrl?: string;
  /** E-mail, for portal requesters who gave an address instead of a phone number. */
  mail?: MailGateway;
  logger?: Logger;
}

export interface InboundMessage {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  media: Array<{ url: string; contentType: string | null }>;
}

/** How long a conversation keeps going to the same open ticket. */
const CONVERSATION_WINDOW_MS = 7 * 24 * 3_600_000;
/**
 * How long after it was solved a message from the contact reopens the ticket instead of opening a
 * new one (the help-desk habit: replies reopen a solved ticket for a few days, then it is history).
 */
export const REOPEN_WINDOW_MS = 4 * 24 * 3_600_000;
/** Statuses a message from the contact moves back to open; on-hold waits on a third party, not on them. */
const REOPENED_BY_CUSTOMER = ['pending', 'solved'] as const;
/** How long Twilio keeps redelivering a message webhook that failed. */
const REDELIVERY_WINDOW_MS = 15 * 60_000;
/** How long after a ticket is solved the satisfaction question is sent (a quick reopen cancels it). */
export const SURVEY_DELAY_MS = 15 * 60_000;
/** How long a satisfaction question waits for its answer. */
const SURVEY_ANSWER_WINDOW_MS = 7 * 24 * 3_600_000;
export const SATISFACTION_SURVEY_JOB = 'satisfaction-survey';

// Delivery statuses only move forward; a failure outranks everything.
const STATUS_RANK: Partial<Record<TMessageStatus, number>> = { accepted: 0, queued: 1, sending: 2, sent: 3, delivered: 4, read: 5, undelivered: 6, failed: 6 };
const rankOf = (status: string) => STATUS_RANK[status as TMessageStatus] ?? -1;
export const isDeliveryStatus = (status: string) => status in STATUS_RANK;

export function toMessageDto(message: MessageDocument): TMessage {
  return {
    messageSid: message._id,
    direction: message.direction,
    channel: message.channel,
    phone: message.phone ?? null,
    body: message.body ?? '',
    media: (message.media ?? []).map((item) => ({ url: item.url ?? '', contentType: item.contentType ?? null })),
    ticketId: message.ticketId?.toString() ?? null,
    associationId: message.associationId?.toString() ?? null,
    status: message.status,
    errorCode: message.errorCode ?? null,
    simulated: message.simulated ?? false,
    createdAt: message.createdAt.toISOString(),
    updatedAt: message.updatedAt.toISOString(),
  };
}

const channelOf = (address: string): TMessageChannel => (address.toLowerCase().startsWith('whatsapp:') ? 'whatsapp' : 'sms');

async function isOptedOut(phone: string | null): Promise<boolean> {
  return phone !== null && (await OptOutModel.exists({ _id: phone })) !== null;
}

/** The change feed's name for messages. */
export const MESSAGE_STREAM = 'message';

/**
 * Records the message's change on the change feed (the rollups count messages from it), announced
 * to the consoles that care about the ticket and to whoever has it open (its viewers' room).
 */
async function publishMessage(event: 'message.received' | 'message.updated', message: MessageDocument, ticket: TicketDocument | null, publisher: EventPublisher) {
  const targets = ticket ? [...ticketRooms(toTicketDto(ticket)), rooms.ticket(ticket._id.toString())] : ticketRooms({ teamId: null, assigneeId: null });
  const { announced } = await publisher.recordChanges([
    { stream: MESSAGE_STREAM, recordId: message._id.toString(), version: versionOf(message), type: event, payload: { message: toMessageDto(message) }, rooms: targets },
  ]);
  await announced;
}

/**
 * An SMS or WhatsApp message arrived. Idempotent on the MessageSid: a redelivery finds the message
 * and adds nothing. STOP and START switch the number's opt-out; a 1–5 answers a pending satisfaction
 * question; anything else goes to the association's open ticket on that channel from the last seven
 * days, or opens one. Returns the text to answer with (only for a new ticket, an opt-out change or a
 * survey answer), never to a number that opted out. Redeliveries wait for each other on the storage
 * seam's mutex of the MessageSid, whose fence guards the message's writes.
 */
export async function receiveInboundMessage(inbound: InboundMessage, deps: MessageServiceDeps & Pick<TicketCreationDeps, 'tickets'>): Promise<{ reply: string | null }> {
  return getStorage().withMutex([`message:${inbound.messageSid}`], async (fence) => {
    const delivered = await MessageModel.findById(inbound.messageSid).lean<MessageDocument>();
    if (delivered) {
      // Twilio redelivers when our answer failed, which may have been after the message was stored
      // but before its ticket was reopened.
      const recent = getStorage().clock.now().getTime() - delivered.createdAt.getTime() <= REDELIVERY_WINDOW_MS;
      if (recent && delivered.ticketId) await reopenForCustomerMessage(delivered.ticketId.toString(), deps.publisher);
      return { reply: null };
    }
    const channel = channelOf(inbound.from);
    const phone = phoneFromAddress(inbound.from);
    const centerNumber = phoneFromAddress(inbound.to);
    const language = detectMessageLanguage(inbound.body);
    const base = {
      _id: inbound.messageSid,
      direction: 'inbound' as const,
      channel,
      phone,
      centerNumber,
      body: inbound.body,
      media: inbound.media,
      status: 'received' as const,
      simulated: deps.twilio.simulated,
    };

    const keyword = classifyKeyword(inbound.body);
    if (keyword && phone) {
      await fence.assertHeld();
      if (keyword === 'stop') await OptOutModel.updateOne({ _id: phone }, { $set: { keyword: inbound.body.trim().slice(0, 40) } }, { upsert: true });
      else await OptOutModel.deleteOne({ _id: phone });
      await MessageModel.create(base);
      return { reply: keyword === 'stop' ? optedOutText(language) : optedInText(language) };
    }
    const optedOut = await isOptedOut(phone);

    const rating = parseRating(inbound.body);
    const survey = rating !== null && phone ? await SurveyRequestModel.findById(phone).lean() : null;
    if (rating !== null && survey && getStorage().clock.now().getTime() - survey.sentAt.getTime() <= SURVEY_ANSWER_WINDOW_MS) {
      const ticket = await recordSatisfactionAnswer(survey.ticketId.toString(), rating, deps.publisher);
      await SurveyRequestModel.deleteOne({ _id: phone, ticketId: survey.ticketId });
      const stored = await storeInboundOnTicket(base, ticket, deps.publisher, fence);
      return { reply: optedOut || !stored ? null : surveyThanksText(ticket?.language ?? language) };
    }

    const match = phone ? (await lookupAssociationsByPhone(phone)).matches[0] : undefined;
    const { ticket, created } = await findConversationTicket(inbound, { channel, phone, centerNumber, language, match }, { publisher: deps.publisher, tickets: deps.tickets });
    await storeInboundOnTicket(base, ticket, deps.publisher, fence);
    // After the message, so the timeline reads "message, then pending → open".
    if (!created) await reopenForCustomerMessage(ticket._id.toString(), deps.publisher);
    return { reply: created && !optedOut && phone ? acknowledgementText(language, ticket.reference) : null };
  });
}

/** A pending or recently solved ticket the contact wrote on is open again; its satisfaction question no longer stands. */
async function reopenForCustomerMessage(ticketId: string, publisher: EventPublisher): Promise<void> {
  const reopened = await reopenTicketForCustomer(ticketId, REOPENED_BY_CUSTOMER, { publisher });
  if (reopened?.contactPhone) await SurveyRequestModel.deleteOne({ _id: reopened.contactPhone, ticketId: new mongoose.Types.ObjectId(ticketId) });
}

interface InboundBase {
  _id: string;
  direction: 'inbound';
  channel: TMessageChannel;
  phone: string | null;
  centerNumber: string | null;
  body: string;
  media: InboundMessage['media'];
  status: 'received';
  simulated: boolean;
}

/** Keeps the message, shows it on the ticket's timeline and tells the ticket's consoles. */
/**
 * One timeline entry per MessageSid: the webhook Twilio delivers again after a crash between the
 * entry and the message finds its entry already written instead of adding a second one.
 */
const entryIdOfMessage = (messageSid: string) => new mongoose.Types.ObjectId(createHash('sha256').update(messageSid).digest().subarray(0, 12));

async function storeInboundOnTicket(base: InboundBase, ticket: TicketDocument | null, publisher: EventPublisher, fence: Fence): Promise<MessageDocument> {
  const entryId = ticket ? entryIdOfMessage(base._id) : null;
  await fence.assertHeld();
  if (ticket) {
    await appendTicketEntries(
      [{ _id: entryId!, ticketId: ticket._id, kind: 'message', authorId: null, body: base.body, data: { messageSid: base._id, direction: 'inbound', channel: base.channel, media: base.media } }],
      publisher,
    ).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  }
  await fence.assertHeld();
  const message = await MessageModel.create({ ...base, ticketId: ticket?._id ?? null, entryId, associationId: ticket?.associationId ?? null });
  const stored = message.toObject() as MessageDocument;
  await recordMessageInHistory(stored);
  await publishMessage('message.received', stored, ticket, publisher);
  return stored;
}

const MESSAGE_SUBJECTS: Record<TMessageChannel, Record<'ar' | 'fr' | 'en', string>> = {
  sms: { ar: 'رسالة نصية', fr: 'SMS', en: 'Text message' },
  whatsapp: { ar: 'رسالة واتساب', fr: 'Message WhatsApp', en: 'WhatsApp message' },
};

/** Whether the conversation's current ticket takes the next message: active lately, or solved just now. */
function continuesConversation(ticket: TicketDocument, channel: TMessageChannel, lastActivity: number, now: number): boolean {
  if (ticket.channel !== channel) return false;
  if ((ACTIVE_TICKET_STATUSES as readonly string[]).includes(ticket.status)) return now - lastActivity <= CONVERSATION_WINDOW_MS;
  return ticket.status === 'solved' && ticket.solvedAt !== null && ticket.solvedAt !== undefined && now - ticket.solvedAt.getTime() <= REOPEN_WINDOW_MS;
}

/**
 * The ticket a message goes to, under the conversation's mutex so two messages sent together never
 * open two tickets (the conversation record is written through the mutex's fence): the one this conversation last went to while it is open, on this channel and
 * active in the last seven days (or solved in the last four: it is reopened); else a new one.
 */
async function findConversationTicket(
  inbound: InboundMessage,
  sender: {
    channel: TMessageChannel;
    phone: string | null;
    centerNumber: string | null;
    language: TContentLanguage;
    match: Awaited<ReturnType<typeof lookupAssociationsByPhone>>['matches'][number] | undefined;
  },
  ticketDeps: TicketCreationDeps,
): Promise<{ ticket: TicketDocument; created: boolean }> {
  const key = `${sender.channel}:${sender.match?.association.id ?? sender.phone ?? inbound.from.slice(0, 64)}`;
  const storage = getStorage();
  const conversations = ConversationModel.collection.collectionName;
  return storage.withMutex([`conversation:${key}`], async (fence) => {
    const now = storage.clock.now();
    const conversation = await ConversationModel.findById(key).lean();
    const current = conversation ? await findTicketRecord(conversation.ticketId) : null;
    const lastActivity = Math.max(conversation?.lastMessageAt.getTime() ?? 0, current?.updatedAt.getTime() ?? 0);
    if (current && continuesConversation(current, sender.channel, lastActivity, now.getTime())) {
      await storage.updateVersioned(conversations, key, () => ({ set: { lastMessageAt: now } }), { fence });
      if (sender.centerNumber && current.centerNumber !== sender.centerNumber) await setTicketReplyNumber(current._id.toString(), sender.centerNumber);
      return { ticket: current, created: false };
    }
    const firstLine = inbound.body.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
    const subjectLanguage = sender.language === 'fr' || sender.language === 'en' ? sender.language : 'ar';
    const dto = await createTicket(
      {
        subject: (firstLine || MESSAGE_SUBJECTS[sender.channel][subjectLanguage]).slice(0, SUBJECT_MAX_LENGTH),
        description: inbound.body.slice(0, BODY_MAX_LENGTH),
        channel: sender.channel,
        language: sender.language,
        topic: 'other',
        priority: 'normal',
        associationId: sender.match?.association.id,
        contactId: sender.match?.contact.id,
        tags: [],
        custom: {},
      },
      null,
      ticketDeps,
      { contactPhone: sender.phone, centerNumber: sender.centerNumber },
    );
    await storage.upsertVersioned(conversations, key, () => ({ set: { ticketId: new mongoose.Types.ObjectId(dto.id), lastMessageAt: now } }), { fence });
    const ticket = await findTicketRecord(dto.id);
    return { ticket: ticket!, created: true };
  });
}

/** Stores the 1–5 answer on the ticket (the latest answer counts); the ticket store tells its consoles. */
async function recordSatisfactionAnswer(ticketId: string, rating: number, publisher: EventPublisher): Promise<TicketDocument | null> {
  const answeredAt = getStorage().clock.now();
  try {
    const result = await applyTicketChange(
      ticketId,
      'latest',
      (ticket) => ({
        set: { satisfaction: { rating, answeredAt } },
        changes: [{ field: 'satisfaction', from: ticket.satisfaction?.rating ?? null, to: rating }],
      }),
      // The association's answer is no colleague's edit: an agent's save made just before it is taken.
      { actor: null, reason: 'satisfaction-answer', publisher, conflictsWithSaves: false },
    );
    return result.after;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

/**
 * Sends a text to a number on a channel, unless it opted out, and keeps it as an outbound message
 * with its delivery status. A status callback may have come first: the furthest status is kept.
 */
async function sendOutboundMessage(
  request: {
    channel: TMessageChannel;
    phone: string | null;
    body: string;
    ticket: TicketDocument;
    entryId: mongoose.Types.ObjectId;
    /** What is kept of the text when it holds a secret (a follow-up code): the secret is sent, never stored. */
    storedBody?: string;
  },
  deps: MessageServiceDeps,
): Promise<MessageDocument> {
  let sid: string;
  let status: TMessageStatus;
  let errorCode: string | null = null;
  let centerNumber: string | null = null;
  if (!request.phone) {
    [sid, status, errorCode] = [`local-${request.entryId.toString()}`, 'failed', 'no-phone'];
  } else if (await isOptedOut(request.phone)) {
    [sid, status] = [`local-${request.entryId.toString()}`, 'blocked'];
  } else {
    try {
      // From the number the contact wrote to on this channel, if known; else the channel's default sender.
      const from = request.ticket.channel === request.channel ? (request.ticket.centerNumber ?? null) : null;
      const sent = await deps.twilio.sendMessage({ channel: request.channel, to: request.phone, body: request.body, from });
      sid = sent.sid;
      centerNumber = sent.from;
      status = deps.twilio.simulated ? 'simulated' : isDeliveryStatus(sent.status) ? (sent.status as TMessageStatus) : 'queued';
    } catch (error) {
      if (!(error instanceof TwilioRequestError)) throw error;
      [sid, status, errorCode] = [`local-${request.entryId.toString()}`, 'failed', error.code ?? 'unknown'];
    }
  }
  const storage = getStorage();
  const now = storage.clock.now();
  const fields = {
    direction: 'outbound' as const,
    channel: request.channel,
    phone: request.phone,
    centerNumber,
    body: request.storedBody ?? request.body,
    ticketId: request.ticket._id,
    entryId: request.entryId,
    associationId: request.ticket.associationId ?? null,
    simulated: deps.twilio.simulated,
    status,
    errorCode,
    updatedAt: now,
  };
  const written = await storage.upsertVersioned<MessageRecord>(messages(), sid, (early) => {
    if (!early) return { set: { ...fields, media: [], createdAt: now } };
    // A delivery report outran Twilio's answer: keep its status if it is further.
    return { set: { ...fields, ...(rankOf(early.status) > rankOf(status) ? { status: early.status, errorCode: early.errorCode ?? null } : {}) } };
  });
  const sent = written.after!;
  await recordMessageInHistory(sent);
  return sent;
}

/**
 * A merged duplicate's messages and conversations now belong to the ticket it was merged into, so
 * delivery reports show on the target's timeline and the contact's next message lands there.
 * Messages are written once and never rewritten whole: a plain update is safe.
 */
export async function moveTicketMessages(sourceId: mongoose.Types.ObjectId, targetId: mongoose.Types.ObjectId): Promise<void> {
  await MessageModel.updateMany({ ticketId: sourceId }, { $set: { ticketId: targetId } });
  await ConversationModel.updateMany({ ticketId: sourceId }, { $set: { ticketId: targetId } });
}

/** The message's place in its association's history (messages never change association but in a merge). */
const recordMessageInHistory = (message: MessageDocument) =>
  recordInAssociationHistory({ kind: 'message', at: message.createdAt, id: message._id }, message.associationId);

type MessageRecord = MessageDocument & { version: number };

const messages = () => MessageModel.collection.collectionName;

/** A message that only a delivery report made known so far (the storage seam applies no mongoose defaults). */
const UNSENT_OUTBOUND = { direction: 'outbound', phone: null, centerNumber: null, body: '', media: [], ticketId: null, entryId: null, associationId: null, simulated: false } as const;

/**
 * Twilio's delivery report for an outbound message: the furthest status is kept (a late "sent" never
 * hides "delivered"; a failure always shows). The ticket's timeline shows it from the message.
 */
export async function recordMessageStatus(
  update: { messageSid: string; status: string; errorCode: string | null; channel: TMessageChannel },
  deps: MessageServiceDeps,
): Promise<void> {
  const storage = getStorage();
  const now = storage.clock.now();
  const written = await storage.upsertVersioned<MessageRecord>(messages(), update.messageSid, (message) => {
    if (message && rankOf(update.status) <= rankOf(message.status)) return null;
    const set = { status: update.status as TMessageStatus, errorCode: update.errorCode ?? message?.errorCode ?? null, updatedAt: now };
    if (message) return { set };
    // Ahead of Twilio's answer to the send: the sender fills in the rest.
    return { set: { ...UNSENT_OUTBOUND, channel: update.channel, ...set, createdAt: now } };
  });
  const changed = written.changed ? written.after : null;
  if (!changed?.ticketId) return;
  const ticket = await findTicketRecord(changed.ticketId);
  await publishMessage('message.updated', changed, ticket, deps.publisher);
}

/** What a timeline entry records of the message it sent. */
function deliveryOf(message: MessageDocument) {
  return { messageSid: message._id, direction: 'outbound', channel: message.channel, status: message.status, errorCode: message.errorCode ?? null };
}

/** A ticket opened from the public portal: a web ticket tagged `portal`. */
function isPortalRequest(ticket: TicketDocument): boolean {
  return ticket.channel === 'web' && (ticket.tags ?? []).includes('portal');
}

/** The portal page where a requester reads the answers to a request, with its code. */
const followPageUrl = (publicUrl: string | undefined, reference: string) =>
  `${(publicUrl ?? '').replace(/\/$/, '')}/portal/follow?reference=${encodeURIComponent(reference)}`;

/** What tickets need from messaging: replies sent out on SMS and WhatsApp tickets, and the survey once solved. */
export function createTicketMessaging(deps: MessageServiceDeps): TicketMessaging {
  return {
    async deliverReply(ticket, entryId, body) {
      if (isPortalRequest(ticket) && !ticket.contactPhone) {
        return deps.mail ? emailPortalReplyNotice(ticket, entryId, body, { ...deps, mail: deps.mail, followUrl: followPageUrl(deps.publicUrl, ticket.reference) }) : null;
      }
      if (isPortalRequest(ticket)) {
        // The requester wrote on the portal: an SMS tells them to read the answer there, with their code.
        const notice = portalReplyNoticeText(ticket.language, ticket.reference, followPageUrl(deps.publicUrl, ticket.reference));
        const message = await sendOutboundMessage({ channel: 'sms', phone: ticket.contactPhone ?? null, body: notice, ticket, entryId }, deps);
        await publishMessage('message.updated', message, ticket, deps.publisher);
        return { ...deliveryOf(message), notice: true };
      }
      if (ticket.channel !== 'sms' && ticket.channel !== 'whatsapp') return null;
      const text = deps.publicUrl ? await shortenArticleLinks(body, deps.publicUrl) : body;
      const message = await sendOutboundMessage({ channel: ticket.channel, phone: ticket.contactPhone ?? null, body: text, ticket, entryId }, deps);
      await publishMessage('message.updated', message, ticket, deps.publisher);
      return deliveryOf(message);
    },

    async currentDeliveries(messageSids) {
      const messages = await Promise.all(messageSids.map((sid) => MessageModel.findById(sid).lean<MessageDocument>()));
      return new Map(messages.flatMap((message) => (message ? [[message._id, { status: message.status, errorCode: message.errorCode ?? null }] as const] : [])));
    },

    async ticketSolved(ticket) {
      if (!ticket.contactPhone || !ticket.solvedAt) return;
      const runAt = new Date(ticket.solvedAt.getTime() + SURVEY_DELAY_MS);
      await scheduleJob(`survey:${ticket._id.toString()}:${ticket.solvedAt.getTime()}`, SATISFACTION_SURVEY_JOB, runAt, { ticketId: ticket._id.toString() });
    },
  };
}

/**
 * Sends a portal requester their new follow-up code by SMS, or by e-mail when the request has no
 * phone number. The code goes out but is kept nowhere: the message, the e-mail record and the
 * timeline entry agents see hold the text with the code hidden.
 */
export async function sendFollowUpCode(ticketId: string, code: string, deps: MessageServiceDeps): Promise<void> {
  const ticket = await findTicketRecord(ticketId);
  if (!ticket) return;
  const url = followPageUrl(deps.publicUrl, ticket.reference);
  if (!ticket.contactPhone) {
    if (!deps.mail) return;
    const entryId = new mongoose.Types.ObjectId();
    const emailed = await emailFollowUpCode(ticket, entryId, code, { ...deps, mail: deps.mail, followUrl: url });
    if (!emailed) return;
    const storedBody = portalCodeText(ticket.language, ticket.reference, '••••-••••-••••', url);
    await appendTicketEntries([{ _id: entryId, ticketId: ticket._id, kind: 'message', authorId: null, body: storedBody, data: { direction: 'outbound', channel: 'email', ...emailed } }], deps.publisher);
    return;
  }
  const body = portalCodeText(ticket.language, ticket.reference, code, url);
  const storedBody = portalCodeText(ticket.language, ticket.reference, '••••-••••-••••', url);
  const entryId = new mongoose.Types.ObjectId();
  const message = await sendOutboundMessage({ channel: 'sms', phone: ticket.contactPhone, body, storedBody, ticket, entryId }, deps);
  await appendTicketEntries([{ _id: entryId, ticketId: ticket._id, kind: 'message', authorId: null, body: storedBody, data: { ...deliveryOf(message), followUpCode: true } }], deps.publisher);
}

/**
 * The job that asks, by SMS (WhatsApp for WhatsApp tickets), how satisfied the contact is with a solved
 * ticket. The question goes out once even when a node's lease lapses mid-run and another takes the job
 * over: only the run that claimed it sends it, and that run then keeps its record whatever its lease.
 */
export function createSatisfactionSurveyHandler(deps: MessageServiceDeps): JobHandler {
  return async (job, _now, run) => {
    const ticket = await findTicketRecord(String(job.payload.ticketId));
    if (!ticket || ticket.status !== 'solved' || ticket.satisfaction || !ticket.contactPhone) return;
    const body = surveyQuestionText(ticket.language, ticket.reference);
    const channel = ticket.channel === 'whatsapp' ? 'whatsapp' : 'sms';
    if (!(await claimJobEffect(job, run, 'survey-question'))) return;
    const entryId = new mongoose.Types.ObjectId();
    const message = await sendOutboundMessage({ channel, phone: ticket.contactPhone, body, ticket, entryId }, deps);
    await appendTicketEntries([{ _id: entryId, ticketId: ticket._id, kind: 'message', authorId: null, body, data: { ...deliveryOf(message), survey: true } }], deps.publisher);
    if (message.status !== 'blocked' && message.status !== 'failed') {
      await SurveyRequestModel.updateOne({ _id: ticket.contactPhone }, { $set: { ticketId: ticket._id, sentAt: getStorage().clock.now() } }, { upsert: true });
    }
  };
}
