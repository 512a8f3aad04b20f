import mongoose from 'mongoose';
import type { TAssociation } from '../../../../shared/src/schemas/associations.js';
import type { TAssociationTimelineItem } from '../../../../shared/src/schemas/timeline.js';
import { getVisibility, isVisible, type Actor } from '../../access/access-rule.js';
import { withLock } from '../../database/with-lock.js';
import { AppError, notFound } from '../../errors.js';
import { CallArchiveModel, CallModel, type CallDocument } from '../calls/call.model.js';
import { moveAssociationCalls } from '../calls/calls.service.js';
import { MessageModel, type MessageDocument } from '../messages/message.model.js';
import { TicketModel, type TicketDocument } from '../tickets/ticket.model.js';
import { applyTicketChange, listTicketIdsOfAssociation } from '../tickets/ticket.store.js';
import { AssociationModel, type AssociationDocument } from './association.model.js';
import { toAssociationDto } from './associations.service.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { syncPhoneDirectory } from './phone-directory.js';
import { moveAssociationHistory, parseHistoryKey, readAssociationHistoryKeys, type HistoryItemRef } from './association-history-pages.js';

const invalidCursor = () =>
  new AppError('validation_failed', 'the request is not valid', [{ path: 'cursor', code: 'invalid_cursor', message: 'is not a cursor this list returned' }]);

/** History keys looked at per request at most: an agent who may see few of them gets a shorter page and a cursor to go on. */
const MAX_EXAMINED = 100;

type Visibility = Awaited<ReturnType<typeof getVisibility>>;

/**
 * The item a history key names, as the actor may see it now; null when it is gone, moved to another
 * association, or hidden from the actor by the access rule. Every read is one lookup by `_id`.
 */
async function loadHistoryItem(
  associationId: string,
  ref: HistoryItemRef,
  visibility: Visibility,
  ticketOf: (id: string) => Promise<TicketDocument | null>,
): Promise<TAssociationTimelineItem | null> {
  const at = ref.at.toISOString();
  if (ref.kind === 'ticket') {
    const ticket = await ticketOf(ref.id);
    if (!ticket || ticket.associationId?.toString() !== associationId) return null;
    if (!isVisible(visibility, { personIds: [ticket.assigneeId], teamIds: [ticket.teamId] })) return null;
    const { reference, subject, status, priority, channel } = ticket;
    return { kind: 'ticket', at, ticket: { id: ref.id, reference, subject, status, priority, channel } };
  }
  if (ref.kind === 'call') {
    const call = (await CallArchiveModel.findById(ref.id).lean<CallDocument>()) ?? (await CallModel.findById(ref.id).lean<CallDocument>());
    if (!call || call.associationId?.toString() !== associationId) return null;
    if (!isVisible(visibility, { personIds: [call.agentId], teamIds: [call.teamId] })) return null;
    return {
      kind: 'call',
      at,
      call: { callSid: call._id, direction: call.direction, result: call.result ?? null, talkSeconds: call.talkSeconds ?? null, ticketId: call.ticketId?.toString() ?? null },
    };
  }
  const message = await MessageModel.findById(ref.id).lean<MessageDocument>();
  if (!message || message.associationId?.toString() !== associationId) return null;
  // A message tied to no ticket is everyone's; otherwise whoever sees its ticket sees it.
  if (message.ticketId && !visibility.everything) {
    const ticket = await ticketOf(message.ticketId.toString());
    if (ticket && !isVisible(visibility, { personIds: [ticket.assigneeId], teamIds: [ticket.teamId] })) return null;
  }
  return {
    kind: 'message',
    at,
    message: {
      messageSid: message._id,
      direction: message.direction,
      channel: message.channel,
      body: message.body ?? '',
      status: message.status,
      ticketId: message.ticketId?.toString() ?? null,
    },
  };
}

/**
 * The association's history — tickets, calls and messages — newest first, one page at a time, as far
 * as the access rule lets the actor see (an agent sees another team's tickets, calls and messages
 * nowhere, this history included). Read from the association's ordered pages, then each item by `_id`.
 */
export async function listAssociationTimeline(associationId: string, page: { limit: number; cursor?: string }, actor: Actor) {
  if (!mongoose.isValidObjectId(associationId) || !(await AssociationModel.exists({ _id: associationId }))) throw notFound('association');
  let after: string | undefined;
  if (page.cursor !== undefined) {
    after = Buffer.from(page.cursor, 'base64url').toString('latin1');
    if (!parseHistoryKey(after)) throw invalidCursor();
  }
  const visibility = await getVisibility(actor);
  const tickets = new Map<string, Promise<TicketDocument | null>>();
  const ticketOf = (id: string) => tickets.get(id) ?? tickets.set(id, TicketModel.findById(id).lean<TicketDocument>().exec()).get(id)!;
  const items: Array<{ key: string; item: TAssociationTimelineItem }> = [];
  let examined = 0;
  let lastExamined = after;
  let exhausted = false;
  while (items.length <= page.limit && examined < MAX_EXAMINED) {
    const wanted = Math.min(page.limit + 1 - items.length, MAX_EXAMINED - examined);
    const keys = await readAssociationHistoryKeys(associationId, { after: lastExamined, limit: wanted });
    const loaded = await Promise.all(keys.map((key) => loadHistoryItem(associationId, parseHistoryKey(key)!, visibility, ticketOf)));
    for (const [index, item] of loaded.entries()) if (item) items.push({ key: keys[index]!, item });
    examined += keys.length;
    lastExamined = keys.at(-1) ?? lastExamined;
    if (keys.length < wanted) {
      exhausted = true;
      break;
    }
  }
  const shown = items.slice(0, page.limit);
  const cursorKey = items.length > page.limit ? shown.at(-1)!.key : exhausted ? undefined : lastExamined;
  return { items: shown.map((entry) => entry.item), nextCursor: cursorKey ? Buffer.from(cursorKey, 'latin1').toString('base64url') : null };
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
      // Calls, messages and callback tasks follow, so the target's history is whole.
      await moveAssociationCalls(source._id, target._id);
      // Messages are written once and never rewritten whole: a plain update is safe.
      await MessageModel.updateMany({ associationId: source._id }, { $set: { associationId: target._id } });
      await moveAssociationHistory(source._id.toString(), target._id.toString());

      const contacts = mergeContacts(target.contacts, source.contacts);
      const phones = [...new Set(contacts.flatMap((contact) => contact.phones))];
      const merged = await AssociationModel.findByIdAndUpdate(
        target._id,
        { $set: { contacts, phones, version: target.version + 1 } },
        { returnDocument: 'after' },
      ).lean<AssociationDocument>();
      await syncPhoneDirectory({ ...source, mergedIntoId: target._id }, source.phones);
      await syncPhoneDirectory(merged!, target.phones);
      return toAssociationDto(merged!);
    }),
  );
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
