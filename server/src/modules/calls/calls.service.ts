import mongoose from 'mongoose';
import type { TContentLanguage, TTopicKey } from '../../../../shared/src/constants.js';
import { rooms } from '../../../../shared/src/events.js';
import { normalizePhoneNumber } from '../../../../shared/src/phone.js';
import type {
  TCall,
  TCallConflictDetails,
  TCallControlRequest,
  TCallDirection,
  TCallPhase,
  TCallbackTask,
  TPlaceCallRequest,
  TUpdateCallbackTaskRequest,
  TUpdateCallRequest,
  TVoiceLanguage,
} from '../../../../shared/src/schemas/calls.js';
import { recordingPath } from '../../../../shared/src/schemas/calls.js';
import { createBatchedCollectionInsert } from '../../database/batched-insert.js';
import { readPage, toSortDocument, type SortKey } from '../../database/cursor.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { sameValue } from '../../database/same-value.js';
import { scheduleJob, type JobHandler } from '../../jobs/job-runner.js';
import { withLock } from '../../database/with-lock.js';
import { AppError, notFound } from '../../errors.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { TwilioRequestError, type TwilioGateway } from '../../twilio/twilio-gateway.js';
import { DEFAULT_QUEUE, VOICE_PATHS } from '../../twilio/voice-twiml.js';
import { AssociationModel, type AssociationDocument } from '../associations/association.model.js';
import { lookupAssociationsByPhone } from '../associations/phone-directory.js';
import { getSlaContext } from '../sla/sla.service.js';
import { TeamModel } from '../teams/team.model.js';
import { chooseTeam } from '../tickets/ticket-routing.js';
import { appendTicketEntries } from '../tickets/ticket.store.js';
import { recordCallNotesChanged } from './call-notes-feed.js';
import { TicketModel, type TicketDocument } from '../tickets/ticket.model.js';
import type { LiveTicketDirectory } from '../tickets/live-ticket-directory.js';
import { createTicket, findOpenTicketOfAssociation, type TicketActor } from '../tickets/tickets.service.js';
import { deriveCallOutcome, isCallStatus, sortCallFacts, type CallFactInput } from './call-outcome.js';
import { recordCallInPages } from './call-log-pages.js';
import { CallArchiveModel, CallModel, type CallDocument, type StoredCallModel } from './call.model.js';
import { CallbackTaskModel, type CallbackTaskDocument } from './callback-task.model.js';
import { assertWorkAccess, getVisibility, visibilityFilter } from '../../access/access-rule.js';
import {
  SIMULATED_ANSWER_DELAY_MS,
  SIMULATED_PARTY_JOB,
  SIMULATED_RING_DELAY_MS,
  placedCallFacts,
  simulatedControlFacts,
  simulatedPartyStep,
  type SimulatedPartyStep,
} from './simulated-called-party.js';

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

type CallFields = Omit<CallDocument, '_id' | 'facts' | 'createdAt' | 'updatedAt'>;
/** New facts, workflow fields, and facts to take back (keys of ones that turned out false: a transfer Twilio refused). */
type CallChange = { facts?: CallFactInput[]; set?: Partial<CallFields>; dropFacts?: string[] };

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);
const idOf = (value: mongoose.Types.ObjectId | null | undefined) => value?.toString() ?? null;

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
async function publishCall(event: 'call.queued' | 'call.updated', call: CallDocument, publisher: EventPublisher, formerAgentId?: mongoose.Types.ObjectId | null): Promise<void> {
  const names = callRooms(call);
  if (formerAgentId && !sameValue(formerAgentId, call.agentId)) names.push(rooms.user(formerAgentId.toString()));
  await publisher.publish(event, { call: toCallDto(call) }, names);
}

/** The E.164 number behind a Twilio address (`+212…`, `whatsapp:+212…`); null for `client:…` and garbage. */
export function phoneFromAddress(address: string): string | null {
  if (address.startsWith('client:') || address.length > 40) return null;
  return normalizePhoneNumber(address.replace(/^[a-z]+:/i, '')) ?? null;
}

export const callbackTaskId = (callSid: string) => `callback:${callSid}`;

