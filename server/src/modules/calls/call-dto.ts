// A call as it leaves the server (the API, the consoles, the call log's pages): one shape, from the record alone.
import type mongoose from 'mongoose';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { recordingPath } from '@mowakaba/shared/schemas/calls';
import { currentOffer } from './call-offer.js';
import type { CallDocument } from './call.model.js';

/** The offer ringing now, as consoles see it: only while the caller waits in a queue. */
export function dtoOffer(call: CallDocument): TCall['offer'] {
  const offer = call.phase === 'queued' ? currentOffer(call.facts) : null;
  return offer ? { agentId: offer.agentId, expiresAt: offer.expiresAt.toISOString() } : null;
}

export const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);
export const idOf = (value: mongoose.Types.ObjectId | null | undefined) => value?.toString() ?? null;

/** The call as the API, the consoles and the call log show it. */
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
