// A call's entry on a ticket's timeline.
import { derivedObjectId } from '../../database/derived-object-id.js';
import { getStorage } from '../../platform/storage/index.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { appendTicketEntries } from '../tickets/ticket.store.js';
import type { CallDocument } from './call.model.js';

/** Records the call on the ticket's timeline, once per ticket, call and second `at` (a repeat after a crash finds the first). */
export async function addCallEntry(ticketId: string, call: CallDocument, authorId: string | null, publisher: EventPublisher, at = getStorage().clock.now()): Promise<void> {
  await appendTicketEntries(
    [{ _id: derivedObjectId(at, `call-entry:${ticketId}:${call._id}`), ticketId, kind: 'call', authorId, data: { callSid: call._id, direction: call.direction, result: call.result ?? null } }],
    publisher,
  );
}
