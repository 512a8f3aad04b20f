import mongoose from 'mongoose';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { AppError } from '../../errors.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { ERASED_TEXT } from '@mowakaba/shared/schemas/privacy';
import type { PersonalDataSelector } from '../personal-data-selector.js';
import { TicketEntryModel } from './ticket-entry.model.js';
import { TicketModel, type TicketDocument } from './ticket.model.js';
import { applyTicketChange, TICKET_ENTRIES_ERASED, TICKET_ENTRY_STREAM } from './ticket.store.js';
import { toTicketDto } from './tickets.service.js';
import { addTimelineEntriesToPages } from './timeline-pages.js';

function ticketFilter(selector: PersonalDataSelector): Record<string, unknown> {
  if ('associationId' in selector) return { associationId: new mongoose.Types.ObjectId(selector.associationId) };
  if ('phone' in selector) return { contactPhone: selector.phone };
  return { _id: { $in: selector.ticketIds.map((id) => new mongoose.Types.ObjectId(id)) } };
}

export interface TicketExport {
  ticket: TTicket;
  entries: Array<{ kind: string; body: string; authorId: string | null; createdAt: string }>;
}

/** Every ticket of the association or contact, with its timeline, for a data-subject export. */
export async function listTicketsForExport(selector: PersonalDataSelector): Promise<TicketExport[]> {
  const tickets = await TicketModel.find(ticketFilter(selector)).sort({ createdAt: 1 }).lean<TicketDocument[]>();
  const entries = tickets.length
    ? await TicketEntryModel.find({ ticketId: { $in: tickets.map((ticket) => ticket._id) } }).sort({ createdAt: 1 }).lean()
    : [];
  return tickets.map((ticket) => ({
    ticket: toTicketDto(ticket),
    entries: entries
      .filter((entry) => entry.ticketId.equals(ticket._id))
      .map((entry) => ({
        kind: entry.kind,
        body: entry.body ?? '',
        authorId: entry.authorId?.toString() ?? null,
        createdAt: (entry as { createdAt?: Date }).createdAt?.toISOString() ?? '',
      })),
  }));
}

/**
 * Anonymises tickets through the ticket store (new version, audit entry without the data, change
 * feed, so every console and queue index forgets the old text): subject, description, contact number
 * and custom fields (the portal's name and consent) go, and so do the bodies and data of their
 * timeline entries. Channel, topic, language, region, status, times, SLA and rating stay, so
 * statistics do not move. Returns the ids.
 */
async function anonymiseTickets(filter: Record<string, unknown>, publisher: EventPublisher, actor: { id: string } | null): Promise<{ tickets: number; entries: number; ids: string[] }> {
  const targets = await TicketModel.find({ ...filter, subject: { $ne: ERASED_TEXT } }, { _id: 1 }).lean();
  const ids: string[] = [];
  for (const { _id } of targets) {
    const id = _id.toString();
    const erased = await applyTicketChange(
      id,
      'latest',
      (current) =>
        current.subject === ERASED_TEXT
          ? null
          : { set: { subject: ERASED_TEXT, description: '', contactPhone: null, custom: {} }, changes: [{ field: 'personal-data', from: null, to: 'erased' }], timeline: [] },
      { actor, publisher, reason: 'personal-data-erasure' },
    ).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return null;
      throw error;
    });
    if (erased) ids.push(id);
  }
  const entries = ids.length
    ? await TicketEntryModel.updateMany(
        { ticketId: { $in: targets.map((target) => target._id) } },
        { $set: { body: '', data: null } },
      )
    : { modifiedCount: 0 };
  // The timeline pages keep each entry's text with its key: they forget it too.
  if (ids.length) await addTimelineEntriesToPages(await TicketEntryModel.find({ ticketId: { $in: targets.map((target) => target._id) } }).lean());
  return { tickets: ids.length, entries: entries.modifiedCount ?? 0, ids };
}

/** The ids of every ticket of the association or contact, erased ones included (read before an erasure: it clears the number). */
export async function findTicketIdsOf(selector: PersonalDataSelector): Promise<string[]> {
  const tickets = await TicketModel.find(ticketFilter(selector), { _id: 1 }).lean();
  return tickets.map((ticket) => ticket._id.toString());
}

/** Erasure on request: every ticket of the association or contact. */
export function eraseTicketsPersonalData(selector: PersonalDataSelector, publisher: EventPublisher, actor: { id: string } | null) {
  return anonymiseTickets(ticketFilter(selector), publisher, actor);
}

/** Retention: closed tickets closed before `cutoff`. */
export function eraseClosedTicketsPersonalDataBefore(cutoff: Date, publisher: EventPublisher) {
  return anonymiseTickets({ status: 'closed', closedAt: { $lt: cutoff } }, publisher, null);
}

/** Retention: tickets opened from the public portal before `cutoff`, whatever their status. */
export function erasePortalTicketsPersonalDataBefore(cutoff: Date, publisher: EventPublisher) {
  return anonymiseTickets({ tags: 'portal', createdAt: { $lt: cutoff } }, publisher, null);
}

/** Retention of message bodies: the timeline copies of messages received or sent before `cutoff`. */
export async function eraseMessageEntriesBefore(cutoff: Date, publisher: EventPublisher): Promise<number> {
  const expired = await TicketEntryModel.find({ kind: 'message', createdAt: { $lt: cutoff }, body: { $ne: '' } }).lean();
  if (expired.length === 0) return 0;
  const result = await TicketEntryModel.updateMany({ _id: { $in: expired.map((entry) => entry._id) } }, { $set: { body: '' } });
  await addTimelineEntriesToPages(expired.map((entry) => ({ ...entry, body: '' })));
  const byTicket = new Map<string, string[]>();
  for (const entry of expired) byTicket.set(entry.ticketId.toString(), [...(byTicket.get(entry.ticketId.toString()) ?? []), entry._id.toString()]);
  await publisher.recordChanges(
    [...byTicket].map(([ticketId, entryIds]) => ({ stream: TICKET_ENTRY_STREAM, recordId: ticketId, version: 1, type: TICKET_ENTRIES_ERASED, payload: { ticketId, entryIds }, rooms: [] })),
  );
  return result.modifiedCount ?? 0;
}
