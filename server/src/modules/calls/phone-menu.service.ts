// The caller's side before an agent: arrival, menu choices, the queue, the callback key, voicemail recordings.
import mongoose from 'mongoose';
import type { TContentLanguage, TTopicKey } from '@mowakaba/shared/constants';
import type { TVoiceLanguage } from '@mowakaba/shared/schemas/calls';
import { getStorage } from '../../platform/storage/index.js';
import { DEFAULT_QUEUE } from '../../twilio/voice-twiml.js';
import { lookupAssociationsByPhone } from '../associations/phone-directory.js';
import { getSlaContext } from '../sla/sla.service.js';
import { getTeams } from '../teams/teams.service.js';
import { chooseTeam } from '../tickets/ticket-routing.js';
import { deriveCallOutcome, type CallFactInput } from './call-outcome.js';
import { CallModel, type CallDocument } from './call.model.js';
import { type CallFields, type CallSeed, type CallServiceDeps, announceCallChange, changeCall, publishCall, connectUrl, enqueuedCount, findStoredCall, phoneFromAddress, seedFields } from './call-record.js';
import { callbackTaskId, saveCallbackTask } from './callback-task.store.js';
import { applyCallChange, createNewCall } from './call.store.js';
import { openCallTicket, type CallTicketDeps } from './call-tickets.service.js';
import { currentOffer } from './call-offer.js';
import { routeWaitingCalls } from './call-routing.service.js';
import { recordCallInWaitingList } from './waiting-calls.js';

/**
 * A call arrives: who is calling (caller ID through the phone directory), whether the center is open
 * (the SLA's business calendar), and the call's record. A redelivered webhook finds the record made
 * the first time.
 */
export async function startIncomingCall(callSid: string, seed: CallSeed, now: Date) {
  const phone = phoneFromAddress(seed.from);
  const arrival = Promise.all([phone ? lookupAssociationsByPhone(phone) : undefined, getSlaContext()]).then(([lookup, slaContext]) => ({
    match: lookup?.matches[0],
    open: slaContext.calendar.isOpenAt(now),
  }));
  const call = arrival.then(({ match, open }) => {
    const fields: CallFields = {
      ...seedFields(seed),
      associationId: match ? new mongoose.Types.ObjectId(match.association.id) : null,
      contactId: match ? new mongoose.Types.ObjectId(match.contact.id) : null,
      phase: open ? 'menu' : 'voicemail',
    };
    const facts: CallFactInput[] = [{ key: 'status:ringing:incoming', kind: 'status', status: 'ringing', at: now, sequence: null, data: null }];
    if (!open) facts.push({ key: 'voicemail-offered', kind: 'voicemail-offered', status: null, at: now, sequence: null, data: null });
    const outcome = deriveCallOutcome('inbound', facts);
    const createdAt = getStorage().clock.now();
    return { ...fields, facts, status: outcome.status, statusTimes: outcome.statusTimes, createdAt, updatedAt: createdAt };
  });
  await createNewCall(callSid, call);
  const { match, open } = await arrival;
  return { open, association: match ? match.association.name : null };
}

/**
 * The caller chose a language and a topic: the call joins the queue of the team the menu key names,
 * else of the team skilled in both (else in the language, else the topic; the default queue when
 * none is), and consoles hear of it.
 */
export async function enqueueCall(
  callSid: string,
  seed: CallSeed,
  choice: { language: TVoiceLanguage; topic: TTopicKey; teamId: string | null },
  deps: CallServiceDeps,
): Promise<{ queue: string }> {
  const chosenTeam = choice.teamId ? (await getTeams()).find((team) => team._id.toString() === choice.teamId) : undefined;
  const team = chosenTeam ?? (await chooseTeam(choice.language as TContentLanguage, choice.topic));
  const queue = team ? `team-${team._id.toString()}` : DEFAULT_QUEUE;
  const now = getStorage().clock.now();
  const result = await changeCall(callSid, seed, (call) => {
    if (call?.phase === 'ended') return undefined;
    return {
      facts: [{ key: `enqueued:${enqueuedCount(call) + 1}`, kind: 'enqueued', at: now, data: { queue, language: choice.language, topic: choice.topic } }],
      set: { language: choice.language, topic: choice.topic, teamId: team?._id ?? null, queue, phase: 'queued', queuedAt: call?.queuedAt ?? now },
    };
  }, deps.publisher);
  await announceCallChange(result, deps.publisher);
  await routeWaitingCalls(deps);
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
    const now = getStorage().clock.now();
    const result = await changeCall(callSid, seed, (current) =>
      current ? undefined : { facts: [{ key: 'enqueued:1', kind: 'enqueued', at: now, data: { queue: DEFAULT_QUEUE } }], set: { phase: 'queued', queue: DEFAULT_QUEUE, queuedAt: now } },
      deps.publisher,
    );
    await announceCallChange(result, deps.publisher);
    await routeWaitingCalls(deps);
    return { redirectTo: null };
  }
  if (deps.twilio.simulated && call.phase === 'connecting' && call.agentId) {
    return { redirectTo: connectUrl(deps.twilio, call.agentId.toString()) };
  }
  // A caller nobody is ringing is routed again at each poll: a routing pass that failed, or an agent who became available on another node.
  // The call is listed again first, in case the write that listed it was lost (this changes nothing when it is listed).
  if (call.phase === 'queued' && !currentOffer(call.facts)) {
    await recordCallInWaitingList(null, call);
    await routeWaitingCalls(deps);
  }
  return { redirectTo: null };
}

