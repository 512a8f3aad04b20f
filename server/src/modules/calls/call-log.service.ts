// Reading calls: one by its SID, and the call log.
import mongoose from 'mongoose';
import type { TCall, TCallListQuery } from '../../../../shared/src/schemas/calls.js';
import { encodeCursor, readPage, toSortDocument, type SortKey } from '../../database/cursor.js';
import { notFound } from '../../errors.js';
import type { TicketActor } from '../tickets/tickets.service.js';
import { CallArchiveModel, CallModel, type CallDocument } from './call.model.js';
import { getVisibility, visibilityFilter } from '../../access/access-rule.js';
import { findStoredCall, toCallDto } from './call-record.js';
import { assertCallWork } from './call-access.js';

export async function getCallBySid(callSid: string, actor: TicketActor): Promise<TCall> {
  const stored = await findStoredCall(callSid);
  if (!stored) throw notFound('call');
  await assertCallWork(stored.call, actor);
  return toCallDto(stored.call);
}

const LIST_SORT: SortKey[] = [
  { field: 'createdAt', direction: -1 },
  { field: '_id', direction: -1 },
];

/** Calls, newest first: recent and archived ones merged into one list with one cursor. */
export async function listCalls(query: TCallListQuery, actor: TicketActor) {
  const visible = visibilityFilter(await getVisibility(actor), { teamField: 'teamId', personField: 'agentId' });
  const filter: Record<string, unknown> = visible ? { $and: [visible] } : {};
  if (query.callSid) filter._id = query.callSid;
  if (query.phase) filter.phase = query.phase;
  if (query.associationId) filter.associationId = new mongoose.Types.ObjectId(query.associationId);
  if (query.result) filter.result = query.result;
  if (query.from || query.to) {
    filter.createdAt = { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lt: new Date(query.to) } : {}) };
  }
  const pages = await Promise.all(
    [CallModel, CallArchiveModel].map((model) =>
      readPage((pageFilter, limit) => model.find(pageFilter).sort(toSortDocument(LIST_SORT)).limit(limit).lean<CallDocument[]>(), {
        filter,
        sort: LIST_SORT,
        limit: query.limit,
        cursor: query.cursor,
      }),
    ),
  );
  // A call being archived may be seen in both for an instant: keep one.
  const unique = new Map(pages.flatMap((page) => page.items).map((call) => [call._id, call]));
  const merged = [...unique.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b._id < a._id ? -1 : b._id > a._id ? 1 : 0));
  const items = merged.slice(0, query.limit);
  const more = merged.length > query.limit || pages.some((page) => page.nextCursor !== null);
  return { items: items.map(toCallDto), nextCursor: more && items.length > 0 ? encodeCursor(items.at(-1)!, LIST_SORT) : null };
}
