// Twilio's status, agent-leg and dial callbacks, and the connect step that rings the agent who accepted.
import type { TVoiceLanguage } from '@mowakaba/shared/schemas/calls';
import { AppError } from '../../errors.js';
import { DEFAULT_QUEUE } from '../../twilio/voice-twiml.js';
import type { ChangeFeed, FeedFollower } from '../../platform/events/change-feed.js';
import { followEndedWrapUps, type TFinishedWrapUp } from '../presence/presence.service.js';
import { isCallStatus, type CallFactInput } from './call-outcome.js';
import { CallModel, type CallDocument } from './call.model.js';
import { routeWaitingCalls } from './call-routing.service.js';
import { type CallSeed, type CallServiceDeps, announceCallChange, changeCall, enqueuedCount } from './call-record.js';
import { getStorage } from '../../platform/storage/index.js';

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
  }), deps.publisher);
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
  }), deps.publisher);
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
  const now = getStorage().clock.now();
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
  }, deps.publisher);
  await announceCallChange(result, deps.publisher);
  const call = result.after;
  if (answered || !call || call.phase !== 'queued' || !result.changed) {
    // A dial the agent broke off by putting the caller on hold or transferring them: the caller is elsewhere now.
    const movedOn = !!call && call.phase !== 'ended' && (call.onHold || (call.agentJoinsAtRequest !== null && call.phase !== 'connected'));
    return { requeue: null, hangup: !movedOn };
  }
  await routeWaitingCalls(deps);
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
 * An agent's wrap-up after this call is over: its seconds become the call's after-call work (one
 * fact per agent, so a wrap-up reported twice counts once). A call never seen is left alone.
 */
export async function recordAfterCallWork(wrapUp: TFinishedWrapUp, deps: CallServiceDeps) {
  const result = await changeCall(wrapUp.callSid, { direction: 'inbound', from: '', to: '' }, (call) =>
    call ? { facts: [{ key: `wrap-up:${wrapUp.userId}`, kind: 'wrap-up', at: wrapUp.endedAt, data: { seconds: wrapUp.seconds } }] } : undefined,
    deps.publisher,
  );
  await announceCallChange(result, deps.publisher);
}

/** The wrap-ups that end on any node are recorded on their calls (presence does not write calls). */
export function recordAfterCallWorkOfAgents(feed: ChangeFeed, deps: CallServiceDeps): FeedFollower {
  return followEndedWrapUps(feed, (wrapUp) => recordAfterCallWork(wrapUp, deps));
}
