// A call's one record: the DTO, the rooms that hear of it, and changeCall, the path every Twilio or workflow change takes (through call.store.ts).
import mongoose from 'mongoose';
import { rooms } from '@mowakaba/shared/events';
import { normalizePhoneNumber } from '@mowakaba/shared/phone';
import type { TCallDirection, TCallPhase } from '@mowakaba/shared/schemas/calls';
import { recordSetOf } from '../../database/rebuild-ordered-lists.js';
import { sameValue } from '../../database/same-value.js';
import { scheduleJob, type DueJob } from '../../jobs/job-runner.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import type { TwilioGateway } from '../../twilio/twilio-gateway.js';
import { VOICE_PATHS } from '../../twilio/voice-twiml.js';
import { deriveCallOutcome, sortCallFacts, type CallFactInput } from './call-outcome.js';
import { CallArchiveModel, CallModel, type CallDocument, type StoredCallModel } from './call.model.js';
import { endCallPresence, recordMissedOffer, startWrapUp } from '../presence/presence.service.js';
import { currentOffer } from './call-offer.js';
import { getVoiceSettings } from './voice-settings.service.js';
import { callbackTaskId, completeCallbackTask, dropStaleCallbackTask, changeCallbackTasks, saveCallbackTask } from './callback-task.store.js';
import { CALL_STREAM, applyCallChange, archiveCall, listedBefore, recordCallInLists, type CallLastChange } from './call.store.js';
import { versionOf, type Fence } from '../../platform/storage/storage.js';
import { dtoOffer, toCallDto } from './call-dto.js';
import { recordCallNotesChanged } from './call-notes-feed.js';
import { addCallEntry, callEntryIdOfLink } from './call-entry.js';
import { findTicketFollowingMerges } from '../tickets/ticket-records.js';
import { getStorage, openChangeNote } from '../../platform/storage/index.js';

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

export { idOf, iso, toCallDto } from './call-dto.js';

/** Consoles that care about a call: supervisors, the queue's team (every agent without one), the agent on it. */
function callRooms(call: CallDocument): string[] {
  const names = [rooms.role('supervisor'), call.teamId ? rooms.team(call.teamId.toString()) : rooms.role('agent')];
  if (call.agentId) names.push(rooms.user(call.agentId.toString()));
  return names;
}

/**
 * Records a call's change on the change feed, like tickets: every node's followers (the rollups
 * among them) read it by position, and the rooms that care hear of it, with the agent it just left
 * (their softphone lets go of it). Resolves once this node has announced it.
 */
