// Calling an association back from a ticket or a callback task, and the simulated called party.
import mongoose from 'mongoose';
import type { TCall, TPlaceCallRequest, TVoiceLanguage } from '@mowakaba/shared/schemas/calls';
import { scheduleJob, type JobHandler } from '../../jobs/job-runner.js';
import { AppError } from '../../errors.js';
import { getStorage } from '../../platform/storage/index.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { TwilioRequestError } from '../../twilio/twilio-gateway.js';
import { VOICE_PATHS } from '../../twilio/voice-twiml.js';
import { findTicketRecord, type TicketDocument } from '../tickets/ticket-records.js';
import type { TicketActor } from '../tickets/tickets.service.js';
import { CallbackTaskModel, type CallbackTaskDocument } from './callback-task.model.js';
import { assertWorkAccess } from '../../access/access-rule.js';
import { SIMULATED_ANSWER_DELAY_MS, SIMULATED_PARTY_JOB, SIMULATED_RING_DELAY_MS, placedCallFacts, simulatedPartyStep, type SimulatedPartyStep } from './simulated-called-party.js';
import { type CallServiceDeps, announceCallChange, changeCall, findStoredCall, publishCall, toCallDto } from './call-record.js';
import { applyCallbackTaskChange } from './callback-task.store.js';
import { startCallPresence } from '../presence/presence.service.js';
import { addCallEntry, callEntryIdOfLink } from './call-entry.js';

/** How long a claim taken before dialling holds without news of the dial (Twilio's REST API answers well within it). */
const DIAL_CLAIM_MS = 60_000;

/**
 * Claims an open callback task for the agent about to dial it: 409 when it is closed, or another agent
 * is dialling it or still on the call back. Of two agents claiming at once, exactly one wins: the
 * claim is a versioned change, and the second sees the first one's claim.
 */
async function claimCallbackTask(taskId: string, actor: TicketActor, publisher: EventPublisher): Promise<CallbackTaskDocument> {
  const seen = await CallbackTaskModel.findById(taskId).lean<CallbackTaskDocument>();
  if (!seen) throw new AppError('not_found', 'callback task not found', { field: 'callbackId' });
  const lastCall = seen.lastCallSid ? await findStoredCall(seen.lastCallSid) : null;
  const now = getStorage().clock.now();
  const claimed = await applyCallbackTaskChange(
    taskId,
    'latest',
    (task) => {
      if (task.status !== 'open') throw new AppError('conflict', 'this callback task is already closed', { resolution: task.resolution ?? null });
      const dialing = task.dialingSince && now.getTime() - new Date(task.dialingSince).getTime() < DIAL_CLAIM_MS;
      // A call placed since we looked (another lastCallSid) is someone else's call back, still going.
      const calling = task.lastCallSid !== seen.lastCallSid || (lastCall !== null && lastCall.call.phase !== 'ended');
      if (dialing || calling) throw new AppError('conflict', 'another agent is already calling this caller back', { callSid: task.lastCallSid ?? null });
      return { dialingById: actor.id, dialingSince: now };
    },
    { actor, reason: 'claim', publisher },
  );
  if (!claimed) throw new AppError('not_found', 'callback task not found', { field: 'callbackId' });
  return claimed.after;
}

/** Lets go of a claimed task: with the call placed (`callSid`, one more attempt), or after Twilio refused it. */
async function releaseCallbackTask(taskId: string, callSid: string | null, actor: TicketActor, publisher: EventPublisher): Promise<void> {
  await applyCallbackTaskChange(
    taskId,
    'latest',
    (task) => ({ ...(callSid ? { attempts: task.attempts + 1, lastCallSid: callSid } : {}), dialingById: null, dialingSince: null }),
    { actor, reason: callSid ? 'dialled' : 'dial-refused', publisher },
  );
}

/**
 * Calls an association back from a ticket or a callback task, from the center's number: Twilio rings
 * the association, says who is calling, then rings the agent's softphone.
 */
export async function placeOutboundCall(request: TPlaceCallRequest, actor: TicketActor, deps: CallServiceDeps): Promise<TCall> {
  const found = request.callbackId ? await CallbackTaskModel.findById(request.callbackId).lean<CallbackTaskDocument>() : null;
  if (request.callbackId && !found) throw new AppError('not_found', 'callback task not found', { field: 'callbackId' });
  const ticketId = request.ticketId ?? found?.ticketId?.toString();
  const ticket = ticketId ? await findTicketRecord(ticketId) : null;
  if (ticketId && !ticket) throw new AppError('not_found', 'ticket not found', { field: 'ticketId' });
  await assertWorkAccess(actor, { personIds: [ticket?.assigneeId], teamIds: [found?.teamId, ticket?.teamId] }, 'this ticket or callback belongs to another team');
  const phone = (request.ticketId ? ticket?.contactPhone : (found?.phone ?? ticket?.contactPhone)) ?? null;
  if (!phone) throw new AppError('conflict', 'there is no phone number to call back');
  const language: TVoiceLanguage = ticket?.language === 'fr' ? 'fr' : ticket?.language === 'zgh' ? 'zgh' : 'ar';
  const query = new URLSearchParams({ agent: actor.id, lang: language, ...(ticket ? { ref: ticket.reference } : {}) });

  // Two agents pressing "call back" at once: only the one who claims the task dials.
  const task = found ? await claimCallbackTask(found._id, actor, deps.publisher) : null;
  let sid: string;
  try {
    sid = (await deps.twilio.placeCall({ to: phone, url: deps.twilio.webhookUrl(`${VOICE_PATHS.outbound}?${query.toString()}`) })).sid;
  } catch (error) {
    if (task) await releaseCallbackTask(task._id, null, actor, deps.publisher);
    throw new AppError('service_unavailable', 'Twilio refused the call', { twilioCode: error instanceof TwilioRequestError ? error.code : null });
  }
  const now = getStorage().clock.now();
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
      ticketLinkedAt: ticket ? now : null,
      servesCallbackId: task?._id ?? null,
      simulated: deps.twilio.simulated,
      phase: 'connecting',
    },
  }), deps.publisher);
  if (task) await releaseCallbackTask(task._id, sid, actor, deps.publisher);
  await startCallPresence(actor.id, sid, deps.publisher);
  if (ticket) await addCallEntry(ticket._id, result.after!, actor.id, deps.publisher, callEntryIdOfLink(sid, now));
  if (deps.twilio.simulated) await scheduleSimulatedParty(sid, now);
  await publishCall('call.updated', result.after!, deps.publisher);
  result.announced();
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
    const now = getStorage().clock.now();
    const result = await changeCall(callSid, { direction: 'outbound', from: '', to: '' }, (call) => {
      const facts = call ? simulatedPartyStep(call, step, now) : [];
      return facts.length > 0 ? { facts } : undefined;
    }, deps.publisher);
    await announceCallChange(result, deps.publisher);
  };
}
