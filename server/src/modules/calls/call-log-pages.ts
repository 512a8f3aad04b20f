import { defineAppState } from '../../platform/app-state.js';
import { getStorage, type OrderedListItem } from '../../platform/storage/index.js';
import { versionOf } from '../../platform/storage/storage.js';
import { recordInAssociationHistory } from '../associations/association-history-pages.js';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { toCallDto } from './call-dto.js';
import type { CallDocument } from './call.model.js';

/** The days (UTC, `YYYY-MM-DD`) that have calls, so the log can step from one to the one before. */
export const CALL_LOG_DAYS = 'call-log-days';
/** A day's calls, keyed `<createdAt ISO>|<CallSid>`; with a result, only that day's calls of that result. */
export const callLogList = (day: string, result?: string | null) => (result ? `call-log:${day}:${result}` : `call-log:${day}`);
export const callLogKey = (call: Pick<CallDocument, '_id' | 'createdAt'>) => `${call.createdAt.toISOString()}|${call._id}`;
export const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** How long a node trusts its copy of the list of days: another node's first call of a new day shows after at most this. */
const DAYS_TTL_MS = 10_000;
// Per app: the days this node already put on its list of days (asked once per day, not once per
// call), and its last read of that list.
const daysOfApp = defineAppState((clock) => ({ clock, known: new Set<string>(), read: null as { at: number; days: Promise<string[]> } | null }));

/** The days that have calls, newest first (a few hundred keys, read at most every few seconds per node). */
export function readCallLogDays(): Promise<string[]> {
  const state = daysOfApp();
  let daysRead = state.read;
  if (!daysRead || state.clock.now().getTime() - daysRead.at > DAYS_TTL_MS) {
    const days = (async () => {
      const all: string[] = [];
      for (;;) {
        const page = await getStorage().lists.read(CALL_LOG_DAYS, { limit: 1000, after: all.at(-1), direction: 'descending' });
        all.push(...page);
        if (page.length < 1000) return all;
      }
    })();
    const read = { at: state.clock.now().getTime(), days };
    state.read = daysRead = read;
    days.catch(() => {
      if (state.read === read) state.read = null;
    });
  }
  return daysRead.days;
}

/**
 * A call as its log's pages keep it: the key, the call as the log shows it (everything the row and the
 * log's filters need, the access rule's team and agent included) and the call's version, so a late
 * write of an older state never replaces a newer one.
 */
export function callLogItem(call: CallDocument): OrderedListItem {
  return { key: callLogKey(call), value: JSON.stringify(toCallDto(call)), revision: versionOf(call) };
}

/** The call a log key's summary describes, as `toCallDto` made it. */
export const callFromLogSummary = (value: string) => JSON.parse(value) as TCall;

/**
 * Keeps the call log's pages and the association's history current with a call just written: called
 * by the owner of calls after every change of a call (`before` null for a new one), with the call as
 * stored. Both keep the call's summary at its version, so repeating it, or running it late after a
 * newer change, changes nothing.
 */
export async function recordCallInPages(before: CallDocument | null, after: CallDocument): Promise<void> {
  const lists = getStorage().lists;
  const key = callLogKey(after);
  const item = callLogItem(after);
  const day = dayOf(after.createdAt);
  const result = after.result ?? null;
  const days = daysOfApp();
  const formerResult = before?.result ?? null;
  await Promise.all([
    lists.add(callLogList(day), [item]),
    before || days.known.has(day)
      ? undefined
      : lists.add(CALL_LOG_DAYS, [day]).then(() => {
          days.known.add(day);
          days.read = null;
        }),
    result ? lists.add(callLogList(day, result), [item]) : undefined,
    formerResult && formerResult !== result ? lists.remove(callLogList(day, formerResult), [key]) : undefined,
    // The association's history shows the call from the same summary.
    recordInAssociationHistory({ kind: 'call', at: after.createdAt, id: after._id }, after.associationId, before?.associationId, {
      value: item.value,
      revision: item.revision!,
    }),
  ]);
}
