import { rebuildOrderedLists } from '../../database/rebuild-ordered-lists.js';
import { CallArchiveModel, CallModel } from '../calls/call.model.js';
import { MessageModel } from '../messages/message.model.js';
import { TicketModel } from '../tickets/ticket.model.js';
import { associationHistoryList, historyKey, type HistoryKind } from './association-history-pages.js';

const source = (collection: typeof TicketModel.collection, kind: HistoryKind) => ({
  collection,
  projection: { _id: 1 as const, associationId: 1 as const, createdAt: 1 as const },
  toKeys: (record: Record<string, unknown>) =>
    record.associationId
      ? [{ list: associationHistoryList(String(record.associationId)), key: historyKey({ kind, at: record.createdAt as Date, id: String(record._id) }) }]
      : [],
});

/** Rebuilds every association's history pages from the tickets, calls and messages (for `npm run index:rebuild`). */
export function rebuildAssociationHistory(onProgress?: (done: number, total: number) => void): Promise<void> {
  return rebuildOrderedLists(
    [source(TicketModel.collection, 'ticket'), source(CallModel.collection, 'call'), source(CallArchiveModel.collection, 'call'), source(MessageModel.collection, 'message')],
    'association-history:',
    onProgress,
  );
}
