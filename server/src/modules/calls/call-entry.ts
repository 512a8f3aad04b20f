// A call's entry on a ticket's timeline.
import type mongoose from 'mongoose';
import { derivedObjectId } from '../../database/derived-object-id.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { appendTicketEntries } from '../tickets/ticket.store.js';
import type { CallDocument } from './call.model.js';

/**
 * The id of the entry a link of the call to a ticket writes, from the call and the link's time: the
 * recovery pass writes it again on the ticket the call is linked to, or the one it was merged into
 * (which the merge moved the entry to), and finds it there when it was written.
 */
export const callEntryIdOfLink = (callSid: string, linkedAt: Date) => derivedObjectId(linkedAt, `call-entry:${callSid}:${linkedAt.getTime()}`);

/** Records the call on the ticket's timeline under `entryId` (a repeat after a crash finds the first). */
export async function addCallEntry(ticketId: string | mongoose.Types.ObjectId, call: CallDocument, authorId: string | null, publisher: EventPublisher, entryId: mongoose.Types.ObjectId): Promise<void> {
  await appendTicketEntries(
    [{ _id: entryId, ticketId, kind: 'call', authorId, data: { callSid: call._id, direction: call.direction, result: call.result ?? null } }],
    publisher,
  );
}
