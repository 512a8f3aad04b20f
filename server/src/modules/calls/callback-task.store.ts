// The owner of callback tasks: every write to one goes through here, onto the storage seam.
import { z } from 'zod';
import { sameValue } from '../../database/same-value.js';
import { AppError } from '../../errors.js';
import { getStorage, openChangeNote } from '../../platform/storage/index.js';
import { DuplicateRecordError, versionOf } from '../../platform/storage/storage.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import type { CallDocument } from './call.model.js';
import { callbackTaskRooms, toCallbackTaskDto } from './callback-task-dto.js';
import { CallbackTaskModel, type CallbackTaskDocument } from './callback-task.model.js';
import { castIdFields, type RecordChangeContext } from './record-change.js';

export const callbackTaskId = (callSid: string) => `callback:${callSid}`;

const TASKS = () => CallbackTaskModel.collection.collectionName;
/** How often a create-or-change or a versioned delete reads again after another writer got in between. */
const MAX_RACES = 5;

/** The change feed's name for callback tasks. */
export const CALLBACK_TASK_STREAM = 'callback-task';
/** The journal's name for a task's deletion, whose note carries the tombstone (the task itself is gone). */
export const CALLBACK_TASK_REMOVAL = 'callback-task-removal';

export interface CallbackTaskChangeContext extends RecordChangeContext {
  /** Where the change is recorded in the change feed (and announced from). */
  publisher: EventPublisher;
}

/**
 * Appends a task as it now is to the change feed (stream `callback-task`, event `callback.updated`),
 * so consoles, the live dashboard and other nodes follow it by position, like tickets.
 */
async function recordCallbackTaskChanged(task: CallbackTaskDocument, publisher: EventPublisher): Promise<void> {
  await publisher.recordChanges([
    { stream: CALLBACK_TASK_STREAM, recordId: task._id, version: versionOf(task), type: 'callback.updated', payload: { task: toCallbackTaskDto(task) }, rooms: callbackTaskRooms(task) },
  ]);
}

const ZTombstone = z.object({ version: z.number().int(), rooms: z.array(z.string()) });
type Tombstone = z.infer<typeof ZTombstone>;

/** A deleted task's tombstone: one past its last version, so no late `callback.updated` brings it back. */
const tombstoneOf = (task: CallbackTaskDocument): Tombstone => ({ version: versionOf(task) + 1, rooms: callbackTaskRooms(task) });

async function recordCallbackTaskRemoved(taskId: string, { version, rooms }: Tombstone, publisher: EventPublisher): Promise<void> {
  await publisher.recordChanges([{ stream: CALLBACK_TASK_STREAM, recordId: taskId, version, type: 'callback.removed', payload: { taskId, version }, rooms }]);
}

export interface AppliedCallbackTaskChange {
  before: CallbackTaskDocument;
  after: CallbackTaskDocument;
  changed: boolean;
}

/**
 * The one way a callback task changes after its creation: checks the version the caller saw
 * (`'latest'` for the system acting on whatever is current; a stale one is refused with 409), lets
 * `decide` say which fields change (it may throw to refuse, or return null for nothing) and writes
 * them with a new version, exclusively across nodes. Null when there is no such task.
 */
export async function applyCallbackTaskChange(
  taskId: string,
  expectedVersion: number | 'latest',
  decide: (current: CallbackTaskDocument) => Record<string, unknown> | null,
  context: CallbackTaskChangeContext,
): Promise<AppliedCallbackTaskChange | null> {
  const storage = getStorage();
  // Should the node die between the task's write and its feed entry, the recovery pass appends it (finishCallbackTaskChange).
  const note = openChangeNote(storage.journal, CALLBACK_TASK_STREAM, taskId, { fence: context.fence });
  const result = await storage
    .updateVersioned<CallbackTaskDocument>(
      TASKS(),
      taskId,
      (current) => {
        if (expectedVersion !== 'latest' && current.version !== expectedVersion) {
          throw new AppError('conflict', 'the callback task changed since you loaded it', { version: current.version, reason: context.reason });
        }
        const set = decide(current);
        return set ? { set: { ...castIdFields(CallbackTaskModel.schema, set), updatedAt: storage.clock.now() } } : null;
      },
      { fence: note.fence },
    )
    .catch((error: unknown) => note.refused(error));
  if (!result?.changed) {
    await note.close();
    return result;
  }
  await recordCallbackTaskChanged(result.after, context.publisher);
  void note.close();
  return result;
}

/**
 * Appends a callback task as it now is to the change feed, for a change or creation whose journal
 * note stayed open (its node died before the feed entry). Nothing for a task that is gone.
 */
export async function finishCallbackTaskChange(taskId: string, publisher: EventPublisher): Promise<void> {
  const task = await CallbackTaskModel.collection.findOne({ _id: taskId as never });
  if (task) await recordCallbackTaskChanged(task as unknown as CallbackTaskDocument, publisher);
}

/**
 * Appends the tombstone of a deletion whose journal note stayed open; a task there again (created anew,
 * or never deleted) is appended as it now is instead.
 */
