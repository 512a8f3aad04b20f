import mongoose from 'mongoose';
import type { TAssociation } from '../../../../shared/src/schemas/associations.js';
import type { TAssociationTimelineItem } from '../../../../shared/src/schemas/timeline.js';
import { readPage, toSortDocument, type SortKey } from '../../database/cursor.js';
import { withLock } from '../../database/with-lock.js';
import { AppError, notFound } from '../../errors.js';
import { TicketAuditModel } from '../tickets/ticket-audit.model.js';
import { TicketModel, type TicketDocument } from '../tickets/ticket.model.js';
import { ticketRooms, toTicketDto } from '../tickets/tickets.service.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { AssociationModel, type AssociationDocument } from './association.model.js';
import { toAssociationDto } from './associations.service.js';
import { PhoneEntryModel } from './phone-entry.model.js';

const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', direction: -1 },
  { field: '_id', direction: -1 },
];

/** The association's history, newest first, one page at a time. */
export async function listAssociationTimeline(associationId: string, page: { limit: number; cursor?: string }) {
  if (!(await AssociationModel.exists({ _id: associationId }))) throw notFound('association');
  const result = await readPage(
    (filter, limit) => TicketModel.find(filter).sort(toSortDocument(NEWEST_FIRST)).limit(limit).lean<TicketDocument[]>(),
    { filter: { associationId: new mongoose.Types.ObjectId(associationId) }, sort: NEWEST_FIRST, limit: page.limit, cursor: page.cursor },
  );
  const items: TAssociationTimelineItem[] = result.items.map((ticket) => ({
    kind: 'ticket',
    at: ticket.createdAt.toISOString(),
    ticket: {
      id: ticket._id.toString(),
      reference: ticket.reference,
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      channel: ticket.channel,
    },
  }));
  return { items, nextCursor: result.nextCursor };
}

/**
 * Merges a duplicate association into `targetId`: its tickets, contacts and phone numbers move over
 * and it keeps only a pointer to the target. Every step is idempotent (there are no transactions),
 * so a merge cut short is finished by asking for it again.
 */
export async function mergeAssociations(targetId: string, sourceId: string, publisher: EventPublisher): Promise<TAssociation> {
  if (targetId === sourceId) throw new AppError('conflict', 'an association cannot be merged into itself');
  // Both locks, always in the same order, so two opposite merges cannot wait for each other.
  const [first, second] = [targetId, sourceId].sort();
  return withLock(`association:${first}`, () =>
    withLock(`association:${second}`, async () => {
      const [target, source] = await Promise.all([
        AssociationModel.findById(targetId).lean<AssociationDocument>(),
        AssociationModel.findById(sourceId).lean<AssociationDocument>(),
      ]);
      if (!target) throw notFound('association');
      if (!source) throw new AppError('not_found', 'association to merge not found', { field: 'sourceId' });
      if (target.mergedIntoId) throw new AppError('conflict', 'the target was itself merged into another association');
      if (source.mergedIntoId && !source.mergedIntoId.equals(target._id)) {
        throw new AppError('conflict', 'this association was already merged into another one');
      }

      await AssociationModel.updateOne({ _id: source._id }, { $set: { mergedIntoId: target._id, version: source.version + 1 } });
      await moveTickets(source._id, target, publisher);

      const contacts = mergeContacts(target.contacts, source.contacts);
      const phones = [...new Set(contacts.flatMap((contact) => contact.phones))];
      const merged = await AssociationModel.findByIdAndUpdate(
        target._id,
        { $set: { contacts, phones, version: target.version + 1 } },
        { returnDocument: 'after' },
      ).lean<AssociationDocument>();
      await Promise.all(
        source.phones.map((phone) =>
          withLock(`phone:${phone}`, () =>
            PhoneEntryModel.updateOne(
              { _id: phone },
              { $pull: { associationIds: source._id } },
            ).then(() => PhoneEntryModel.updateOne({ _id: phone }, { $addToSet: { associationIds: target._id } }, { upsert: true })),
          ),
        ),
      );
      return toAssociationDto(merged!);
    }),
  );
}

async function moveTickets(sourceId: mongoose.Types.ObjectId, target: AssociationDocument, publisher: EventPublisher): Promise<void> {
  const tickets = await TicketModel.find({ associationId: sourceId }, { _id: 1 }).lean();
  for (const { _id } of tickets) {
    const moved = await withLock(`ticket:${_id.toString()}`, async () => {
      const ticket = await TicketModel.findById(_id).lean<TicketDocument>();
      if (!ticket?.associationId?.equals(sourceId)) return undefined;
      const updated = await TicketModel.findByIdAndUpdate(
        _id,
        { $set: { associationId: target._id, region: target.region, version: ticket.version + 1 } },
        { returnDocument: 'after' },
      ).lean<TicketDocument>();
      await TicketAuditModel.create({
        ticketId: _id,
        actorId: null,
        changes: [{ field: 'associationId', from: sourceId.toString(), to: target._id.toString() }],
      });
      return toTicketDto(updated!);
    });
    if (moved) await publisher.publish('ticket.updated', { ticket: moved, actorId: null }, ticketRooms(moved));
  }
}

interface StoredContact {
  _id: mongoose.Types.ObjectId;
  name: string;
  role: string;
  phones: string[];
  emails: string[];
}

/** Source contacts join the target's; one who shares a phone with a target contact is folded into them. */
function mergeContacts(targetContacts: StoredContact[], sourceContacts: StoredContact[]): StoredContact[] {
  const copy = (contact: StoredContact): StoredContact => ({
    _id: contact._id,
    name: contact.name,
    role: contact.role,
    phones: [...contact.phones],
    emails: [...contact.emails],
  });
  const merged = targetContacts.map(copy);
  for (const contact of sourceContacts) {
    const same = merged.find((candidate) => candidate.phones.some((phone) => contact.phones.includes(phone)));
    if (same) {
      same.phones = [...new Set([...same.phones, ...contact.phones])];
      same.emails = [...new Set([...same.emails, ...contact.emails])];
    } else if (!merged.some((candidate) => candidate._id.equals(contact._id))) {
      merged.push(copy(contact));
    }
  }
  return merged;
}
