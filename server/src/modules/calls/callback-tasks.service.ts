// The callback task list and closing a task by hand.
import { getStorage } from '../../platform/storage/index.js';
import type { TCallbackTask, TUpdateCallbackTaskRequest } from '@mowakaba/shared/schemas/calls';
import { readPage, toSortDocument, type SortKey } from '../../database/cursor.js';
import { sameValue } from '../../database/same-value.js';
import { AppError, notFound } from '../../errors.js';
import { findTicketRecord, type TicketDocument } from '../tickets/ticket-records.js';
import type { TicketActor } from '../tickets/tickets.service.js';
import { CallbackTaskModel, type CallbackTaskDocument } from './callback-task.model.js';
import { assertWorkAccess, getVisibility, visibilityFilter } from '../../access/access-rule.js';
import type { CallServiceDeps } from './call-record.js';
import { toCallbackTaskDto } from './callback-task-dto.js';
import { applyCallbackTaskChange } from './callback-task.store.js';

const CALLBACK_SORT: SortKey[] = [
  { field: 'priorityAt', direction: 1 },
  { field: '_id', direction: 1 },
];

/** Callers to ring back, in the order they first joined the queue. */
export async function listCallbackTasks(query: { status: 'open' | 'done'; limit: number; cursor?: string }, actor: TicketActor) {
  const visible = visibilityFilter(await getVisibility(actor), { teamField: 'teamId' });
  const page = await readPage(
    (filter, limit) => CallbackTaskModel.find(filter).sort(toSortDocument(CALLBACK_SORT)).limit(limit).lean<CallbackTaskDocument[]>(),
    { filter: { status: query.status, ...(visible ? { $and: [visible] } : {}) }, sort: CALLBACK_SORT, limit: query.limit, cursor: query.cursor },
  );
  return { items: page.items.map(toCallbackTaskDto), nextCursor: page.nextCursor };
}

/** Closes a callback task by hand: the agent called back some other way, or there is nothing to do. */
export async function closeCallbackTask(callbackId: string, request: TUpdateCallbackTaskRequest, actor: TicketActor, deps: CallServiceDeps): Promise<TCallbackTask> {
  const found = await CallbackTaskModel.findById(callbackId).lean<CallbackTaskDocument>();
  if (!found) throw notFound('callback task');
  const ticket = found.ticketId ? await findTicketRecord(found.ticketId) : null;
  await assertWorkAccess(actor, { personIds: [ticket?.assigneeId], teamIds: [found.teamId, ticket?.teamId] }, 'this callback task belongs to another team');
  const closed = await applyCallbackTaskChange(
    callbackId,
    request.version ?? 'latest',
    (current) => {
      if (current.status === 'done') throw new AppError('conflict', 'this callback task is already closed', { resolution: current.resolution ?? null });
      // Access was judged on the task's team and ticket: a task moved meanwhile is judged again.
      if (!sameValue(current.teamId, found.teamId) || !sameValue(current.ticketId, found.ticketId)) {
        throw new AppError('conflict', 'the callback task changed since you loaded it', { version: current.version });
      }
      return { status: 'done', resolution: request.resolution, doneAt: getStorage().clock.now(), doneById: actor.id };
    },
    { actor, reason: 'closed-by-hand', publisher: deps.publisher },
  );
  if (!closed) throw notFound('callback task');
  return toCallbackTaskDto(closed.after);
}
