// A call's one record: the DTO, the rooms that hear of it, and changeCall, the one path every change takes (under the call's lock).
import mongoose from 'mongoose';
import { rooms } from '../../../../shared/src/events.js';
import { normalizePhoneNumber } from '../../../../shared/src/phone.js';
import type { TCall, TCallDirection, TCallPhase } from '../../../../shared/src/schemas/calls.js';
import { recordingPath } from '../../../../shared/src/schemas/calls.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { sameValue } from '../../database/same-value.js';
import { scheduleJob, type JobHandler } from '../../jobs/job-runner.js';
import { withLock } from '../../database/with-lock.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import type { TwilioGateway } from '../../twilio/twilio-gateway.js';
import { VOICE_PATHS } from '../../twilio/voice-twiml.js';
import { deriveCallOutcome, sortCallFacts, type CallFactInput } from './call-outcome.js';
import { CallArchiveModel, CallModel, type CallDocument, type StoredCallModel } from './call.model.js';
import { CallbackTaskModel } from './callback-task.model.js';
import { endCallPresence, recordMissedOffer, startWrapUp } from '../presence/presence.service.js';
import { currentOffer } from './call-offer.js';
import { getVoiceSettings } from './voice-settings.service.js';
import { callbackTaskId, callbackTaskLock, completeCallbackTask, dropStaleCallbackTask, saveCallbackTask } from './callback-task.store.js';
import { recordCallInPages } from './call-log-pages.js';
import { recordCallNotesChanged } from './call-notes-feed.js';

export interface CallServiceDeps {
  publisher: EventPublisher;
  twilio: TwilioGateway;
}

/** What Twilio tells us about a call on every webhook; enough to start a record for a call we never saw. */
export interface CallSeed {
  direction: TCallDirection;
  from: string;
  to: string;
  /** In simulation mode every call is played by `npm run simulate`, and labelled so. */
  simulated?: boolean;
}

/** A call as its ticket's timeline entry shows it. */
export interface CallTimelineState {
  result: string | null;
  recording: { url: string; durationSeconds: number | null; kind: string; simulated: boolean } | null;
}

export type CallFields = Omit<CallDocument, '_id' | 'facts' | 'createdAt' | 'updatedAt'>;
/** New facts, workflow fields, and facts to take back (keys of ones that turned out false: a transfer Twilio refused). */
export type CallChange = { facts?: CallFactInput[]; set?: Partial<CallFields>; dropFacts?: string[] };

/** The offer ringing now, as consoles see it: only while the caller waits in a queue. */
function dtoOffer(call: CallDocument): TCall['offer'] {
  const offer = call.phase === 'queued' ? currentOffer(call.facts) : null;
  return offer ? { agentId: offer.agentId, expiresAt: offer.expiresAt.toISOString() } : null;
}

export const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);
export const idOf = (value: mongoose.Types.ObjectId | null | undefined) => value?.toString() ?? null;

export function toCallDto(call: CallDocument): TCall {
  return {
    callSid: call._id,
    direction: call.direction,
    from: call.from ?? '',
    to: call.to ?? '',
    associationId: idOf(call.associationId),
    contactId: idOf(call.contactId),
    language: call.language ?? null,
    topic: call.topic ?? null,
    teamId: idOf(call.teamId),
    queue: call.queue ?? null,
    phase: call.phase,
    status: call.status ?? null,
    result: call.result ?? null,
    agentId: idOf(call.agentId),
    ticketId: idOf(call.ticketId),
    suggestedTicketId: idOf(call.suggestedTicketId),
    offer: dtoOffer(call),
    callbackId: call.callbackId ?? null,
    servesCallbackId: call.servesCallbackId ?? null,
    disposition: call.disposition ?? null,
    notes: call.notes ?? '',
    onHold: call.onHold ?? false,
    simulated: call.simulated ?? false,
    queuedAt: iso(call.queuedAt),
    endedAt: iso(call.endedAt),
    queueWaitSeconds: call.queueWaitSeconds ?? null,
    talkSeconds: call.talkSeconds ?? null,
    afterCallWorkSeconds: call.afterCallWorkSeconds ?? null,
    // The console plays it through the server: Twilio's URL needs the account's credentials and stays here.
    recording: call.recording?.sid
      ? { url: recordingPath(call._id), durationSeconds: call.recording.durationSeconds ?? null, kind: call.recording.kind ?? 'conversation' }
      : null,
    statusTimes: Object.fromEntries(Object.entries((call.statusTimes ?? {}) as Record<string, Date>).map(([status, at]) => [status, new Date(at).toISOString()])),
    history: call.facts.map((fact) => ({ kind: fact.kind, status: fact.status ?? null, at: fact.at.toISOString() })),
    createdAt: call.createdAt.toISOString(),
    updatedAt: call.updatedAt.toISOString(),
  };
}