/** The caller pressed the key for a callback while waiting; they leave the queue next. */
export async function requestCallback(callSid: string, seed: CallSeed, deps: CallServiceDeps): Promise<void> {
  const now = getStorage().clock.now();
  const result = await changeCall(callSid, seed, () => ({ facts: [{ key: 'callback-requested', kind: 'callback-requested', at: now }] }), deps.publisher);
  await announceCallChange(result, deps.publisher);
}

/** The Enqueue action: how the caller left the queue (bridged, redirected to an agent, hung up, left) and after how long. */
export async function recordQueueResult(callSid: string, seed: CallSeed, queueResult: string, queueTime: number | null, deps: CallServiceDeps) {
  const now = getStorage().clock.now();
  const result = await changeCall(callSid, seed, () => ({
    facts: [{ key: `queue-result:${queueResult}`, kind: 'queue-result', status: queueResult, at: now, data: { result: queueResult, queueTime } }],
  }), deps.publisher);
  await announceCallChange(result, deps.publisher);
}

/**
 * A recording is ready. A voicemail opens a ticket (once, whatever the order of callbacks) and a
 * callback task tied to it.
 */
export async function recordRecording(
  callSid: string,
  seed: CallSeed,
  recording: { sid: string; url: string; status: string; duration: number | null; kind: 'voicemail' | 'conversation' },
  deps: CallTicketDeps,
) {
  const now = getStorage().clock.now();
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
  }), deps.publisher);
  if (result.after?.result === 'voicemail' && !result.after.ticketId) {
    // A redelivered callback changed nothing, so the recording's note is closed: the link is announced under its own.
    if (!result.changed) {
      await openVoicemailTicket(callSid, deps, { announce: true });
      return;
    }
    result.after = await openVoicemailTicket(callSid, deps, { announce: false });
  }
  await announceCallChange(result, deps.publisher);
}

/** For the recovery pass: a voicemail whose node died before its ticket opened gets it now, announced. */
export async function openMissingVoicemailTicket(callSid: string, deps: CallTicketDeps): Promise<void> {
  const stored = await findStoredCall(callSid);
  if (stored?.call.result === 'voicemail' && !stored.call.ticketId) await openVoicemailTicket(callSid, deps, { announce: true });
}

/**
 * Opens a voicemail's ticket and callback task, linked to the call. Under the recording's change
 * (its journal note open until it is announced) unless `announce`: then the link is journaled and
 * announced here.
 */
async function openVoicemailTicket(callSid: string, deps: CallTicketDeps, { announce }: { announce: boolean }): Promise<CallDocument | null> {
  // Held while the ticket is opened, so two recording callbacks of one voicemail open one ticket.
  return getStorage().withMutex([`voicemail-ticket:${callSid}`], async (fence) => {
    const stored = await findStoredCall(callSid);
    if (!stored || stored.call.ticketId) return stored?.call ?? null;
    const ticket = await openCallTicket(stored.call, 'voicemail', null, deps);
    const linked = await applyCallChange(
      callSid,
      (call) => (call ? { ticketId: ticket.id, callbackId: callbackTaskId(callSid) } : null),
      { reason: 'voicemail-ticket', fence, underOpenNote: !announce },
      async ({ after }) => {
        await saveCallbackTask(after!, 'voicemail', deps.publisher);
        if (announce) await publishCall('call.updated', after!, deps.publisher);
      },
    );
    return linked.after;
  }, { ttlMs: 30_000 });
}
