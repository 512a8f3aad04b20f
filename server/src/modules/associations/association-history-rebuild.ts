import { rebuildOrderedLists, type RecordSet } from '../../database/rebuild-ordered-lists.js';
import { callLogItem } from '../calls/call-log-pages.js';
import type { CallDocument } from '../calls/call.model.js';
import { callRecordSets } from '../calls/call-record.js';
import { messageRecordSet } from '../messages/message-records.js';
import { ticketRecordSet } from '../tickets/ticket-records.js';
import { associationHistoryList, historyKey, summariseTicketForHistory, type HistoryKind } from './association-history-pages.js';

const source = (records: RecordSet, kind: HistoryKind) => ({
  records,
  projection: { _id: 1 as const, associationId: 1 as const, createdAt: 1 as const },
  toKeys: (record: Record<string, unknown>) =>
    record.associationId
      ? [{ list: associationHistoryList(String(record.associationId)), key: historyKey({ kind, at: record.createdAt as Date, id: String(record._id) }) }]
      : [],
});

/** Tickets carry their summary (what the history shows, who may see it), as the ticket's writer keeps it. */
const ticketSource = (records: RecordSet) => ({
  ...source(records, 'ticket'),
  projection: { _id: 1, associationId: 1, createdAt: 1, reference: 1, subject: 1, status: 1, priority: 1, channel: 1, assigneeId: 1, teamId: 1, version: 1 } as Record<string, 1>,
  toKeys: (record: Record<string, unknown>) =>
    source(records, 'ticket')
      .toKeys(record)
      .map((item) => ({ ...item, value: summariseTicketForHistory(record as unknown as Parameters<typeof summariseTicketForHistory>[0]), revision: record.version as number })),
});

/** Calls carry the call as the call log shows it, as the owner of calls keeps it. */
const callSource = (records: RecordSet) => ({
  ...source(records, 'call'),
  projection: {},
  toKeys: (record: Record<string, unknown>) => {
    const { value, revision } = callLogItem(record as unknown as CallDocument);
    return source(records, 'call')
      .toKeys(record)
      .map((item) => ({ ...item, value, revision }));
  },
});

/** Rebuilds every association's history pages from the tickets, calls and messages (for `npm run index:rebuild`). */
export function rebuildAssociationHistory(onProgress?: (done: number, total: number) => void): Promise<void> {
  return rebuildOrderedLists(
    [ticketSource(ticketRecordSet()), ...callRecordSets().map(callSource), source(messageRecordSet(), 'message')],
    'association-history:',
    onProgress,
  );
}