/** Consoles that care about a call: supervisors, the queue's team (every agent without one), the agent on it. */
function callRooms(call: CallDocument): string[] {
  const names = [rooms.role('supervisor'), call.teamId ? rooms.team(call.teamId.toString()) : rooms.role('agent')];
  if (call.agentId) names.push(rooms.user(call.agentId.toString()));
  return names;
}

/** Publishes a call to the rooms that care, and to the agent it just left (their softphone lets go of it). */
export async function publishCall(event: 'call.queued' | 'call.updated', call: CallDocument, publisher: EventPublisher, formerAgentId?: mongoose.Types.ObjectId | null): Promise<void> {
  const names = callRooms(call);
  if (formerAgentId && !sameValue(formerAgentId, call.agentId)) names.push(rooms.user(formerAgentId.toString()));
  await publisher.publish(event, { call: toCallDto(call) }, names);
}

/** The E.164 number behind a Twilio address (`+212…`, `whatsapp:+212…`); null for `client:…` and garbage. */
export function phoneFromAddress(address: string): string | null {
  if (address.startsWith('client:') || address.length > 40) return null;
  return normalizePhoneNumber(address.replace(/^[a-z]+:/i, '')) ?? null;
}

export function seedFields(seed: CallSeed): CallFields {
  const memberSide = seed.direction === 'inbound' ? seed.from : seed.to;
  return {
    direction: seed.direction,
    from: seed.from.slice(0, 64),
    to: seed.to.slice(0, 64),
    phone: phoneFromAddress(memberSide),
    associationId: null,
    contactId: null,
    language: null,
    topic: null,
    teamId: null,
    queue: null,
    phase: 'menu',
    agentId: null,
    ticketId: null,
    suggestedTicketId: null,
    callbackId: null,
    servesCallbackId: null,
    disposition: null,
    notes: '',
    onHold: false,
    agentJoinsAtRequest: null,
    simulated: seed.simulated ?? false,
    queuedAt: null,
    status: null,
    result: null,
    statusTimes: {},
    queueWaitSeconds: null,
    talkSeconds: null,
    afterCallWorkSeconds: null,
    recording: null,
    endedAt: null,
  } as CallFields;
}

/** How long an ended call stays among recent calls: late callbacks and the agent's wrap-up update it there. */
export const CALL_ARCHIVE_DELAY_MS = 30 * 60_000;
export const ARCHIVE_CALL_JOB = 'archive-call';

/** A call where it is kept: among recent calls, else in the archive. */
export async function findStoredCall(callSid: string): Promise<{ call: CallDocument; model: StoredCallModel } | null> {
  const recent = await CallModel.findById(callSid).lean<CallDocument>();
  if (recent) return { call: recent, model: CallModel };
  const archived = await CallArchiveModel.findById(callSid).lean<CallDocument>();
  return archived ? { call: archived, model: CallArchiveModel } : null;
}

