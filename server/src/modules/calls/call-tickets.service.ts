// Calls on tickets: the ticket a call opens, its timeline entry, and the agent's ticket link, disposition and notes.
import type { TContentLanguage, TTopicKey } from '@mowakaba/shared/constants';
import type { TCall, TUpdateCallRequest } from '@mowakaba/shared/schemas/calls';
import { recordingPath } from '@mowakaba/shared/schemas/calls';
import { derivedObjectId } from '../../database/derived-object-id.js';
import { sameValue } from '../../database/same-value.js';
import { getStorage } from '../../platform/storage/index.js';
import { addCallEntry, callEntryIdOfLink } from './call-entry.js';
import { AppError, notFound } from '../../errors.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { findAssociationRecord } from '../associations/association-records.js';
import { findTicketRecord, type TicketDocument } from '../tickets/ticket-records.js';
import { createTicket, type TicketActor, type TicketCreationDeps } from '../tickets/tickets.service.js';
import type { CallDocument } from './call.model.js';
import { applyCallChange } from './call.store.js';
import { assertWorkAccess } from '../../access/access-rule.js';
import { type CallServiceDeps, type CallTimelineState, findStoredCall, publishCall, toCallDto } from './call-record.js';
import { endCallPresence } from '../presence/presence.service.js';
import { assertCallWork } from './call-access.js';
import { recordCallNotesChanged } from './call-notes-feed.js';

const VOICE_SUBJECTS = {
  voicemail: { ar: (name: string | null) => (name ? `رسالة صوتية من ${name}` : 'رسالة صوتية خارج أوقات العمل'), fr: (name: string | null) => (name ? `Message vocal de ${name}` : 'Message vocal hors des heures d’ouverture') },
  call: { ar: (name: string | null) => (name ? `مكالمة من ${name}` : 'مكالمة هاتفية'), fr: (name: string | null) => (name ? `Appel de ${name}` : 'Appel téléphonique') },
};

/** What opening a call's ticket needs: the call's deps and the node's directory, which routes the ticket. */
export type CallTicketDeps = CallServiceDeps & Pick<TicketCreationDeps, 'tickets'>;

export async function openCallTicket(call: CallDocument, kind: 'voicemail' | 'call', actor: TicketActor | null, deps: CallTicketDeps) {
  const language = (call.language as TContentLanguage | null) ?? 'ar';
  const association = call.associationId ? await findAssociationRecord(call.associationId) : null;
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
    { publisher: deps.publisher, tickets: deps.tickets },
    // One ticket of each kind per call: opened again after its node died before linking it, the same one
    // (or the one it was merged into meanwhile, which the merge moved its call entry to).
    { contactPhone: call.phone, association: association ?? undefined, ticketId: derivedObjectId(call.createdAt, `${kind}-ticket:${call._id}`) },
  );
  await addCallEntry(ticket.id, call, actor?.id ?? null, deps.publisher, derivedObjectId(call.createdAt, `call-entry:${kind}-ticket:${call._id}`));
  return ticket;
}

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

/** The agent's notes on a call: its ticket (the suggested one or another), disposition and notes. */
export async function updateCallDetails(callSid: string, request: TUpdateCallRequest, actor: TicketActor, deps: CallServiceDeps): Promise<TCall> {
  const target = request.ticketId ? await findTicketRecord(request.ticketId) : null;
  if (request.ticketId && !target) throw new AppError('not_found', 'ticket not found', { field: 'ticketId' });
  // Linking puts the call on the ticket's timeline: the ticket must be the agent's to work too.
  if (target) await assertWorkAccess(actor, { personIds: [target.assigneeId], teamIds: [target.teamId] }, 'this ticket belongs to another team');
  const stored = await findStoredCall(callSid);
  if (!stored) throw notFound('call');
  await assertCallWork(stored.call, actor);
  let relinked = false;
  const linkedAt = getStorage().clock.now();
  const changed = await applyCallChange(
    callSid,
    (call) => {
      if (!call) throw notFound('call');
      // Access was judged on the call's agent and team: a call that went to someone else meanwhile is judged again.
      if (!sameValue(call.agentId, stored.call.agentId) || !sameValue(call.teamId, stored.call.teamId)) {
        throw new AppError('conflict', 'the call changed hands since you loaded it; try again');
      }
      const set: Record<string, unknown> = {};
      if (request.disposition !== undefined) set.disposition = request.disposition;
      if (request.notes !== undefined) set.notes = request.notes;
      relinked = request.ticketId !== undefined && call.ticketId?.toString() !== request.ticketId;
      if (relinked) Object.assign(set, { ticketId: request.ticketId, suggestedTicketId: null, ticketLinkedAt: linkedAt });
      return Object.keys(set).length > 0 ? set : null;
    },
    { actor, reason: 'agent-details' },
    async ({ after }) => {
      if (relinked) await addCallEntry(request.ticketId!, after!, actor.id, deps.publisher, callEntryIdOfLink(callSid, linkedAt));
      if (request.notes !== undefined || relinked) await recordCallNotesChanged(after!, deps.publisher);
      await publishCall('call.updated', after!, deps.publisher);
    },
  );
  const updated = changed.after!;
  // The saved disposition ends the agent's after-call work on this call (not while they still talk on it).
  const stillTalking = updated.phase !== 'ended' && updated.agentId?.toString() === actor.id;
  if (request.disposition !== undefined && !stillTalking) await endCallPresence(actor.id, callSid, deps.publisher);
  return toCallDto(updated);
}