export async function publishCall(event: 'call.queued' | 'call.updated', call: CallDocument, publisher: EventPublisher, formerAgentId?: mongoose.Types.ObjectId | null): Promise<void> {
  const names = callRooms(call);
  if (formerAgentId && !sameValue(formerAgentId, call.agentId)) names.push(rooms.user(formerAgentId.toString()));
  const { announced } = await publisher.recordChanges([
    { stream: CALL_STREAM, recordId: call._id, version: versionOf(call), type: event, payload: { call: toCallDto(call) }, rooms: names },
  ]);
  await announced;
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

/** Every call, recent then archived, for a rebuild (a call being archived can be in both for an instant). */
export const callRecordSets = () => [recordSetOf(() => CallModel.collection), recordSetOf(() => CallArchiveModel.collection)];

/**
 * A call as its latest versioned write left it, for a change looking whether a later one landed:
 * on the embedded database a node alone knows it without a read.
 */
async function findLatestCall(callSid: string): Promise<CallDocument | null> {
  const recent = await getStorage().readVersioned<CallDocument>(CallModel.collection.collectionName, callSid);
  return recent ?? (await CallArchiveModel.findById(callSid).lean<CallDocument>());
}

/**
 * The job that moves an ended call to the archive (call.store.ts: copied, then removed from recent
 * calls if unchanged). It needs no fence: two runs of the move still leave one copy.
 */
export const archiveEndedCall = async (job: Pick<DueJob, 'payload'>): Promise<void> => {
  await archiveCall(String(job.payload.callSid));
};

/**
 * Moves the calls and callback tasks of a merged association to the one it was merged into, each
 * through its owner (a versioned write, fenced by the merge's hold on both associations), so a call
 * update running at the same moment can neither write the old association back nor be lost.
 */
export async function moveAssociationCalls(sourceId: mongoose.Types.ObjectId, targetId: mongoose.Types.ObjectId, publisher: EventPublisher, fence?: Fence): Promise<void> {
  const context = { reason: 'association-merge', fence, publisher };
  for (const model of [CallModel, CallArchiveModel]) {
    for (const { _id } of await model.find({ associationId: sourceId }, { _id: 1 }).lean()) {
      await applyCallChange(_id, (call) => (call?.associationId?.equals(sourceId) ? { associationId: targetId } : null), context);
    }
  }
  await changeCallbackTasks({ associationId: sourceId }, (task) => (task.associationId?.equals(sourceId) ? { associationId: targetId } : null), context);
}

/**
 * Points the calls and callback tasks of a merged duplicate ticket at the ticket it was merged into,
 * each through its owner like moveAssociationCalls. Notes already indexed on the duplicate move in
 * ticket search with the call.
 */
export async function moveTicketCalls(sourceId: mongoose.Types.ObjectId, targetId: mongoose.Types.ObjectId, publisher: EventPublisher): Promise<void> {
  for (const model of [CallModel, CallArchiveModel]) {
    for (const { _id } of await model.find({ $or: [{ ticketId: sourceId }, { suggestedTicketId: sourceId }] }, { _id: 1 }).lean()) {
      await applyCallChange(
        _id,
        (call) => {
          const set = {
            ...(call?.ticketId?.equals(sourceId) ? { ticketId: targetId } : {}),
            ...(call?.suggestedTicketId?.equals(sourceId) ? { suggestedTicketId: targetId } : {}),
          };
          return call && Object.keys(set).length > 0 ? set : null;
        },
        { reason: 'ticket-merge' },
        async ({ after }) => {
          if (!after?.notes || !after.ticketId?.equals(targetId)) return;
          await recordCallNotesChanged({ ...after, ticketId: sourceId, notes: '' }, publisher);
          await recordCallNotesChanged(after, publisher);
        },
      );
    }
  }
  await changeCallbackTasks({ ticketId: sourceId }, (task) => (task.ticketId?.equals(sourceId) ? { ticketId: targetId } : null), { reason: 'ticket-merge', publisher });
}

/** What a change of a call does besides its own fields, worked out with them. */
interface PlannedCallChange {
  set: Record<string, unknown>;
  /** Why the call leaves a callback task (null: it leaves none). */
  callbackReason: 'abandoned' | 'requested' | null;
  /** The call's abandoned or requested task turned out to be wrong. */
  staleTask: boolean;
  result: CallDocument['result'];
  phase: TCallPhase;
}

/**
 * Works out one change of a call: new facts (a redelivered one, known by its key, adds nothing),
 * workflow fields, then everything derived from the facts. Null when nothing changes.
 */
function planCallChange(callSid: string, seed: CallSeed, before: CallDocument | null, change: CallChange | undefined): PlannedCallChange | null {
  if (!change) return null;
  const known = new Set(before?.facts.map((fact) => fact.key));
  const added: CallFactInput[] = [];
  for (const fact of change.facts ?? []) {
    if (known.has(fact.key)) continue;
    known.add(fact.key);
    added.push({ key: fact.key, kind: fact.kind, status: fact.status ?? null, at: fact.at, sequence: fact.sequence ?? null, data: fact.data ?? null });
  }
  const changedFields = Object.entries(change.set ?? {}).filter(([field, value]) => !sameValue(before?.[field as keyof CallDocument], value));
  const dropped = new Set((change.dropFacts ?? []).filter((key) => before?.facts.some((fact) => fact.key === key)));
  if (before && added.length === 0 && changedFields.length === 0 && dropped.size === 0) return null;

  const fields: CallFields = { ...(before ?? seedFields(seed)), ...change.set };
  const facts = sortCallFacts([...(before?.facts ?? []).filter((fact) => !dropped.has(fact.key)), ...added]);
  const outcome = deriveCallOutcome(fields.direction, facts);
  let phase: TCallPhase = fields.phase;
  // After a transfer or a resume, the earlier agent's leg still counts as answered: only a new one connects.
  const agentJoined = fields.agentJoinsAtRequest === null || fields.agentJoinsAtRequest === undefined ? outcome.agentAnswered : countAgentJoins(facts) > fields.agentJoinsAtRequest;
  // A caller who hung up while waiting has left the queue, whether or not Twilio's final status has come yet.
  const hungUpWaiting = facts.some((fact) => fact.kind === 'queue-result' && (fact.data as { result?: unknown } | null)?.result === 'hangup');
  if (outcome.ended || (hungUpWaiting && phase === 'queued')) phase = 'ended';
  else if (agentJoined && (phase === 'connecting' || phase === 'queued')) phase = 'connected';
  // Leaving the queue (answered, hung up) closes the offer ringing at an agent's console.
  const ringing = phase === 'queued' ? null : currentOffer(facts);
  if (ringing) facts.push({ key: `offer-ended:${ringing.number}`, kind: 'offer-ended', status: null, at: getStorage().clock.now(), sequence: null, data: null });
  const callbackReason =
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
    callbackId: callbackReason ? callbackTaskId(callSid) : fields.callbackId,
  };
  // A call that looked abandoned until a late callback showed it answered leaves no task behind.
  const staleTask = !callbackReason && outcome.result !== 'voicemail' && fields.callbackId === callbackTaskId(callSid);
  if (staleTask) next.callbackId = null;
  // Only what changed: a field this change did not touch (the association a merge just moved the call to) is not written back.
  const set = before ? Object.fromEntries(Object.entries(next).filter(([field, value]) => !sameValue(before[field as keyof CallDocument], value))) : next;
  return { set, callbackReason, staleTask, result: outcome.result, phase };
}

