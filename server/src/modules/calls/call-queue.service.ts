// Taking a waiting caller out of the queue.
import mongoose from 'mongoose';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { AppError, notFound } from '../../errors.js';
import { TwilioRequestError } from '../../twilio/twilio-gateway.js';
import type { LiveTicketDirectory } from '../tickets/live-ticket-directory.js';
import { findOpenTicketOfAssociation, type TicketActor } from '../tickets/tickets.service.js';
import type { CallDocument } from './call.model.js';
import { applyCallChange } from './call.store.js';
import { getVisibility, isVisible } from '../../access/access-rule.js';
import { type CallServiceDeps, announceCallChange, changeCall, connectUrl, publishCall, toCallDto } from './call-record.js';
import { startCallPresence } from '../presence/presence.service.js';
import { currentOffer } from './call-offer.js';
import { routeWaitingCalls } from './call-routing.service.js';
import { openCallTicket } from './call-tickets.service.js';
import { getStorage } from '../../platform/storage/index.js';

/**
 * An agent answers the caller ringing at their console (a supervisor may pick any waiting caller):
 * only one can (a versioned change of the call), then Twilio moves exactly that caller out of the queue to a
 * TwiML that rings exactly that agent's softphone, and the agent is busy. The call is tied to a
 * ticket: an open ticket of the association is suggested, otherwise one is opened.
 */
export async function acceptQueuedCall(callSid: string, actor: TicketActor, deps: CallServiceDeps, tickets: LiveTicketDirectory): Promise<TCall> {
  // Judged on the call as the versioned change reads it (no read of its own): who may see the
  // actor's work, and the directory, readied first, that suggests the association's open ticket.
  const [visibility] = await Promise.all([getVisibility(actor), tickets.ensureLoaded().then(() => tickets.settled())]);
  const now = getStorage().clock.now();
  const accepted = await changeCall(callSid, { direction: 'inbound', from: '', to: '' }, (call) => {
    if (!call) throw notFound('call');
    // A waiting caller has no agent yet: the queue's team (or every agent, for a call in no team) may take it.
    if (!isVisible(visibility, { personIds: [], teamIds: [call.teamId] })) throw new AppError('forbidden', 'this call waits in another team\'s queue');
    if (call.phase !== 'queued') throw new AppError('conflict', 'this call is no longer waiting in a queue', { phase: call.phase });
    // Agents answer the call offered to them; supervisors still see the whole queue and may pick from it.
    if (actor.role === 'agent' && currentOffer(call.facts)?.agentId !== actor.id) {
      throw new AppError('conflict', 'this call is not ringing for you: it is offered to one available agent at a time', { phase: call.phase });
    }
    const count = call.facts.filter((fact) => fact.kind === 'accepted').length;
    // The association's open ticket is suggested in the same write; a new ticket is opened only once
    // Twilio moved the caller (linkAcceptedCall), so a failed move leaves none behind.
    const suggested = call.ticketId || call.suggestedTicketId || !call.associationId ? null : tickets.directory.latestActiveTicketOf(call.associationId.toString());
    return {
      facts: [{ key: `accepted:${count + 1}`, kind: 'accepted', at: now, data: { agentId: actor.id } }],
      set: { phase: 'connecting', agentId: new mongoose.Types.ObjectId(actor.id), ...(suggested ? { suggestedTicketId: new mongoose.Types.ObjectId(suggested) } : {}) },
    };
  }, deps.publisher);
  try {
    await deps.twilio.redirectCall(callSid, connectUrl(deps.twilio, actor.id));
  } catch (error) {
    const reverted = await changeCall(callSid, { direction: 'inbound', from: '', to: '' }, (call) =>
      call && call.phase === 'connecting' && call.agentId?.toString() === actor.id
        ? { facts: [{ key: `accept-failed:${now.getTime()}`, kind: 'accept-failed', at: getStorage().clock.now() }], set: { phase: 'queued' } }
        : undefined,
      deps.publisher,
    );
    await announceCallChange(reverted, deps.publisher);
    // Undone and announced as undone: the acceptance needs no announcement of its own.
    accepted.announced();
    await routeWaitingCalls(deps);
    const code = error instanceof TwilioRequestError ? error.code : null;
    throw new AppError('service_unavailable', 'Twilio could not move the call to you; it is back in the queue', { twilioCode: code });
  }
  await startCallPresence(actor.id, callSid, deps.publisher);
  const linked = await linkAcceptedCall(accepted.after!, actor, deps, tickets);
  await publishCall('call.updated', linked, deps.publisher);
  accepted.announced();
  return toCallDto(linked);
}

async function linkAcceptedCall(call: CallDocument, actor: TicketActor, deps: CallServiceDeps, tickets: LiveTicketDirectory): Promise<CallDocument> {
  if (call.ticketId || call.suggestedTicketId) return call;
  const open = call.associationId ? await findOpenTicketOfAssociation(call.associationId.toString(), tickets) : null;
  const set = open ? { suggestedTicketId: new mongoose.Types.ObjectId(open) } : { ticketId: new mongoose.Types.ObjectId((await openCallTicket(call, 'call', actor, { ...deps, tickets })).id) };
  // The acceptance's journal note stays open until the linked call is announced.
  const linked = await applyCallChange(call._id, (current) => (current ? set : null), { actor, reason: 'accepted-call-ticket', underOpenNote: true });
  return linked.after ?? call;
}
