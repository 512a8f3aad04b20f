// The softphone's controls: hold, resume, transfer to a team, hang up.
import type { TCall, TCallConflictDetails, TCallControlRequest, TVoiceLanguage } from '@mowakaba/shared/schemas/calls';
import { sameValue } from '../../database/same-value.js';
import { AppError, notFound } from '../../errors.js';
import { TwilioRequestError } from '../../twilio/twilio-gateway.js';
import { VOICE_PATHS } from '../../twilio/voice-twiml.js';
import { findTeamRecord } from '../teams/teams.service.js';
import type { TicketActor } from '../tickets/tickets.service.js';
import type { CallFactInput } from './call-outcome.js';
import type { CallDocument } from './call.model.js';
import { type CallFields, type CallSeed, type CallServiceDeps, announceCallChange, changeCall, connectUrl, countAgentJoins, enqueuedCount, findStoredCall, toCallDto } from './call-record.js';
import { routeWaitingCalls } from './call-routing.service.js';
import { simulatedControlFacts } from './simulated-called-party.js';
import { getStorage } from '../../platform/storage/index.js';

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
  const team = request.action === 'transfer' ? await findTeamRecord(request.teamId) : null;
  if (request.action === 'transfer' && !team) throw new AppError('not_found', 'team not found', { field: 'teamId' });
  const now = getStorage().clock.now();
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
  }, deps.publisher);
  try {
    if (instruction && 'url' in instruction) await deps.twilio.redirectCall(callSid, instruction.url);
    else await deps.twilio.endCall(callSid);
  } catch (error) {
    // Undone only while the call still holds what this control set: a colleague may have accepted the transferred caller meanwhile.
    const reverted = await changeCall(callSid, seed, (call) => ({
      facts: [{ key: `control-failed:${now.getTime()}`, kind: 'control-failed', status: request.action, at: getStorage().clock.now() }],
      set: call && Object.entries(applied).every(([field, value]) => sameValue(call[field as keyof CallFields], value)) ? undo : {},
      // Twilio never moved the caller: the transfer did not put them in a queue.
      dropFacts: transferFact ? [transferFact] : [],
    }), deps.publisher);
    await announceCallChange(reverted, deps.publisher);
    result.announced();
    throw new AppError('service_unavailable', 'Twilio could not change the call', { twilioCode: error instanceof TwilioRequestError ? error.code : null });
  }
  await announceCallChange(result, deps.publisher);
  if (request.action === 'transfer') await routeWaitingCalls(deps);
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
