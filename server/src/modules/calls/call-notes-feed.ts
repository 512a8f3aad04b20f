import type { EventPublisher } from '../../realtime/event-publisher.js';
import { getStorage } from '../../platform/storage/index.js';
import type { CallDocument } from './call.model.js';

/** The change-feed entry recorded when a call's notes are saved: ticket search indexes them. */
export const CALL_NOTES_CHANGED = 'call.notes.changed';

/** Records a call's notes as they now are, for the derived paths that follow the change feed. */
export async function recordCallNotesChanged(call: CallDocument, publisher: EventPublisher): Promise<void> {
  await publisher.recordChanges([
    {
      stream: 'call',
      recordId: call._id,
      version: getStorage().clock.now().getTime(),
      type: CALL_NOTES_CHANGED,
      payload: { callSid: call._id, ticketId: call.ticketId?.toString() ?? null, notes: call.notes ?? '' },
      rooms: [],
    },
  ]);
}