export async function finishCallbackTaskRemoval(taskId: string, detail: Record<string, unknown> | undefined, publisher: EventPublisher): Promise<void> {
  const task = await CallbackTaskModel.collection.findOne({ _id: taskId as never });
  if (task) await recordCallbackTaskChanged(task as unknown as CallbackTaskDocument, publisher);
  else await recordCallbackTaskRemoved(taskId, ZTombstone.parse(detail), publisher);
}

/** Creates a callback task with version 1; null when it already exists (the call left it earlier). */
async function createCallbackTask(fields: Partial<CallbackTaskDocument> & { _id: string }, publisher: EventPublisher): Promise<CallbackTaskDocument | null> {
  const now = getStorage().clock.now();
  // Through the model only for its defaults and casting; the seam does the insert.
  const document = new CallbackTaskModel({ ...fields, createdAt: now, updatedAt: now }).toObject() as CallbackTaskDocument;
  const note = openChangeNote(getStorage().journal, CALLBACK_TASK_STREAM, fields._id);
  try {
    const created = await getStorage().insertVersioned(TASKS(), document, { fence: note.fence });
    await recordCallbackTaskChanged(created, publisher);
    void note.close();
    return created;
  } catch (error) {
    if (error instanceof DuplicateRecordError) {
      await note.close();
      return null;
    }
    throw error;
  }
}

/** Deletes a task while `shouldDelete` holds for it as it is at that moment; a task changed meanwhile is judged again. */
async function deleteCallbackTaskIf(taskId: string, shouldDelete: (task: CallbackTaskDocument) => boolean, publisher: EventPublisher): Promise<boolean> {
  for (let attempt = 1; attempt <= MAX_RACES; attempt += 1) {
    const task = await CallbackTaskModel.findById(taskId).lean<CallbackTaskDocument>();
    if (!task || !shouldDelete(task)) return false;
    const tombstone = tombstoneOf(task);
    // Should the node die between the delete and its tombstone, the recovery pass appends the tombstone from the note.
    const note = openChangeNote(getStorage().journal, CALLBACK_TASK_REMOVAL, taskId, { detail: tombstone });
    const deleted = await getStorage().deleteVersioned(TASKS(), taskId, versionOf(task), { fence: note.fence }).catch((error: unknown) => note.refused(error));
    if (deleted) {
      await recordCallbackTaskRemoved(taskId, tombstone, publisher);
      void note.close();
      return true;
    }
    await note.close();
  }
  throw new AppError('service_unavailable', 'the system is busy; try again');
}

/** Creates the call's callback task once; later facts only correct its wait time and ticket. */
export async function saveCallbackTask(call: CallDocument, reason: 'abandoned' | 'requested' | 'voicemail', publisher: EventPublisher): Promise<void> {
  const _id = callbackTaskId(call._id);
  for (let attempt = 1; attempt <= MAX_RACES; attempt += 1) {
    const created = await createCallbackTask({
      _id,
      callSid: call._id,
      phone: call.phone,
      associationId: call.associationId,
      ticketId: call.ticketId,
      teamId: call.teamId,
      queue: call.queue,
      reason,
      waitSeconds: call.queueWaitSeconds,
      priorityAt: call.queuedAt ?? call.createdAt,
    }, publisher);
    if (created) return;
    const changed = await applyCallbackTaskChange(
      _id,
      'latest',
      (task) =>
        task.waitSeconds !== call.queueWaitSeconds || !sameValue(task.ticketId, call.ticketId) ? { waitSeconds: call.queueWaitSeconds, ticketId: call.ticketId } : null,
      { reason: 'call-changed', publisher },
    );
    // Null: deleted between the refused insert and the change (a late callback showed the call answered); create it again.
    if (changed) return;
  }
  throw new AppError('service_unavailable', 'the system is busy; try again');
}

/** A call that turned out answered leaves no abandoned or requested task behind (unless someone already closed it). */
export async function dropStaleCallbackTask(taskId: string, publisher: EventPublisher): Promise<void> {
  await deleteCallbackTaskIf(taskId, (task) => task.status === 'open' && (task.reason === 'abandoned' || task.reason === 'requested'), publisher);
}

/** The callback call was answered: its task is done, unless it was closed meanwhile. */
export async function completeCallbackTask(taskId: string, publisher: EventPublisher): Promise<void> {
  const now = getStorage().clock.now();
  await applyCallbackTaskChange(
    taskId,
    'latest',
    (task) => (task.status !== 'open' ? null : { status: 'done', resolution: 'completed', doneAt: now, dialingById: null, dialingSince: null }),
    { reason: 'callback-answered', publisher },
  );
}

/** Changes each task that matches `filter` through its owner (a merge moving them, an erasure): `move` says what changes for a task (null: nothing). */
export async function changeCallbackTasks(
  filter: Record<string, unknown>,
  move: (task: CallbackTaskDocument) => Record<string, unknown> | null,
  context: CallbackTaskChangeContext,
): Promise<number> {
  let changed = 0;
  for (const { _id } of await CallbackTaskModel.find(filter, { _id: 1 }).lean<Array<{ _id: string }>>()) {
    if ((await applyCallbackTaskChange(_id, 'latest', move, context))?.changed) changed += 1;
  }
  return changed;
}

