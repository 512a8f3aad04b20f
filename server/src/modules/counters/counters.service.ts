import { withLock } from '../../database/with-lock.js';
import { CounterModel } from './counter.model.js';

interface Waiter {
  resolve: (value: number) => void;
  reject: (error: unknown) => void;
}

const waitingByCounter = new Map<string, Waiter[]>();

/**
 * The next value of a named counter: parallel callers, on any node, never get the same number.
 * Callers waiting in this process are served together by one locked increment, so a burst of
 * creations costs a few database round trips, not one lock each.
 */
export function nextCounterValue(name: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const waiting = waitingByCounter.get(name);
    if (waiting) {
      waiting.push({ resolve, reject });
      return;
    }
    waitingByCounter.set(name, [{ resolve, reject }]);
    void serveWaitingCallers(name);
  });
}

async function serveWaitingCallers(name: string): Promise<void> {
  for (;;) {
    const batch = waitingByCounter.get(name) ?? [];
    if (batch.length === 0) {
      waitingByCounter.delete(name);
      return;
    }
    waitingByCounter.set(name, []);
    try {
      const last = await withLock(`counter:${name}`, async () => {
        const counter = await CounterModel.findOneAndUpdate(
          { _id: name },
          { $inc: { sequence: batch.length } },
          { upsert: true, returnDocument: 'after' },
        ).lean();
        return counter!.sequence;
      });
      batch.forEach((waiter, index) => waiter.resolve(last - batch.length + 1 + index));
    } catch (error) {
      batch.forEach((waiter) => waiter.reject(error));
    }
  }
}
