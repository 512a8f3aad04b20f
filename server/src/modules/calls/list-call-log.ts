import mongoose from 'mongoose';
import { callCountedAt, isCallCountedAs, type TCallCount } from '@mowakaba/shared/calls/call-counts';
import type { TCallListQuery, TCallResult } from '@mowakaba/shared/schemas/calls';
import { getVisibility, isVisible, visibilityFilter, type Actor } from '../../access/access-rule.js';
import { readPage, toSortDocument, type SortKey } from '../../database/cursor.js';
import { AppError } from '../../errors.js';
import { getStorage } from '../../platform/storage/index.js';
import { historyKey, parseHistoryKey, readAssociationHistoryEntries } from '../associations/association-history-pages.js';
import { getAssociationById } from '../associations/associations.service.js';
import { getDashboardSettings } from '../dashboard/dashboard.store.js';
import { serviceLevelRuleOf } from '../dashboard/get-dashboard-history.js';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { callFromLogSummary, callLogList, dayOf, readCallLogDays } from './call-log-pages.js';
import { CallArchiveModel, CallModel, type CallDocument } from './call.model.js';
import { toCallDto } from './calls.service.js';

const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', direction: -1 },
  { field: '_id', direction: -1 },
];
/** Keys looked at per request at most: an agent who sees few of the calls gets a shorter page and a cursor to go on. */
const MAX_EXAMINED = 100;
const BATCH = 100;
/** Calls stay among the recent ones about this long before the archive takes them. */
const RECENT_MS = 2 * 3_600_000;

/** A call joins its queue in the phone menu, within Twilio's longest call (4 hours) of its start. */
const MAX_CALL_MS = 4 * 3_600_000;
/** The one result of the calls behind a figure, so only that result's pages are read. */
const RESULT_OF_COUNT: Partial<Record<TCallCount, TCallResult>> = {
  answered: 'answered',
  abandoned: 'abandoned',
  'short-abandon': 'abandoned',
  voicemail: 'voicemail',
  'callback-requested': 'callback-requested',
};
const idOrNone = (value: { toString(): string } | null | undefined) => (value ? value.toString() : 'none');

const KEY_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([\x21-\x7e]+)$/;
const invalidCursor = () =>
  new AppError('validation_failed', 'the request is not valid', [{ path: 'cursor', code: 'invalid_cursor', message: 'is not a cursor this list returned' }]);

/** A call by `_id` where it most likely is: the archive first for calls older than a couple of hours. */
async function findLoggedCall(callSid: string, createdAt: Date, now: number): Promise<CallDocument | null> {
  const order = now - createdAt.getTime() > RECENT_MS ? [CallArchiveModel, CallModel] : [CallModel, CallArchiveModel];
  for (const model of order) {
    const call = await model.findById(callSid).lean<CallDocument>();
    if (call) return call;
  }
  return null;
}

/** A logged call as the log shows it: from the summary kept with its key, else (a key paged before summaries) read by `_id`. */
async function loggedCall({ key, value }: LogKey, now: number): Promise<TCall | null> {
  if (value !== null) return callFromLogSummary(value);
  const call = await findLoggedCall(key.slice(25), new Date(key.slice(0, 24)), now);
  return call ? toCallDto(call) : null;
}

interface LogKey {
  key: string;
  /** The call's summary kept with the key; null when the key has none. */
  value: string | null;
}

/**
 * The call log's keys (`<createdAt ISO>|<CallSid>`) with their summaries, newest first, strictly
 * before `after`: from the association's history when the log is filtered by association (which
 * keeps the same summary), else day by day from the days' lists (of one result when filtered by result).
 */