/** The callback task a call as it now is wants (the one a voicemail left included); null for none. */
function callbackReasonOf(call: CallDocument): 'abandoned' | 'requested' | 'voicemail' | null {
  if (call.callbackId !== callbackTaskId(call._id)) return null;
  if (call.result === 'callback-requested') return 'requested';
  return call.result === 'abandoned' || call.result === 'voicemail' ? call.result : null;
}

/** A call's change as `changeCall` made it; its journal note stays open until `announced` is called. */
export interface ChangedCall {
  before: CallDocument | null;
  after: CallDocument | null;
  changed: boolean;
  /** The change was told to the consoles (or another change told them since): closes its journal note. */
  announced(): void;
}

/** How many later changes of the call one change follows before leaving the rest to their own writers. */
const MAX_CATCH_UPS = 5;

/**
 * Applies one change to a call through its owner (which writes the call log's pages), then what
 * follows from it: the callback task an abandoned call or a callback request leaves (or a late callback takes back),
 * the callback a call serves, the archive. A call we never saw (a lost webhook, a status that
 * outran the REST answer) is started from `seed`, so no callback is ever dropped.
 *
 * Changes of one call never wait for each other; what follows from each is written after it, so two
 * racing changes could write their consequences in the wrong order. Each therefore reads the call
 * again afterwards and, if a later change landed meanwhile, brings the lists and the task it touched
 * in line with the call as it now is: whichever finishes last leaves them as the latest call says.
 */
export async function changeCall(
  callSid: string,
  seed: CallSeed,
  decide: (call: CallDocument | null) => CallChange | undefined,
  publisher: EventPublisher,
  options: { fence?: Fence } = {},
): Promise<ChangedCall> {
  let plan: PlannedCallChange | null = null;
  // Should the node die before what follows the call's write (its lists, its callback task, its
  // archiving, its announcement), the recovery pass writes it from the call (`finishCallChange`).
  const note = openChangeNote(getStorage().journal, CALL_STREAM, callSid, { fence: options.fence });
  const result = await applyCallChange(
    callSid,
    (current) => {
      plan = planCallChange(callSid, seed, current, decide(current));
      return plan?.set ?? null;
    },
    { reason: 'call-change', fence: note.fence, underOpenNote: true },
  ).catch((error: unknown) => note.refused(error));
  const made = plan as PlannedCallChange | null;
  const { before, after } = result;
  if (!result.changed || !after || !made) {
    await note.close();
    return { before, after, changed: false, announced: () => undefined };
  }
  const taskId = callbackTaskId(callSid);
  if (made.callbackReason) await saveCallbackTask(after, made.callbackReason, publisher);
  if (made.staleTask) await dropStaleCallbackTask(taskId, publisher);
  if (made.result === 'answered' && before?.result !== 'answered' && after.servesCallbackId) await completeCallbackTask(after.servesCallbackId, publisher);
  if (made.phase === 'ended' && before?.phase !== 'ended' && !result.archived) {
    await scheduleJob(`${ARCHIVE_CALL_JOB}:${callSid}`, ARCHIVE_CALL_JOB, new Date(getStorage().clock.now().getTime() + CALL_ARCHIVE_DELAY_MS), { callSid });
  }
  let seen = after;
  for (let round = 1; round <= MAX_CATCH_UPS; round += 1) {
    const current = await findLatestCall(callSid);
    if (!current || versionOf(current) === versionOf(seen)) break;
    for (const touched of [before, after]) if (touched) await recordCallInLists(touched, current);
    if (made.callbackReason || made.staleTask) {
      const wanted = callbackReasonOf(current);
      if (wanted) await saveCallbackTask(current, wanted, publisher);
      else if (current.result !== 'voicemail') await dropStaleCallbackTask(taskId, publisher);
    }
    seen = current;
  }
  // The note stays open until the caller has announced the change (most often after a routing pass).
  return { before, after, changed: true, announced: () => void note.close() };
}

