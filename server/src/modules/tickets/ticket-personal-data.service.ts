import mongoose from 'mongoose';
import type { TTicket } from '../../../../shared/src/schemas/tickets.js';
import { withLock } from '../../database/with-lock.js';
import { ERASED_TEXT, type PersonalDataSelector } from '../personal-data-selector.js';
import { TicketEntryModel } from './ticket-entry.model.js';
import { TicketModel, type TicketDocument } from './ticket.model.js';
import { toTicketDto } from './tickets.service.js';

function ticketFilter(selector: PersonalDataSelector): Record<string, unknown> {
  return 'associationId' in selector
    ? { associationId: new mongoose.Types.ObjectId(selector.associationId) }
    : { contactPhone: selector.phone };
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
 * Anonymises tickets: subject, description, contact number and custom fields (the portal's name
 * and consent) go, and so do the bodies and data of their timeline entries. Channel, topic,
 * language, region, status, times, SLA and rating stay, so statistics do not move. Returns the ids.
 */
async function anonymiseTickets(filter: Record<string, unknown>): Promise<{ tickets: number; entries: number; ids: string[] }> {
  const targets = await TicketModel.find({ ...filter, subject: { $ne: ERASED_TEXT } }, { _id: 1 }).lean();
  const ids: string[] = [];
  for (const { _id } of targets) {
    const id = _id.toString();
    await withLock(`ticket:${id}`, async () => {
      const current = await TicketModel.findById(_id).lean<TicketDocument>();
      if (!current) return;
      await TicketModel.updateOne(
        { _id },
        { $set: { subject: ERASED_TEXT, description: '', contactPhone: null, custom: {}, version: current.version + 1 } },
      );
    });
    ids.push(id);
  }
  const entries = ids.length
    ? await TicketEntryModel.updateMany(
        { ticketId: { $in: targets.map((target) => target._id) } },
        { $set: { body: '', data: null } },
      )
    : { modifiedCount: 0 };
  return { tickets: ids.length, entries: entries.modifiedCount ?? 0, ids };
}

/** Erasure on request: every ticket of the association or contact. */
export function eraseTicketsPersonalData(selector: PersonalDataSelector) {
  return anonymiseTickets(ticketFilter(selector));
}

/** Retention: closed tickets closed before `cutoff`. */
export function eraseClosedTicketsPersonalDataBefore(cutoff: Date) {
  return anonymiseTickets({ status: 'closed', closedAt: { $lt: cutoff } });
}

/** Retention: tickets opened from the public portal before `cutoff`, whatever their status. */
export function erasePortalTicketsPersonalDataBefore(cutoff: Date) {
  return anonymiseTickets({ tags: 'portal', createdAt: { $lt: cutoff } });
}

/** Retention of message bodies: the timeline copies of messages received or sent before `cutoff`. */
export async function eraseMessageEntriesBefore(cutoff: Date): Promise<number> {
  const result = await TicketEntryModel.updateMany({ kind: 'message', createdAt: { $lt: cutoff }, body: { $ne: '' } }, { $set: { body: '' } });
  return result.modifiedCount ?? 0;
}