/** The job that moves an ended call to the archive: inserted there (a repeat finds it), then removed from recent calls. */
export const archiveEndedCall: JobHandler = async (job) => {
  const callSid = String(job.payload.callSid);
  await withLock(`call:${callSid}`, async () => {
    const call = await CallModel.findById(callSid).lean<CallDocument>();
    if (!call || call.phase !== 'ended') return;
    try {
      await CallArchiveModel.collection.insertOne(call as never);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    await CallModel.deleteOne({ _id: callSid });
  });
};

/**
 * Moves the calls and callback tasks of a merged association to the one it was merged into, each
 * under its own lock, so a call update running at the same moment cannot write the old association back.
 */
export async function moveAssociationCalls(sourceId: mongoose.Types.ObjectId, targetId: mongoose.Types.ObjectId): Promise<void> {
  for (const model of [CallModel, CallArchiveModel]) {
    for (const { _id } of await model.find({ associationId: sourceId }, { _id: 1 }).lean()) {
      await withLock(`call:${_id}`, async () => {
        const call = await model.findById(_id, { associationId: 1 }).lean();
        if (call?.associationId?.equals(sourceId)) await model.updateOne({ _id }, { $set: { associationId: targetId } }, { timestamps: false });
      });
    }
  }
  for (const { _id } of await CallbackTaskModel.find({ associationId: sourceId }, { _id: 1 }).lean()) {
    await withLock(callbackTaskLock(_id), async () => {
      const task = await CallbackTaskModel.findById(_id, { associationId: 1 }).lean();
      if (task?.associationId?.equals(sourceId)) await CallbackTaskModel.updateOne({ _id }, { $set: { associationId: targetId } });
    });
  }
}

/**
 * Points the calls and callback tasks of a merged duplicate ticket at the ticket it was merged into,
 * each under its own lock like moveAssociationCalls. Notes already indexed on the duplicate move in
 * ticket search with the call.
 */
export async function moveTicketCalls(sourceId: mongoose.Types.ObjectId, targetId: mongoose.Types.ObjectId, publisher: EventPublisher): Promise<void> {
  for (const model of [CallModel, CallArchiveModel]) {
    for (const { _id } of await model.find({ $or: [{ ticketId: sourceId }, { suggestedTicketId: sourceId }] }, { _id: 1 }).lean()) {
      const moved = await withLock(`call:${_id}`, async () => {
        const call = await model.findById(_id).lean<CallDocument>();
        const set = {
          ...(call?.ticketId?.equals(sourceId) ? { ticketId: targetId } : {}),
          ...(call?.suggestedTicketId?.equals(sourceId) ? { suggestedTicketId: targetId } : {}),
        };
        if (!call || Object.keys(set).length === 0) return null;
        await model.updateOne({ _id }, { $set: set }, { timestamps: false });
        return { ...call, ...set };
      });
      if (moved?.notes && moved.ticketId?.equals(targetId)) {
        await recordCallNotesChanged({ ...moved, ticketId: sourceId, notes: '' }, publisher);
        await recordCallNotesChanged(moved, publisher);
      }
    }
  }
  for (const { _id } of await CallbackTaskModel.find({ ticketId: sourceId }, { _id: 1 }).lean()) {
    await withLock(callbackTaskLock(_id), async () => {
      const task = await CallbackTaskModel.findById(_id, { ticketId: 1 }).lean();
      if (task?.ticketId?.equals(sourceId)) await CallbackTaskModel.updateOne({ _id }, { $set: { ticketId: targetId } });
    });
  }
}

/**
 * Applies one change to a call under its lock: new facts (a redelivered one, known by its key, adds
 * nothing), workflow fields, then everything derived from the facts, and the callback task an
 * abandoned call or a callback request leaves. A call we never saw (a lost webhook, a status that
 * outran the REST answer) is started from `seed`, so no callback is ever dropped.
 */
export async function changeCall(
  callSid: string,
  seed: CallSeed,
  decide: (call: CallDocument | null) => CallChange | undefined,
): Promise<{ before: CallDocument | null; after: CallDocument | null; changed: boolean }> {
  return withLock(`call:${callSid}`, async () => {
    const stored = await findStoredCall(callSid);
    const before = stored?.call ?? null;
    const change = decide(before);
    if (!change) return { before, after: before, changed: false };
    const known = new Set(before?.facts.map((fact) => fact.key));
    const added: CallFactInput[] = [];
    for (const fact of change.facts ?? []) {
      if (known.has(fact.key)) continue;
      known.add(fact.key);
      added.push({ key: fact.key, kind: fact.kind, status: fact.status ?? null, at: fact.at, sequence: fact.sequence ?? null, data: fact.data ?? null });
    }
    const changedFields = Object.entries(change.set ?? {}).filter(([field, value]) => !sameValue(before?.[field as keyof CallDocument], value));
    const dropped = new Set((change.dropFacts ?? []).filter((key) => before?.facts.some((fact) => fact.key === key)));
    if (before && added.length === 0 && changedFields.length === 0 && dropped.size === 0) return { before, after: before, changed: false };

    const fields: CallFields = { ...(before ?? seedFields(seed)), ...change.set };
    const facts = sortCallFacts([...(before?.facts ?? []).filter((fact) => !dropped.has(fact.key)), ...added]);
    const outcome = deriveCallOutcome(fields.direction, facts);
    let phase: TCallPhase = fields.phase;
    // After a transfer or a resume, the earlier agent's leg still counts as answered: only a new one connects.
    const agentJoined = fields.agentJoinsAtRequest === null || fields.agentJoinsAtRequest === undefined ? outcome.agentAnswered : countAgentJoins(facts) > fields.agentJoinsAtRequest;
    if (outcome.ended) phase = 'ended';
    else if (agentJoined && (phase === 'connecting' || phase === 'queued')) phase = 'connected';
    // Leaving the queue (answered, hung up) closes the offer ringing at an agent's console.
    const ringing = phase === 'queued' ? null : currentOffer(facts);
    if (ringing) facts.push({ key: `offer-ended:${ringing.number}`, kind: 'offer-ended', status: null, at: new Date(), sequence: null, data: null });
    const reason =
      fields.direction === 'inbound' && outcome.result === 'callback-requested'
        ? 'requested'
        : fields.direction === 'inbound' && outcome.result === 'abandoned' && facts.some((fact) => fact.kind === 'enqueued')
          ? 'abandoned'
          : null;
    const next = {
      ...fields,
      phase,
      facts,
      status: outcome.status,
      result: outcome.result,
      statusTimes: outcome.statusTimes,
      queueWaitSeconds: outcome.queueWaitSeconds,
      talkSeconds: outcome.talkSeconds,
      afterCallWorkSeconds: outcome.afterCallWorkSeconds,
      recording: outcome.recording,
      endedAt: outcome.endedAt,
      callbackId: reason ? callbackTaskId(callSid) : fields.callbackId,
    };
    // A call that looked abandoned until a late callback showed it answered leaves no task behind.
    const staleTask = !reason && outcome.result !== 'voicemail' && fields.callbackId === callbackTaskId(callSid);
    if (staleTask) next.callbackId = null;
    let after: CallDocument;
    if (stored) {
      const updatedAt = new Date();
      // Only what changed: a field this change did not touch (the association a merge just moved the call to) is not written back.
      const changed = Object.fromEntries(Object.entries(next).filter(([field, value]) => !sameValue(stored.call[field as keyof CallDocument], value)));
      await stored.model.updateOne({ _id: callSid }, { $set: { ...changed, updatedAt } }, { timestamps: false });
      after = { ...stored.call, ...next, updatedAt } as CallDocument;
    } else {
      after = (await CallModel.create({ _id: callSid, ...next })).toObject() as CallDocument;
    }
    await recordCallInPages(before, after);
    if (reason) await saveCallbackTask(after, reason);
    if (staleTask) await dropStaleCallbackTask(callbackTaskId(callSid));
    if (outcome.result === 'answered' && before?.result !== 'answered' && after.servesCallbackId) await completeCallbackTask(after.servesCallbackId);
    if (phase === 'ended' && before?.phase !== 'ended' && stored?.model !== CallArchiveModel) {
      await scheduleJob(`${ARCHIVE_CALL_JOB}:${callSid}`, ARCHIVE_CALL_JOB, new Date(Date.now() + CALL_ARCHIVE_DELAY_MS), { callSid });
    }
    return { before, after, changed: true };
  });
}

export const enqueuedCount = (call: CallDocument | null) => call?.facts.filter((fact) => fact.kind === 'enqueued').length ?? 0;

/** Each time an agent's softphone picked the caller up (an answered leg, a bridged queue). */
export const countAgentJoins = (facts: CallFactInput[]) =>
  facts.filter((fact) => (fact.kind === 'agent-leg' && fact.status === 'in-progress') || (fact.kind === 'queue-result' && fact.status === 'bridged')).length;

// What consoles and the wallboard show of a call; a change elsewhere (a ringing status, the history) is not announced.
const VISIBLE_FIELDS = ['phase', 'result', 'agentId', 'teamId', 'onHold', 'ticketId', 'suggestedTicketId', 'callbackId', 'queue', 'recording', 'queueWaitSeconds', 'talkSeconds', 'afterCallWorkSeconds'] as const;

/**
 * Publishes what a change did: `call.queued` when the caller (re)joined a queue, `call.updated` when
 * anything a console shows changed. Each event costs several writes, so callbacks that change only
 * the history stay quiet.
 */
export async function announceCallChange(result: { before: CallDocument | null; after: CallDocument | null; changed: boolean }, publisher: EventPublisher) {
  const { before, after } = result;
  if (!result.changed || !after) return;
  if (after.phase === 'queued' && enqueuedCount(after) > enqueuedCount(before)) {
    await publishCall('call.queued', after, publisher, before?.agentId);
  } else if (!before || VISIBLE_FIELDS.some((field) => !sameValue(before[field], after[field])) || !sameValue(dtoOffer(before), dtoOffer(after))) {
    await publishCall('call.updated', after, publisher, before?.agentId);
  }
  if (before) await followAgentPresence(before, after, publisher);
}

/**
 * The agent's presence follows their call: when the call leaves them (it ended, was transferred, or
 * went back to the queue), an agent who talked on it goes to wrap-up; one who never did is back to
 * their chosen state, and a softphone that did not pick up counts as a missed offer.
 */
async function followAgentPresence(before: CallDocument, after: CallDocument, publisher: EventPublisher): Promise<void> {
  const agentId = before.agentId?.toString();
  if (!agentId || before.phase === 'ended' || (after.phase !== 'ended' && sameValue(after.agentId, before.agentId))) return;
  if (before.phase === 'connected' || (after.talkSeconds ?? 0) > 0) {
    await startWrapUp(agentId, after._id, (await getVoiceSettings()).wrapUpSeconds, publisher);
    return;
  }
  await endCallPresence(agentId, after._id, publisher);
  if (after.phase === 'queued') await recordMissedOffer(agentId, publisher);
}

export const connectUrl = (twilio: TwilioGateway, agentId: string) => twilio.webhookUrl(`${VOICE_PATHS.connect}?agent=${agentId}`);
