import mongoose from 'mongoose';
import type { TAssociation } from '@mowakaba/shared/schemas/associations';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { getStorage } from '../../platform/storage/index.js';
import { sameValue } from '../../database/same-value.js';
import { AppError, notFound } from '../../errors.js';
import { moveAssociationCalls } from '../calls/calls.service.js';
import { moveAssociationMessages } from '../messages/message-records.js';
import { applyTicketChange, listTicketIdsOfAssociation } from '../tickets/ticket.store.js';
import { toAssociationDto } from './association-dto.js';
import { AssociationModel, type AssociationDocument } from './association.model.js';
import { moveAssociationHistory } from './association-history-pages.js';
import { applyAssociationChange } from './association.store.js';

/**
 * Merges a duplicate association into `targetId`: its tickets, contacts and phone numbers move over
 * and it keeps only a pointer to the target. Both associations are held for the whole merge; every
 * step is idempotent (there are no transactions on the embedded database), so a merge cut short is
 * finished by asking for it again.
 */
export async function mergeAssociations(targetId: string, sourceId: string, publisher: EventPublisher): Promise<TAssociation> {
  if (targetId === sourceId) throw new AppError('conflict', 'an association cannot be merged into itself');
  if (!mongoose.isValidObjectId(targetId)) throw notFound('association');
  return getStorage().withMutex([`association:${targetId}`, `association:${sourceId}`], async (fence) => {
    const [target, source] = await Promise.all([
      AssociationModel.findById(targetId).lean<AssociationDocument>(),
      mongoose.isValidObjectId(sourceId) ? AssociationModel.findById(sourceId).lean<AssociationDocument>() : null,
    ]);
    if (!target) throw notFound('association');
    if (!source) throw new AppError('not_found', 'association to merge not found', { field: 'sourceId' });
    if (target.mergedIntoId) throw new AppError('conflict', 'the target was itself merged into another association');
    if (source.mergedIntoId && !source.mergedIntoId.equals(target._id)) {
      throw new AppError('conflict', 'this association was already merged into another one');
    }

    await applyAssociationChange(sourceId, 'latest', (current) => (current.mergedIntoId ? null : { mergedIntoId: target._id }), {
      publisher,
      reason: 'merge',
      fence,
    });
    await moveTickets(source._id, target, publisher);
    // Calls, messages and callback tasks follow, so the target's history is whole.
    await moveAssociationCalls(source._id, target._id, publisher, fence);
    await moveAssociationMessages(source._id, target._id);
    await moveAssociationHistory(source._id.toString(), target._id.toString());

    const merged = await applyAssociationChange(
      targetId,
      'latest',
      (current) => {
        const contacts = mergeContacts(current.contacts, source.contacts);
        const phones = [...new Set(contacts.flatMap((contact) => contact.phones))];
        return sameValue(contacts, current.contacts) ? null : { contacts, phones };
      },
      { publisher, reason: 'merge', fence },
    );
    return toAssociationDto(merged.after);
  });
}

async function moveTickets(sourceId: mongoose.Types.ObjectId, target: AssociationDocument, publisher: EventPublisher): Promise<void> {
  for (const ticketId of await listTicketIdsOfAssociation(sourceId.toString())) {
    await applyTicketChange(
      ticketId,
      'latest',
      (ticket) =>
        ticket.associationId?.equals(sourceId)
          ? {
              set: { associationId: target._id, region: target.region },
              changes: [{ field: 'associationId', from: sourceId.toString(), to: target._id.toString() }],
            }
          : null,
      { actor: null, reason: 'association-merge', publisher },
    );
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
