import mongoose from 'mongoose';
import type { TCallListQuery } from '../../../../shared/src/schemas/calls.js';
import { getVisibility, isVisible, visibilityFilter, type Actor } from '../../access/access-rule.js';
import { readPage, toSortDocument, type SortKey } from '../../database/cursor.js';
import { AppError } from '../../errors.js';
import { getStorage } from '../../platform/storage/index.js';
import { historyKey, parseHistoryKey, readAssociationHistoryKeys } from '../associations/association-history-pages.js';
import { callLogList, dayOf, readCallLogDays } from './call-log-pages.js';
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

/**
 * The call log's keys (`<createdAt ISO>|<CallSid>`), newest first, strictly before `after`: from the
 * association's history when the log is filtered by association, else day by day from the days'
 * lists (of one result when filtered by result).
 */
async function* callLogKeys(query: TCallListQuery, after: string | undefined): AsyncGenerator<string> {
  if (query.associationId) {
    let position = after ? historyKey({ kind: 'call', at: new Date(after.slice(0, 24)), id: after.slice(25) }) : undefined;
    for (;;) {
      const keys = await readAssociationHistoryKeys(query.associationId, { after: position, limit: BATCH });
      for (const key of keys) {
        const item = parseHistoryKey(key);
        if (item?.kind === 'call') yield `${item.at.toISOString()}|${item.id}`;
      }
      if (keys.length < BATCH) return;
      position = keys.at(-1);
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
      const keys = await lists.read(callLogList(day, query.result), { limit: BATCH, after: position, direction: 'descending' });
      yield* keys;
      if (keys.length < BATCH) break;
      position = keys.at(-1);
    }
  }
}

/**
 * The call log, newest first: by SID, association, result and start time, as far as the access rule
 * lets the actor see. Read from the ordered pages and each call by `_id`, never by a filtered query
 * over every call (FerretDB 1.24 scans for that); calls still in a live phase are few and recent.
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

  const from = query.from ? new Date(query.from).toISOString() : undefined;
  const to = query.to ? new Date(query.to).toISOString() : undefined;
  const matches = (call: CallDocument | null): call is CallDocument =>
    call !== null &&
    isVisible(visibility, { personIds: [call.agentId], teamIds: [call.teamId] }) &&
    (!query.phase || call.phase === query.phase) &&
    (!query.associationId || call.associationId?.toString() === query.associationId) &&
    (!query.result || call.result === query.result) &&
    (!from || call.createdAt.toISOString() >= from) &&
    (!to || call.createdAt.toISOString() < to);

  if (query.callSid) {
    const call = (await CallModel.findById(query.callSid).lean<CallDocument>()) ?? (await CallArchiveModel.findById(query.callSid).lean<CallDocument>());
    return { items: matches(call) ? [toCallDto(call)] : [], nextCursor: null };
  }

  let after: string | undefined;
  if (query.cursor !== undefined) {
    after = Buffer.from(query.cursor, 'base64url').toString('latin1');
    if (!KEY_PATTERN.test(after)) throw invalidCursor();
  }
  const now = Date.now();
  const found: CallDocument[] = [];
  let examined = 0;
  let lastExamined: string | undefined;
  let batch: string[] = [];
  const keys = callLogKeys(query, after);
  const flush = async () => {
    const calls = await Promise.all(batch.map((key) => findLoggedCall(key.slice(25), new Date(key.slice(0, 24)), now)));
    for (const [index, call] of calls.entries()) {
      if (found.length > query.limit) break;
      lastExamined = batch[index];
      if (matches(call)) found.push(call);
    }
    batch = [];
  };
  for await (const key of keys) {
    if (to && key >= to) continue;
    if (from && key < from) break;
    batch.push(key);
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
  const cursorKey = found.length > query.limit ? `${items.at(-1)!.createdAt.toISOString()}|${items.at(-1)!._id}` : lastExamined;
  return { items: items.map(toCallDto), nextCursor: more && cursorKey ? Buffer.from(cursorKey, 'latin1').toString('base64url') : null };
}
