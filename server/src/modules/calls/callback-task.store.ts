// Writes to callback tasks that a call's own changes make: each under the task's lock, re-reading the task inside it.
import { sameValue } from '../../database/same-value.js';
import { withLock } from '../../database/with-lock.js';
import type { CallDocument } from './call.model.js';
import { CallbackTaskModel, type CallbackTaskDocument } from './callback-task.model.js';

export const callbackTaskId = (callSid: string) => `callback:${callSid}`;

/** Every write to a callback task goes under this lock, and re-reads the task inside it (FerretDB rewrites whole documents). */
export const callbackTaskLock = (taskId: string) => `callback-task:${taskId}`;

/** Creates the call's callback task once; later facts only correct its wait time. */
export async function saveCallbackTask(call: CallDocument, reason: 'abandoned' | 'requested' | 'voicemail'): Promise<void> {
  const _id = callbackTaskId(call._id);
  await withLock(callbackTaskLock(_id), async () => {
    const task = await CallbackTaskModel.findById(_id).lean<CallbackTaskDocument>();
    if (!task) {
      await CallbackTaskModel.create({
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
      });
      return;
    }
    // Updates scan the collection on FerretDB: only when something changed.
    if (task.waitSeconds !== call.queueWaitSeconds || !sameValue(task.ticketId, call.ticketId)) {
      await CallbackTaskModel.updateOne({ _id }, { $set: { waitSeconds: call.queueWaitSeconds, ticketId: call.ticketId } });
    }
  });
}

/** A call that turned out answered leaves no abandoned or requested task behind (unless someone already closed it). */
export async function dropStaleCallbackTask(taskId: string): Promise<void> {
  await withLock(callbackTaskLock(taskId), async () => {
    const task = await CallbackTaskModel.findById(taskId).lean<CallbackTaskDocument>();
    if (task?.status === 'open' && (task.reason === 'abandoned' || task.reason === 'requested')) await CallbackTaskModel.deleteOne({ _id: taskId });
  });
}

/** The callback call was answered: its task is done, unless it was closed meanwhile. */
export async function completeCallbackTask(taskId: string): Promise<void> {
  await withLock(callbackTaskLock(taskId), async () => {
    const task = await CallbackTaskModel.findById(taskId).lean<CallbackTaskDocument>();
    if (task?.status !== 'open') return;
    await CallbackTaskModel.updateOne({ _id: taskId }, { $set: { status: 'done', resolution: 'completed', doneAt: new Date(), dialingById: null, dialingSince: null } });
  });
}
