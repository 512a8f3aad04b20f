import { rebuildOrderedLists, type RecordSet } from '../../database/rebuild-ordered-lists.js';
import { CALL_LOG_DAYS, callLogItem, callLogList, dayOf } from './call-log-pages.js';
import type { CallDocument } from './call.model.js';
import { callRecordSets } from './call-record.js';

const source = (records: RecordSet) => ({
  records,
  // The whole call: its key carries the call as the log shows it.
  projection: {},
  toKeys: (record: Record<string, unknown>) => {
    const call = record as unknown as CallDocument;
    const day = dayOf(call.createdAt);
    const item = callLogItem(call);
    return [
      { list: CALL_LOG_DAYS, key: day },
      { list: callLogList(day), ...item },
      ...(call.result ? [{ list: callLogList(day, call.result), ...item }] : []),
    ];
  },
});

/** Rebuilds the call log's day pages, each call with its summary, from the calls, recent and archived (for `npm run index:rebuild`). */
export function rebuildCallLog(onProgress?: (done: number, total: number) => void): Promise<void> {
  return rebuildOrderedLists(callRecordSets().map(source), 'call-log', onProgress);
}