async function* callLogKeys(query: TCallListQuery, after: string | undefined): AsyncGenerator<LogKey> {
  // The first read is one page and one more, all an unfiltered log needs (at a million calls, reading
  // a hundred summaries each time fetched a second page document for most requests); later reads, for
  // filters that skip calls, take a batch.
  let readSize = Math.min(query.limit + 1, BATCH);
  if (query.associationId) {
    let position = after ? historyKey({ kind: 'call', at: new Date(after.slice(0, 24)), id: after.slice(25) }) : undefined;
    for (;;) {
      const entries = await readAssociationHistoryEntries(query.associationId, { after: position, limit: BATCH });
      for (const { key, value } of entries) {
        const item = parseHistoryKey(key);
        if (item?.kind === 'call') yield { key: `${item.at.toISOString()}|${item.id}`, value };
      }
      if (entries.length < BATCH) return;
      position = entries.at(-1)!.key;
    }
  }
  const lists = getStorage().lists;
  const lastDay = after ? after.slice(0, 10) : query.to ? dayOf(new Date(new Date(query.to).getTime() - 1)) : undefined;
  const firstDay = query.from ? dayOf(new Date(query.from)) : undefined;
  for (const day of await readCallLogDays()) {
    if (lastDay && day > lastDay) continue;
    if (firstDay && day < firstDay) return;
    let position = after?.startsWith(day) ? after : undefined;
    for (;;) {
      const keys = await lists.readEntries(callLogList(day, query.result), { limit: readSize, after: position, direction: 'descending' });
      yield* keys;
      if (keys.length < readSize) break;
      readSize = BATCH;
      position = keys.at(-1)!.key;
    }
  }
}

/**
 * Every call waiting, being connected or on the line, as the whole center sees them (the live
 * dashboard): one read of the recent calls, which scans them on FerretDB, instead of one paged list per
 * phase. Calls in those phases are few; the live board reads them once a second while calls change.
 */
export async function listLiveCalls(): Promise<TCall[]> {
  const calls = await CallModel.find({ phase: { $in: ['queued', 'connecting', 'connected'] } }).lean<CallDocument[]>();
  return calls.map(toCallDto);
}

/**
 * The call log, newest first: by SID, association, result and start time, as far as the access rule
 * lets the actor see. Read from the ordered pages, each call from the summary kept with its key (by
 * `_id` when it has none), never by a filtered query over every call (FerretDB 1.24 scans for that);
 * calls still in a live phase are few and recent.
 */