function seedFields(seed: CallSeed): CallFields {
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
 * Applies one change to a call under its lock: new facts (a redelivered one, known by its key, adds
 * nothing), workflow fields, then everything derived from the facts, and the callback task an
 * abandoned call or a callback request leaves. A call we never saw (a lost webhook, a status that
 * outran the REST answer) is started from `seed`, so no callback is ever dropped.
 */
async function changeCall(
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

/** Every write to a callback task goes under this lock, and re-reads the task inside it (FerretDB rewrites whole documents). */
const callbackTaskLock = (taskId: string) => `callback-task:${taskId}`;

/** Creates the call's callback task once; later facts only correct its wait time. */
async function saveCallbackTask(call: CallDocument, reason: 'abandoned' | 'requested' | 'voicemail'): Promise<void> {
  const _id = callbackTaskId(call._id);
  await withLock(callbackTaskLock(_id), async () => {
    const task = await CallbackTaskModel.findById(_id).lean<CallbackTaskDocument>();
    if (!task) {
      await CallbackTaskModel.create({
        _id,
        callSid: call._id,
        phone: call.phone,
        associationId: call.associationId,
        ticketId: call.ticketId,
        teamId: call.teamId,
        queue: call.queue,
        reason,
        waitSeconds: call.queueWaitSeconds,
        priorityAt: call.queuedAt ?? call.createdAt,
      });
      return;
    }
    // Updates scan the collection on FerretDB: only when something changed.
    if (task.waitSeconds !== call.queueWaitSeconds || !sameValue(task.ticketId, call.ticketId)) {
      await CallbackTaskModel.updateOne({ _id }, { $set: { waitSeconds: call.queueWaitSeconds, ticketId: call.ticketId } });
    }
  });
}

/** A call that turned out answered leaves no abandoned or requested task behind (unless someone already closed it). */
async function dropStaleCallbackTask(taskId: string): Promise<void> {
  await withLock(callbackTaskLock(taskId), async () => {
    const task = await CallbackTaskModel.findById(taskId).lean<CallbackTaskDocument>();
    if (task?.status === 'open' && (task.reason === 'abandoned' || task.reason === 'requested')) await CallbackTaskModel.deleteOne({ _id: taskId });
  });
}

/** The callback call was answered: its task is done, unless it was closed meanwhile. */
async function completeCallbackTask(taskId: string): Promise<void> {
  await withLock(callbackTaskLock(taskId), async () => {
    const task = await CallbackTaskModel.findById(taskId).lean<CallbackTaskDocument>();
    if (task?.status !== 'open') return;
    await CallbackTaskModel.updateOne({ _id: taskId }, { $set: { status: 'done', resolution: 'completed', doneAt: new Date(), dialingById: null, dialingSince: null } });
  });
}

const enqueuedCount = (call: CallDocument | null) => call?.facts.filter((fact) => fact.kind === 'enqueued').length ?? 0;

/** Each time an agent's softphone picked the caller up (an answered leg, a bridged queue). */
const countAgentJoins = (facts: CallFactInput[]) =>
  facts.filter((fact) => (fact.kind === 'agent-leg' && fact.status === 'in-progress') || (fact.kind === 'queue-result' && fact.status === 'bridged')).length;

// What consoles and the wallboard show of a call; a change elsewhere (a ringing status, the history) is not announced.
const VISIBLE_FIELDS = ['phase', 'result', 'agentId', 'teamId', 'onHold', 'ticketId', 'suggestedTicketId', 'callbackId', 'queue', 'recording', 'queueWaitSeconds', 'talkSeconds'] as const;

/**
 * Publishes what a change did: `call.queued` when the caller (re)joined a queue, `call.updated` when
 * anything a console shows changed. Each event costs several writes, so callbacks that change only
 * the history stay quiet.
 */
async function announceCallChange(result: { before: CallDocument | null; after: CallDocument | null; changed: boolean }, publisher: EventPublisher) {
  const { before, after } = result;
  if (!result.changed || !after) return;
  if (after.phase === 'queued' && enqueuedCount(after) > enqueuedCount(before)) {
    await publishCall('call.queued', after, publisher, before?.agentId);
  } else if (!before || VISIBLE_FIELDS.some((field) => !sameValue(before[field], after[field]))) {
    await publishCall('call.updated', after, publisher, before?.agentId);
  }
}

// ---------------------------------------------------------------------------------------------
// The phone menu (webhooks)
// ---------------------------------------------------------------------------------------------

/**
 * A call arrives: who is calling (caller ID through the phone directory), whether the center is open
 * (the SLA's business calendar), and the call's record. A redelivered webhook finds the record made
 * the first time.
 */
// Straight to the driver, calls arriving together sharing one insert: every field is set by the
// caller, and this runs on every call at the busiest moment.
const insertNewCall = createBatchedCollectionInsert(() => CallModel.collection as unknown as mongoose.mongo.Collection);

export async function startIncomingCall(callSid: string, seed: CallSeed, now: Date) {
  const phone = phoneFromAddress(seed.from);
  const [lookup, slaContext] = await Promise.all([phone ? lookupAssociationsByPhone(phone) : undefined, getSlaContext()]);
  const match = lookup?.matches[0];
  const open = slaContext.calendar.isOpenAt(now);
  const fields: CallFields = {
    ...seedFields(seed),
    associationId: match ? new mongoose.Types.ObjectId(match.association.id) : null,
    contactId: match ? new mongoose.Types.ObjectId(match.contact.id) : null,
    phase: open ? 'menu' : 'voicemail',
  };
  const facts: CallFactInput[] = [{ key: 'status:ringing:incoming', kind: 'status', status: 'ringing', at: now, sequence: null, data: null }];
  if (!open) facts.push({ key: 'voicemail-offered', kind: 'voicemail-offered', status: null, at: now, sequence: null, data: null });
  const outcome = deriveCallOutcome('inbound', facts);
  try {
    const createdAt = new Date();
    await insertNewCall({ _id: callSid, ...fields, facts, status: outcome.status, statusTimes: outcome.statusTimes, createdAt, updatedAt: createdAt });
    await recordCallInPages(null, { _id: callSid, createdAt, result: null, associationId: fields.associationId });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  return { open, association: match ? match.association.name : null };
}

/**
 * The caller chose a language and a topic: the call joins the queue of the team skilled in both
 * (else in the language, else the topic; the default queue when none is), and consoles hear of it.
 */
export async function enqueueCall(
  callSid: string,
  seed: CallSeed,
  choice: { language: TVoiceLanguage; topic: TTopicKey },
  deps: CallServiceDeps,
): Promise<{ queue: string }> {
  const team = await chooseTeam(choice.language as TContentLanguage, choice.topic);
  const queue = team ? `team-${team._id.toString()}` : DEFAULT_QUEUE;
  const now = new Date();
  const result = await changeCall(callSid, seed, (call) => {
    if (call?.phase === 'ended') return undefined;
    return {
      facts: [{ key: `enqueued:${enqueuedCount(call) + 1}`, kind: 'enqueued', at: now, data: { queue, language: choice.language, topic: choice.topic } }],
      set: { language: choice.language, topic: choice.topic, teamId: team?._id ?? null, queue, phase: 'queued', queuedAt: call?.queuedAt ?? now },
    };
  });
  await announceCallChange(result, deps.publisher);
  return { queue: result.after?.queue ?? queue };
}

/**
 * Twilio asks for the wait page again and again while the caller waits. A caller we have no record of
 * (sent to the queue by the fallback route while the database was away) is recorded now. In simulation
 * there is no Twilio to move an accepted caller, so the wait page does it: the answer is the URL to go to.
 */
export async function checkWaitingCall(callSid: string, seed: CallSeed, deps: CallServiceDeps): Promise<{ redirectTo: string | null }> {
  const call = await CallModel.findById(callSid).lean<CallDocument>();
  if (!call) {
    const now = new Date();
    const result = await changeCall(callSid, seed, (current) =>
      current ? undefined : { facts: [{ key: 'enqueued:1', kind: 'enqueued', at: now, data: { queue: DEFAULT_QUEUE } }], set: { phase: 'queued', queue: DEFAULT_QUEUE, queuedAt: now } },
    );
    await announceCallChange(result, deps.publisher);
    return { redirectTo: null };
  }
  if (deps.twilio.simulated && call.phase === 'connecting' && call.agentId) {
    return { redirectTo: connectUrl(deps.twilio, call.agentId.toString()) };
  }
  return { redirectTo: null };
}

const connectUrl = (twilio: TwilioGateway, agentId: string) => twilio.webhookUrl(`${VOICE_PATHS.connect}?agent=${agentId}`);

/** The caller pressed the key for a callback while waiting; they leave the queue next. */
export async function requestCallback(callSid: string, seed: CallSeed, deps: CallServiceDeps): Promise<void> {
  const now = new Date();
  const result = await changeCall(callSid, seed, () => ({ facts: [{ key: 'callback-requested', kind: 'callback-requested', at: now }] }));
  await announceCallChange(result, deps.publisher);
}

/** The Enqueue action: how the caller left the queue (bridged, redirected to an agent, hung up, left) and after how long. */
export async function recordQueueResult(callSid: string, seed: CallSeed, queueResult: string, queueTime: number | null, deps: CallServiceDeps) {
  const now = new Date();
  const result = await changeCall(callSid, seed, () => ({
    facts: [{ key: `queue-result:${queueResult}`, kind: 'queue-result', status: queueResult, at: now, data: { result: queueResult, queueTime } }],
  }));
  await announceCallChange(result, deps.publisher);
}

/** A Twilio status callback for the call itself. Twilio's Timestamp and SequenceNumber order them. */
export async function recordCallStatus(
  callSid: string,
  seed: CallSeed,
  update: { status: string; at: Date; sequence: number | null; duration: number | null },
  deps: CallServiceDeps,
) {
  if (!isCallStatus(update.status)) throw new AppError('validation_failed', 'the request is not valid', [{ path: 'CallStatus', code: 'invalid_value', message: 'is not a call status' }]);
  const result = await changeCall(callSid, seed, () => ({
    facts: [
      {
        key: `status:${update.status}:${update.sequence ?? ''}`,
        kind: 'status',
        status: update.status,
        at: update.at,
        sequence: update.sequence,
        data: update.duration === null ? null : { duration: update.duration },
      },
    ],
  }));
  await announceCallChange(result, deps.publisher);
}

/** A status callback of the agent's leg (the softphone dialled for this caller). */
export async function recordAgentLegStatus(
  parentCallSid: string,
  seed: CallSeed,
  update: { legSid: string; status: string; at: Date; sequence: number | null; duration: number | null },
  deps: CallServiceDeps,
) {
  const result = await changeCall(parentCallSid, seed, () => ({
    facts: [
      {
        key: `agent-leg:${update.legSid}:${update.status}`,
        kind: 'agent-leg',
        status: update.status,
        at: update.at,
        sequence: update.sequence,
        data: update.duration === null ? null : { duration: update.duration },
      },
    ],
  }));
  await announceCallChange(result, deps.publisher);
}

/**
 * The Dial action after an agent's softphone was rung. Unanswered while the caller is still there:
 * back to the queue. Returns where the caller goes next.
 */
export async function recordDialResult(
  callSid: string,
  seed: CallSeed,
  dial: { status: string; duration: number | null; legSid: string },
  deps: CallServiceDeps,
): Promise<{ requeue: { queue: string; language: TVoiceLanguage } | null; hangup: boolean }> {
  const now = new Date();
  const answered = dial.status === 'completed' || dial.status === 'answered';
  const result = await changeCall(callSid, seed, (call) => {
    const facts: CallFactInput[] = [
      { key: `dial-result:${dial.legSid}:${dial.status}`, kind: 'dial-result', status: answered ? 'completed' : dial.status, at: now, data: { duration: dial.duration } },
    ];
    if (answered || !call || call.phase === 'ended' || call.direction !== 'inbound') return { facts };
    const missed = call.facts.filter((fact) => fact.kind === 'agent-missed').length;
    facts.push({ key: `agent-missed:${missed + 1}`, kind: 'agent-missed', at: now, data: { agentId: call.agentId?.toString() ?? null } });
    facts.push({ key: `enqueued:${enqueuedCount(call) + 1}`, kind: 'enqueued', at: now, data: { queue: call.queue } });
    // The call is nobody's until an agent accepts it again; the agent who missed it is told (see publishCall).
    return { facts, set: { phase: 'queued', agentId: null } };
  });
  await announceCallChange(result, deps.publisher);
  const call = result.after;
  if (answered || !call || call.phase !== 'queued' || !result.changed) {
    // A dial the agent broke off by putting the caller on hold or transferring them: the caller is elsewhere now.
    const movedOn = !!call && call.phase !== 'ended' && (call.onHold || (call.agentJoinsAtRequest !== null && call.phase !== 'connected'));
    return { requeue: null, hangup: !movedOn };
  }
  return { requeue: { queue: call.queue ?? DEFAULT_QUEUE, language: (call.language as TVoiceLanguage | null) ?? 'ar' }, hangup: false };
}

/**
 * Twilio fetches the connect TwiML after an accept moved the caller: only the agent who accepted is
 * rung; anyone else's link (a stale accept) puts the caller back in their queue.
 */
export async function confirmAgentConnection(
  callSid: string,
  agentId: string | null,
): Promise<{ action: 'connect'; agentId: string } | { action: 'hangup' } | { action: 'requeue'; queue: string; language: TVoiceLanguage }> {
  const call = await CallModel.findById(callSid).lean<CallDocument>();
  if (call?.phase === 'ended') return { action: 'hangup' };
  if (call && agentId && call.agentId?.toString() === agentId && call.phase === 'connecting') return { action: 'connect', agentId };
  return { action: 'requeue', queue: call?.queue ?? DEFAULT_QUEUE, language: (call?.language as TVoiceLanguage | null) ?? 'ar' };
}

/**
 * A recording is ready. A voicemail opens a ticket (once, whatever the order of callbacks) and a
 * callback task tied to it.
 */
export async function recordRecording(
  callSid: string,
  seed: CallSeed,
  recording: { sid: string; url: string; status: string; duration: number | null; kind: 'voicemail' | 'conversation' },
  deps: CallServiceDeps,
) {
  const now = new Date();
  const result = await changeCall(callSid, seed, () => ({
    facts: [
      {
        key: `recording:${recording.sid}:${recording.status}`,
        kind: 'recording',
        status: recording.status,
        at: now,
        data: { sid: recording.sid, url: recording.url, duration: recording.duration, kind: recording.kind },
      },
    ],
  }));
  if (result.after?.result === 'voicemail' && !result.after.ticketId) {
    result.after = await openVoicemailTicket(callSid, deps);
    result.changed = true;
  }
  await announceCallChange(result, deps.publisher);
}

const VOICE_SUBJECTS = {
  voicemail: { ar: (name: string | null) => (name ? `رسالة صوتية من ${name}` : 'رسالة صوتية خارج أوقات العمل'), fr: (name: string | null) => (name ? `Message vocal de ${name}` : 'Message vocal hors des heures d’ouverture') },
  call: { ar: (name: string | null) => (name ? `مكالمة من ${name}` : 'مكالمة هاتفية'), fr: (name: string | null) => (name ? `Appel de ${name}` : 'Appel téléphonique') },
};

async function openCallTicket(call: CallDocument, kind: 'voicemail' | 'call', actor: TicketActor | null, deps: CallServiceDeps) {
  const language = (call.language as TContentLanguage | null) ?? 'ar';
  const association = call.associationId ? await AssociationModel.findById(call.associationId).lean<AssociationDocument>() : null;
  const name = association ? (language === 'fr' ? association.name.fr : association.name.ar) : null;
  const subjects = VOICE_SUBJECTS[kind][language === 'fr' ? 'fr' : 'ar'];
  const ticket = await createTicket(
    {
      subject: subjects(name),
      // The recording itself is played from the timeline's call entry, never linked here.
      description: kind === 'voicemail' && call.recording ? `☎ ${call.recording.durationSeconds ?? '?'} s` : '',
      channel: 'voice',
      language,
      topic: (call.topic as TTopicKey | null) ?? 'other',
      priority: 'normal',
      associationId: association && !association.mergedIntoId ? association._id.toString() : undefined,
      contactId: association && !association.mergedIntoId && call.contactId ? call.contactId.toString() : undefined,
      tags: [],
      custom: {},
    },
    actor,
    { publisher: deps.publisher },
    { contactPhone: call.phone },
  );
  await addCallEntry(ticket.id, call, actor?.id ?? null, deps.publisher);
  return ticket;
}

/** Records the call on the ticket's timeline. */
async function addCallEntry(ticketId: string, call: CallDocument, authorId: string | null, publisher: EventPublisher): Promise<void> {
  await appendTicketEntries([{ ticketId, kind: 'call', authorId, data: { callSid: call._id, direction: call.direction, result: call.result ?? null } }], publisher);
}

async function openVoicemailTicket(callSid: string, deps: CallServiceDeps): Promise<CallDocument | null> {
  return withLock(`call:${callSid}`, async () => {
    const stored = await findStoredCall(callSid);
    if (!stored || stored.call.ticketId) return stored?.call ?? null;
    const ticket = await openCallTicket(stored.call, 'voicemail', null, deps);
    const set = { ticketId: new mongoose.Types.ObjectId(ticket.id), callbackId: callbackTaskId(callSid) };
    await stored.model.updateOne({ _id: callSid }, { $set: set });
    const updated = { ...stored.call, ...set };
    await saveCallbackTask(updated, 'voicemail');
    return updated;
  }, { ttlMs: 30_000 });
}

// ---------------------------------------------------------------------------------------------
// Agents (API)
// ---------------------------------------------------------------------------------------------

/**
 * What the timeline shows of these calls as they are now (the recording usually arrives after the
 * entry was written): the server's path to the recording, never Twilio's URL, and the result.
 */
export async function currentCallRecordings(callSids: string[]): Promise<Map<string, CallTimelineState>> {
  // One lookup by `_id` per call: FerretDB 1.24 answers `$in` by reading the whole (archive) collection.
  const found = await Promise.all([...new Set(callSids)].map(async (sid) => (await findStoredCall(sid))?.call));
  return new Map(
    found.filter((call): call is CallDocument => call !== undefined).map((call) => [
      call._id,
      {
        result: call.result ?? null,
        recording: call.recording?.sid
          ? { url: recordingPath(call._id), durationSeconds: call.recording.durationSeconds ?? null, kind: call.recording.kind ?? 'conversation', simulated: call.simulated ?? false }
          : null,
      },
    ]),
  );
}

export async function getCallBySid(callSid: string, actor: TicketActor): Promise<TCall> {
  const stored = await findStoredCall(callSid);
  if (!stored) throw notFound('call');
  await assertCallWork(stored.call, actor);
  return toCallDto(stored.call);
}

/**
 * An agent accepts a waiting caller: under the call's lock only one agent can, then Twilio moves
 * exactly that caller out of the queue to a TwiML that rings exactly that agent's softphone. The call
 * is tied to a ticket: an open ticket of the association is suggested, otherwise one is opened.
 */
export async function acceptQueuedCall(callSid: string, actor: TicketActor, deps: CallServiceDeps, tickets: LiveTicketDirectory): Promise<TCall> {
  const waiting = await findStoredCall(callSid);
  if (!waiting) throw notFound('call');
  // A waiting caller has no agent yet: the queue's team (or every agent, for a call in no team) may take it.
  await assertWorkAccess(actor, { personIds: [], teamIds: [waiting.call.teamId] }, 'this call waits in another team\'s queue');
  const now = new Date();
  const accepted = await changeCall(callSid, { direction: 'inbound', from: '', to: '' }, (call) => {
    if (!call) throw notFound('call');
    if (call.phase !== 'queued') throw new AppError('conflict', 'this call is no longer waiting in a queue', { phase: call.phase });
    const count = call.facts.filter((fact) => fact.kind === 'accepted').length;
    return {
      facts: [{ key: `accepted:${count + 1}`, kind: 'accepted', at: now, data: { agentId: actor.id } }],
      set: { phase: 'connecting', agentId: new mongoose.Types.ObjectId(actor.id) },
    };
  });
  try {
    await deps.twilio.redirectCall(callSid, connectUrl(deps.twilio, actor.id));
  } catch (error) {
    const reverted = await changeCall(callSid, { direction: 'inbound', from: '', to: '' }, (call) =>
      call && call.phase === 'connecting' && call.agentId?.toString() === actor.id
        ? { facts: [{ key: `accept-failed:${now.getTime()}`, kind: 'accept-failed', at: new Date() }], set: { phase: 'queued' } }
        : undefined,
    );
    await announceCallChange(reverted, deps.publisher);
    const code = error instanceof TwilioRequestError ? error.code : null;
    throw new AppError('service_unavailable', 'Twilio could not move the call to you; it is back in the queue', { twilioCode: code });
  }
  const linked = await linkAcceptedCall(accepted.after!, actor, deps, tickets);
  await publishCall('call.updated', linked, deps.publisher);
  return toCallDto(linked);
}

async function linkAcceptedCall(call: CallDocument, actor: TicketActor, deps: CallServiceDeps, tickets: LiveTicketDirectory): Promise<CallDocument> {
  if (call.ticketId || call.suggestedTicketId) return call;
  const open = call.associationId ? await findOpenTicketOfAssociation(call.associationId.toString(), tickets) : null;
  const set = open ? { suggestedTicketId: new mongoose.Types.ObjectId(open) } : { ticketId: new mongoose.Types.ObjectId((await openCallTicket(call, 'call', actor, deps)).id) };
  const updated = await withLock(`call:${call._id}`, () => CallModel.findByIdAndUpdate(call._id, { $set: set }, { returnDocument: 'after' }).lean<CallDocument>());
  return updated!;
}

/** The call's agent, its ticket's assignee, their teams' members (everyone for a call in no team), supervisors: 403 for anyone else. */
async function assertCallWork(call: CallDocument, actor: TicketActor): Promise<void> {
  const ticket = call.ticketId ? await TicketModel.findById(call.ticketId).lean<TicketDocument>() : null;
  await assertWorkAccess(actor, { personIds: [call.agentId, ticket?.assigneeId], teamIds: [call.teamId, ticket?.teamId] }, 'this call belongs to another team');
}

/** The agent's notes on a call: its ticket (the suggested one or another), disposition and notes. */
export async function updateCallDetails(callSid: string, request: TUpdateCallRequest, actor: TicketActor, deps: CallServiceDeps): Promise<TCall> {
  const target = request.ticketId ? await TicketModel.findById(request.ticketId).lean<TicketDocument>() : null;
  if (request.ticketId && !target) throw new AppError('not_found', 'ticket not found', { field: 'ticketId' });
  // Linking puts the call on the ticket's timeline: the ticket must be the agent's to work too.
  if (target) await assertWorkAccess(actor, { personIds: [target.assigneeId], teamIds: [target.teamId] }, 'this ticket belongs to another team');
  const result = await withLock(`call:${callSid}`, async () => {
    const stored = await findStoredCall(callSid);
    if (!stored) throw notFound('call');
    const { call, model } = stored;
    await assertCallWork(call, actor);
    const set: Record<string, unknown> = {};
    if (request.disposition !== undefined) set.disposition = request.disposition;
    if (request.notes !== undefined) set.notes = request.notes;
    const relinked = request.ticketId !== undefined && call.ticketId?.toString() !== request.ticketId;
    if (relinked) Object.assign(set, { ticketId: new mongoose.Types.ObjectId(request.ticketId), suggestedTicketId: null });
    const updated = await model.findByIdAndUpdate(callSid, { $set: set }, { returnDocument: 'after' }).lean<CallDocument>();
    return { updated: updated!, relinked };
  });
  if (result.relinked) await addCallEntry(request.ticketId!, result.updated, actor.id, deps.publisher);
  if (request.notes !== undefined || result.relinked) await recordCallNotesChanged(result.updated, deps.publisher);
  await publishCall('call.updated', result.updated, deps.publisher);
  return toCallDto(result.updated);
}

/** How long a claim taken before dialling holds without news of the dial (Twilio's REST API answers well within it). */
const DIAL_CLAIM_MS = 60_000;

/**
 * Claims an open callback task for the agent about to dial it: 409 when it is closed, or another agent
 * is dialling it or still on the call back.
 */
async function claimCallbackTask(taskId: string, actor: TicketActor): Promise<CallbackTaskDocument> {
  return withLock(callbackTaskLock(taskId), async () => {
    const task = await CallbackTaskModel.findById(taskId).lean<CallbackTaskDocument>();
    if (!task) throw new AppError('not_found', 'callback task not found', { field: 'callbackId' });
    if (task.status !== 'open') throw new AppError('conflict', 'this callback task is already closed', { resolution: task.resolution ?? null });
    const dialing = task.dialingSince && Date.now() - new Date(task.dialingSince).getTime() < DIAL_CLAIM_MS;
    const lastCall = !dialing && task.lastCallSid ? await findStoredCall(task.lastCallSid) : null;
    if (dialing || (lastCall && lastCall.call.phase !== 'ended')) {
      throw new AppError('conflict', 'another agent is already calling this caller back', { callSid: task.lastCallSid ?? null });
    }
    const set = { dialingById: new mongoose.Types.ObjectId(actor.id), dialingSince: new Date() };
    await CallbackTaskModel.updateOne({ _id: taskId }, { $set: set });
    return { ...task, ...set };
  });
}

/** Lets go of a claimed task: with the call placed (`callSid`, one more attempt), or after Twilio refused it. */
async function releaseCallbackTask(taskId: string, callSid: string | null): Promise<void> {
  await withLock(callbackTaskLock(taskId), async () => {
    const task = await CallbackTaskModel.findById(taskId).lean<CallbackTaskDocument>();
    if (!task) return;
    const placed = callSid ? { attempts: task.attempts + 1, lastCallSid: callSid } : {};
    await CallbackTaskModel.updateOne({ _id: taskId }, { $set: { ...placed, dialingById: null, dialingSince: null } });
  });
}

/**
 * Calls an association back from a ticket or a callback task, from the center's number: Twilio rings
 * the association, says who is calling, then rings the agent's softphone.
 */
export async function placeOutboundCall(request: TPlaceCallRequest, actor: TicketActor, deps: CallServiceDeps): Promise<TCall> {
  const found = request.callbackId ? await CallbackTaskModel.findById(request.callbackId).lean<CallbackTaskDocument>() : null;
  if (request.callbackId && !found) throw new AppError('not_found', 'callback task not found', { field: 'callbackId' });
  const ticketId = request.ticketId ?? found?.ticketId?.toString();
  const ticket = ticketId ? await TicketModel.findById(ticketId).lean<TicketDocument>() : null;
  if (ticketId && !ticket) throw new AppError('not_found', 'ticket not found', { field: 'ticketId' });
  await assertWorkAccess(actor, { personIds: [ticket?.assigneeId], teamIds: [found?.teamId, ticket?.teamId] }, 'this ticket or callback belongs to another team');
  const phone = (request.ticketId ? ticket?.contactPhone : (found?.phone ?? ticket?.contactPhone)) ?? null;
  if (!phone) throw new AppError('conflict', 'there is no phone number to call back');
  const language: TVoiceLanguage = ticket?.language === 'fr' ? 'fr' : ticket?.language === 'zgh' ? 'zgh' : 'ar';
  const query = new URLSearchParams({ agent: actor.id, lang: language, ...(ticket ? { ref: ticket.reference } : {}) });

  // Two agents pressing "call back" at once: only the one who claims the task dials.
  const task = found ? await claimCallbackTask(found._id, actor) : null;
  let sid: string;
  try {
    sid = (await deps.twilio.placeCall({ to: phone, url: deps.twilio.webhookUrl(`${VOICE_PATHS.outbound}?${query.toString()}`) })).sid;
  } catch (error) {
    if (task) await releaseCallbackTask(task._id, null);
    throw new AppError('service_unavailable', 'Twilio refused the call', { twilioCode: error instanceof TwilioRequestError ? error.code : null });
  }
  const now = new Date();
  // Status callbacks may have arrived first and started the record: the seed only fills what is missing.
  const result = await changeCall(sid, { direction: 'outbound', from: deps.twilio.callerId, to: phone }, () => ({
    facts: [{ key: 'placed', kind: 'placed', at: now, data: { agentId: actor.id } }, ...(deps.twilio.simulated ? placedCallFacts(now) : [])],
    set: {
      direction: 'outbound',
      from: deps.twilio.callerId,
      to: phone,
      phone,
      associationId: ticket?.associationId ?? task?.associationId ?? null,
      contactId: ticket?.contactId ?? null,
      language: ticket?.language ?? null,
      topic: ticket?.topic ?? null,
      teamId: ticket?.teamId ?? task?.teamId ?? null,
      agentId: new mongoose.Types.ObjectId(actor.id),
      ticketId: ticket?._id ?? null,
      servesCallbackId: task?._id ?? null,
      simulated: deps.twilio.simulated,
      phase: 'connecting',
    },
  }));
  if (task) await releaseCallbackTask(task._id, sid);
  if (ticket) await addCallEntry(ticket._id.toString(), result.after!, actor.id, deps.publisher);
  if (deps.twilio.simulated) await scheduleSimulatedParty(sid, now);
  await publishCall('call.updated', result.after!, deps.publisher);
  return toCallDto(result.after!);
}

/** Simulation mode: the association called back rings, then answers (see simulated-called-party.ts). */
async function scheduleSimulatedParty(callSid: string, placedAt: Date): Promise<void> {
  const steps: Array<[SimulatedPartyStep, number]> = [
    ['ringing', SIMULATED_RING_DELAY_MS],
    ['answer', SIMULATED_ANSWER_DELAY_MS],
  ];
  for (const [step, delay] of steps) {
    await scheduleJob(`${SIMULATED_PARTY_JOB}:${callSid}:${step}`, SIMULATED_PARTY_JOB, new Date(placedAt.getTime() + delay), { callSid, step });
  }
}

/** The job that plays one step of a called association in simulation mode: it rings, or it answers. */
export function createSimulatedPartyHandler(deps: CallServiceDeps): JobHandler {
  return async (job) => {
    const callSid = String(job.payload.callSid);
    const step: SimulatedPartyStep = job.payload.step === 'answer' ? 'answer' : 'ringing';
    const now = new Date();
    const result = await changeCall(callSid, { direction: 'outbound', from: '', to: '' }, (call) => {
      const facts = call ? simulatedPartyStep(call, step, now) : [];
      return facts.length > 0 ? { facts } : undefined;
    });
    await announceCallChange(result, deps.publisher);
  };
}

function toCallbackTaskDto(task: CallbackTaskDocument): TCallbackTask {
  return {
    id: task._id,
    callSid: task.callSid,
    phone: task.phone ?? null,
    associationId: idOf(task.associationId),
    ticketId: idOf(task.ticketId),
    teamId: idOf(task.teamId),
    queue: task.queue ?? null,
    reason: task.reason,
    waitSeconds: task.waitSeconds ?? null,
    priorityAt: task.priorityAt.toISOString(),
    status: task.status,
    resolution: task.resolution ?? null,
    doneAt: iso(task.doneAt),
    attempts: task.attempts,
    createdAt: task.createdAt.toISOString(),
  };
}

const CALLBACK_SORT: SortKey[] = [
  { field: 'priorityAt', direction: 1 },
  { field: '_id', direction: 1 },
];

/** Callers to ring back, in the order they first joined the queue. */
export async function listCallbackTasks(query: { status: 'open' | 'done'; limit: number; cursor?: string }, actor: TicketActor) {
  const visible = visibilityFilter(await getVisibility(actor), { teamField: 'teamId' });
  const page = await readPage(
    (filter, limit) => CallbackTaskModel.find(filter).sort(toSortDocument(CALLBACK_SORT)).limit(limit).lean<CallbackTaskDocument[]>(),
    { filter: { status: query.status, ...(visible ? { $and: [visible] } : {}) }, sort: CALLBACK_SORT, limit: query.limit, cursor: query.cursor },
  );
  return { items: page.items.map(toCallbackTaskDto), nextCursor: page.nextCursor };
}

/** Closes a callback task by hand: the agent called back some other way, or there is nothing to do. */
export async function closeCallbackTask(callbackId: string, request: TUpdateCallbackTaskRequest, actor: TicketActor, deps: CallServiceDeps): Promise<TCallbackTask> {
  const task = await withLock(callbackTaskLock(callbackId), async () => {
    const current = await CallbackTaskModel.findById(callbackId).lean<CallbackTaskDocument>();
    if (!current) throw notFound('callback task');
    const ticket = current.ticketId ? await TicketModel.findById(current.ticketId).lean<TicketDocument>() : null;
    await assertWorkAccess(actor, { personIds: [ticket?.assigneeId], teamIds: [current.teamId, ticket?.teamId] }, 'this callback task belongs to another team');
    if (current.status === 'done') throw new AppError('conflict', 'this callback task is already closed', { resolution: current.resolution ?? null });
    const set = { status: 'done' as const, resolution: request.resolution, doneAt: new Date(), doneById: new mongoose.Types.ObjectId(actor.id) };
    await CallbackTaskModel.updateOne({ _id: callbackId }, { $set: set });
    return { ...current, ...set };
  });
  // Consoles refetch their callback list when the call that left the task changes.
  const stored = await findStoredCall(task.callSid);
  if (stored) await publishCall('call.updated', stored.call, deps.publisher);
  return toCallbackTaskDto(task);
}

// ---------------------------------------------------------------------------------------------
// The softphone's controls: hold, resume, transfer to a team, hang up
// ---------------------------------------------------------------------------------------------

const QUEUE_NAME = /^(team-[0-9a-f]{24}|mowakaba-default)$/;
export const isQueueName = (value: string | undefined): value is string => QUEUE_NAME.test(value ?? '');

type TwilioInstruction = { url: string } | { end: true };

const conflictDetails = (call: CallDocument, reason: TCallConflictDetails['reason']): TCallConflictDetails => ({ reason, phase: call.phase, onHold: call.onHold ?? false });

/** Whether this agent was ever put on the call: accepted it, placed it, or missed it when their softphone did not pick up. */
const wasAgentOnCall = (call: CallDocument, agentId: string) =>
  call.facts.some((fact) => ['accepted', 'placed', 'agent-missed'].includes(fact.kind) && (fact.data as { agentId?: unknown } | null)?.agentId === agentId);

/**
 * Only the call's agent (or a supervisor) controls it. An agent the call has left — back in a queue
 * because their softphone did not answer, taken by a colleague, or over — gets a 409 saying so, which
 * the console takes as its cue to let go of the call; an agent who never had it gets a 403.
 */
function checkCallOwner(call: CallDocument, actor: TicketActor): void {
  if (actor.role !== 'agent' || call.agentId?.toString() === actor.id) return;
  if (!wasAgentOnCall(call, actor.id)) throw new AppError('forbidden', 'only the agent on this call can do this');
  if (call.phase === 'ended') throw new AppError('conflict', 'this call is over', conflictDetails(call, 'call-ended'));
  if (call.phase === 'queued') throw new AppError('conflict', 'this call went back to the queue: your softphone did not pick up', conflictDetails(call, 'call-requeued'));
  throw new AppError('conflict', 'another agent has this call now', conflictDetails(call, 'call-taken'));
}

/** What the agent may ask of a call in each state; anything else is a 409 naming the state. */
function checkControl(call: CallDocument, action: TCallControlRequest['action']): void {
  const allowed =
    action === 'hold'
      ? call.phase === 'connected' && !call.onHold
      : action === 'resume'
        ? call.phase === 'connected' && call.onHold
        : action === 'transfer'
          ? call.phase === 'connected' && call.direction === 'inbound'
          : call.phase === 'connecting' || call.phase === 'connected';
  if (!allowed) throw new AppError('conflict', `the call cannot be given "${action}" now`, conflictDetails(call, call.phase === 'ended' ? 'call-ended' : 'wrong-state'));
}

/**
 * The agent on a call (or a supervisor) holds, resumes, transfers or ends it. The change is stored
 * under the call's lock first (so two clicks cannot both apply), then Twilio is told through the
 * REST API (`calls(sid).update`); if Twilio refuses, the change is undone and the answer is 503.
 * The instruction is kept as a fact in simulation mode too: `npm run simulate` plays it.
 */
export async function controlCall(callSid: string, request: TCallControlRequest, actor: TicketActor, deps: CallServiceDeps): Promise<TCall> {
  const team = request.action === 'transfer' ? await TeamModel.findById(request.teamId).lean() : null;
  if (request.action === 'transfer' && !team) throw new AppError('not_found', 'team not found', { field: 'teamId' });
  const now = new Date();
  let instruction: TwilioInstruction | undefined;
  let applied: Partial<CallFields> = {};
  let undo: Partial<CallFields> = {};
  let transferFact: string | null = null;
  const seed: CallSeed = { direction: 'inbound', from: '', to: '' };
  const result = await changeCall(callSid, seed, (call) => {
    if (!call) throw notFound('call');
    checkCallOwner(call, actor);
    checkControl(call, request.action);
    const language = (call.language as TVoiceLanguage | null) ?? 'ar';
    const controls = call.facts.filter((fact) => fact.kind === 'control').length;
    const agentId = call.agentId?.toString() ?? actor.id;
    let set: Partial<CallFields> = {};
    if (request.action === 'hold') {
      instruction = { url: deps.twilio.webhookUrl(`${VOICE_PATHS.hold}?lang=${language}`) };
      set = { onHold: true };
    } else if (request.action === 'resume') {
      // The caller is dialled to the agent again: the softphone picks up the call it expects.
      instruction = { url: connectUrl(deps.twilio, agentId) };
      set = { onHold: false, phase: 'connecting', agentJoinsAtRequest: countAgentJoins(call.facts) };
    } else if (request.action === 'transfer') {
      const queue = `team-${team!._id.toString()}`;
      instruction = { url: deps.twilio.webhookUrl(`${VOICE_PATHS.requeue}?${new URLSearchParams({ lang: language, queue }).toString()}`) };
      set = { onHold: false, phase: 'queued', teamId: team!._id, queue, agentId: null, agentJoinsAtRequest: countAgentJoins(call.facts) };
    } else {
      instruction = { end: true };
    }
    applied = set;
    undo = Object.fromEntries(Object.keys(set).map((field) => [field, call[field as keyof CallFields]]));
    const facts: CallFactInput[] = [
      { key: `control:${controls + 1}`, kind: 'control', status: request.action, at: now, data: { agentId: actor.id, ...('url' in instruction ? { url: instruction.url } : {}), ...(team ? { teamId: team._id.toString() } : {}) } },
    ];
    if (request.action === 'transfer') {
      transferFact = `enqueued:${enqueuedCount(call) + 1}`;
      facts.push({ key: transferFact, kind: 'enqueued', at: now, data: { queue: set.queue, transferredBy: actor.id } });
    }
    // Without Twilio nobody reports what the control did (the end of the call; on a callback, the agent's leg): it is recorded as Twilio would.
    if (deps.twilio.simulated) facts.push(...simulatedControlFacts(call, request.action, now));
    return { facts, set };
  });
  try {
    if (instruction && 'url' in instruction) await deps.twilio.redirectCall(callSid, instruction.url);
    else await deps.twilio.endCall(callSid);
  } catch (error) {
    // Undone only while the call still holds what this control set: a colleague may have accepted the transferred caller meanwhile.
    const reverted = await changeCall(callSid, seed, (call) => ({
      facts: [{ key: `control-failed:${now.getTime()}`, kind: 'control-failed', status: request.action, at: new Date() }],
      set: call && Object.entries(applied).every(([field, value]) => sameValue(call[field as keyof CallFields], value)) ? undo : {},
      // Twilio never moved the caller: the transfer did not put them in a queue.
      dropFacts: transferFact ? [transferFact] : [],
    }));
    await announceCallChange(reverted, deps.publisher);
    throw new AppError('service_unavailable', 'Twilio could not change the call', { twilioCode: error instanceof TwilioRequestError ? error.code : null });
  }
  await announceCallChange(result, deps.publisher);
  return toCallDto(result.after!);
}

/**
 * Simulation mode: the next instruction Twilio would have been given for this call (the agent's
 * hold, resume, transfer or hang-up), after the `seen` ones `npm run simulate` already played.
 */
export async function nextSimulatedInstruction(callSid: string, seen: number): Promise<TwilioInstruction | null> {
  const stored = await findStoredCall(callSid);
  const controls = (stored?.call.facts ?? [])
    .filter((fact) => fact.kind === 'control')
    .sort((a, b) => Number(a.key.split(':')[1]) - Number(b.key.split(':')[1]));
  const next = controls[seen];
  if (!next) return null;
  const url = (next.data as { url?: unknown } | null)?.url;
  return typeof url === 'string' ? { url } : { end: true };
}