/**
 * Writes what a call's change may have left unwritten (its journal note stayed open): the lists kept
 * from calls, the callback task the call as it now is wants (or none), the one it serves completed,
 * its archiving, a change-feed entry, and its agent's presence following it (wrap-up, or back to
 * their chosen state; nothing once they moved on from this call). Idempotent; nothing for a call never stored.
 */
export async function finishCallChange(callSid: string, publisher: EventPublisher): Promise<void> {
  const recent = await CallModel.collection.findOne({ _id: callSid as never });
  const call = (recent ?? (await CallArchiveModel.collection.findOne({ _id: callSid as never }))) as (CallDocument & { lastChange?: CallLastChange }) | null;
  if (!call) return;
  const before = listedBefore(call);
  await recordCallInLists(before, call);
  const wanted = callbackReasonOf(call);
  if (wanted) await saveCallbackTask(call, wanted, publisher);
  else if (call.result !== 'voicemail') await dropStaleCallbackTask(callbackTaskId(callSid), publisher);
  if (call.result === 'answered' && call.servesCallbackId) await completeCallbackTask(call.servesCallbackId, publisher);
  if (call.phase === 'ended' && recent) {
    await scheduleJob(`${ARCHIVE_CALL_JOB}:${callSid}`, ARCHIVE_CALL_JOB, new Date(getStorage().clock.now().getTime() + CALL_ARCHIVE_DELAY_MS), { callSid });
  }
  await publishCall('call.updated', call, publisher);
  // The timeline entry of the link an agent made (found, not added again, when written), on the ticket
  // or the one it was merged into since.
  const linkedTicket = call.ticketId && call.ticketLinkedAt ? await findTicketFollowingMerges(call.ticketId) : null;
  if (linkedTicket) await addCallEntry(linkedTicket._id, call, call.agentId?.toString() ?? null, publisher, callEntryIdOfLink(callSid, call.ticketLinkedAt!));
  // Ticket search indexes the notes as they now are (an agent's save the node died announcing).
  if (call.notes) await recordCallNotesChanged(call, publisher);
  // A missed offer is not counted again: the node may have counted it before it died.
  if (before) await followAgentPresence(before, call, publisher, { countMissedOffer: false });
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
export async function announceCallChange(result: ChangedCall, publisher: EventPublisher) {
  const { before, after } = result;
  if (!result.changed || !after) return;
  if (after.phase === 'queued' && enqueuedCount(after) > enqueuedCount(before)) {
    await publishCall('call.queued', after, publisher, before?.agentId);
  } else if (!before || VISIBLE_FIELDS.some((field) => !sameValue(before[field], after[field])) || !sameValue(dtoOffer(before), dtoOffer(after))) {
    await publishCall('call.updated', after, publisher, before?.agentId);
  }
  if (before) await followAgentPresence(before, after, publisher, { countMissedOffer: true });
  result.announced();
}

/**
 * The agent's presence follows their call: when the call leaves them (it ended, was transferred, or
 * went back to the queue), an agent who talked on it goes to wrap-up; one who never did is back to
 * their chosen state, and a softphone that did not pick up counts as a missed offer.
 */
async function followAgentPresence(before: CallDocument, after: CallDocument, publisher: EventPublisher, { countMissedOffer }: { countMissedOffer: boolean }): Promise<void> {
  const agentId = before.agentId?.toString();
  if (!agentId || before.phase === 'ended' || (after.phase !== 'ended' && sameValue(after.agentId, before.agentId))) return;
  if (before.phase === 'connected' || (after.talkSeconds ?? 0) > 0) {
    await startWrapUp(agentId, after._id, (await getVoiceSettings()).wrapUpSeconds, publisher);
    return;
  }
  await endCallPresence(agentId, after._id, publisher);
  if (countMissedOffer && after.phase === 'queued') await recordMissedOffer(agentId, publisher);
}

export const connectUrl = (twilio: TwilioGateway, agentId: string) => twilio.webhookUrl(`${VOICE_PATHS.connect}?agent=${agentId}`);