export async function listCallLog(query: TCallListQuery, actor: Actor) {
  const visibility = await getVisibility(actor);
  if (query.phase && query.phase !== 'ended') {
    const visible = visibilityFilter(visibility, { teamField: 'teamId', personField: 'agentId' });
    const filter: Record<string, unknown> = { phase: query.phase, ...(visible ? { $and: [visible] } : {}) };
    if (query.callSid) filter._id = query.callSid;
    if (query.associationId) filter.associationId = new mongoose.Types.ObjectId(query.associationId);
    if (query.result) filter.result = query.result;
    if (query.from || query.to) filter.createdAt = { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lt: new Date(query.to) } : {}) };
    const page = await readPage((pageFilter, limit) => CallModel.find(pageFilter).sort(toSortDocument(NEWEST_FIRST)).limit(limit).lean<CallDocument[]>(), {
      filter,
      sort: NEWEST_FIRST,
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toCallDto), nextCursor: page.nextCursor };
  }

  const iso = (value: string | number | undefined) => (value === undefined ? undefined : new Date(value).toISOString());
  const countedFrom = iso(query.countedFrom);
  const countedTo = iso(query.countedTo);
  // The log is kept by start time: a call counted in a range started in it or at most a call's length before.
  const startedFrom = [iso(query.from), query.countedFrom ? iso(Date.parse(query.countedFrom) - MAX_CALL_MS) : undefined].filter(Boolean).sort().at(-1);
  const startedBefore = [iso(query.to), countedTo].filter(Boolean).sort()[0];
  const from = iso(query.from);
  const to = iso(query.to);
  const settings = query.counted === 'short-abandon' ? await getDashboardSettings() : null;
  const regions = new Map<string, Promise<string | null>>();
  const regionOf = (associationId: string) =>
    regions.get(associationId) ?? regions.set(associationId, getAssociationById(associationId).then((association) => association.region as string | null, () => null)).get(associationId)!;
  const matches = (call: TCall | null, region: string | null): call is TCall => {
    if (call === null) return false;
    const counted = {
      direction: call.direction,
      result: call.result,
      queueWaitSeconds: call.queueWaitSeconds,
      queuedAt: call.queuedAt,
      createdAt: call.createdAt,
    };
    const countedAt = new Date(callCountedAt(counted)).toISOString();
    return (
      isVisible(visibility, { personIds: [call.agentId], teamIds: [call.teamId] }) &&
      (!query.phase || call.phase === query.phase) &&
      (!query.associationId || call.associationId === query.associationId) &&
      (!query.result || call.result === query.result) &&
      (!from || counted.createdAt >= from) &&
      (!to || counted.createdAt < to) &&
      (!query.counted || isCallCountedAs(counted, query.counted, settings ? serviceLevelRuleOf(settings, call.teamId).shortAbandonSeconds : 0)) &&
      (!countedFrom || countedAt >= countedFrom) &&
      (!countedTo || countedAt < countedTo) &&
      (!query.team || idOrNone(call.teamId) === query.team) &&
      (!query.agent || idOrNone(call.agentId) === query.agent) &&
      (!query.topic || (call.topic ?? 'none') === query.topic) &&
      (!query.region || (region ?? 'none') === query.region)
    );
  };
  /** The region of each call's association, only when the log is filtered by region (the one filter not on the call). */
  const regionsOf = (calls: Array<TCall | null>) => Promise.all(calls.map((call) => (query.region && call?.associationId ? regionOf(call.associationId) : null)));

  if (query.callSid) {
    const stored = (await CallModel.findById(query.callSid).lean<CallDocument>()) ?? (await CallArchiveModel.findById(query.callSid).lean<CallDocument>());
    const call = stored ? toCallDto(stored) : null;
    const [region] = await regionsOf([call]);
    return { items: matches(call, region ?? null) ? [call] : [], nextCursor: null };
  }

  let after: string | undefined;
  if (query.cursor !== undefined) {
    after = Buffer.from(query.cursor, 'base64url').toString('latin1');
    if (!KEY_PATTERN.test(after)) throw invalidCursor();
  }
  const now = getStorage().clock.now().getTime();
  const found: TCall[] = [];
  let examined = 0;
  let lastExamined: string | undefined;
  let batch: LogKey[] = [];
  const keys = callLogKeys({ ...query, from: startedFrom, to: startedBefore, result: query.result ?? (query.counted && RESULT_OF_COUNT[query.counted]) }, after);
  const flush = async () => {
    const calls = await Promise.all(batch.map((item) => loggedCall(item, now)));
    const callRegions = await regionsOf(calls);
    for (const [index, call] of calls.entries()) {
      if (found.length > query.limit) break;
      lastExamined = batch[index]!.key;
      if (matches(call, callRegions[index] ?? null)) found.push(call);
    }
    batch = [];
  };
  for await (const item of keys) {
    if (startedBefore && item.key >= startedBefore) continue;
    if (startedFrom && item.key < startedFrom) break;
    batch.push(item);
    examined += 1;
    // Enough looked at for a page and one more (there is a next page), or the request's share of work done.
    if (batch.length >= query.limit + 1 - found.length || examined >= MAX_EXAMINED) {
      await flush();
      if (found.length > query.limit || examined >= MAX_EXAMINED) break;
    }
  }
  if (batch.length > 0) await flush();
  await keys.return(undefined);
  const items = found.slice(0, query.limit);
  const more = found.length > query.limit || examined >= MAX_EXAMINED;
  const cursorKey = found.length > query.limit ? `${items.at(-1)!.createdAt}|${items.at(-1)!.callSid}` : lastExamined;
  return { items, nextCursor: more && cursorKey ? Buffer.from(cursorKey, 'latin1').toString('base64url') : null };
}
