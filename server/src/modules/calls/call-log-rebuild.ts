import { rebuildOrderedLists } from '../../database/rebuild-ordered-lists.js';
import { CALL_LOG_DAYS, callLogKey, callLogList, dayOf } from './call-log-pages.js';
import { CallArchiveModel, CallModel, type CallDocument } from './call.model.js';

const source = (collection: typeof CallModel.collection) => ({
  collection,
  projection: { _id: 1 as const, createdAt: 1 as const, result: 1 as const },
  toKeys: (record: Record<string, unknown>) => {
    const call = record as unknown as CallDocument;
    const day = dayOf(call.createdAt);
    const key = callLogKey(call);
    return [
      { list: CALL_LOG_DAYS, key: day },
      { list: callLogList(day), key },
      ...(call.result ? [{ list: callLogList(day, call.result), key }] : []),
    ];
  },
});

/** Rebuilds the call log's day pages from the calls, recent and archived (for `npm run index:rebuild`). */
export function rebuildCallLog(onProgress?: (done: number, total: number) => void): Promise<void> {
  return rebuildOrderedLists([source(CallModel.collection), source(CallArchiveModel.collection)], 'call-log', onProgress);
}
