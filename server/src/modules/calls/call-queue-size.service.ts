import { CallModel } from './call.model.js';
import { CallbackTaskModel } from './callback-task.model.js';

/** Callers waiting in the queues and callback tasks still open, for /metrics. */
export async function measureCallQueues(): Promise<{ waitingCalls: number; openCallbacks: number }> {
  const [waitingCalls, openCallbacks] = await Promise.all([
    CallModel.countDocuments({ phase: 'queued' }),
    CallbackTaskModel.countDocuments({ status: 'open' }),
  ]);
  return { waitingCalls, openCallbacks };
}
