import { CallbackTaskModel } from './callback-task.model.js';
import { readWaitingCalls } from './waiting-calls.js';

/** Callers waiting in the queues and callback tasks still open, for /metrics. */
export async function measureCallQueues(): Promise<{ waitingCalls: number; openCallbacks: number }> {
  const [waiting, openCallbacks] = await Promise.all([readWaitingCalls(), CallbackTaskModel.countDocuments({ status: 'open' })]);
  return { waitingCalls: waiting.length, openCallbacks };
}
