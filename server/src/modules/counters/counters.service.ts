import { createKeyedBatcher } from '../../database/keyed-batcher.js';
import { withLock } from '../../database/with-lock.js';
import { CounterModel } from './counter.model.js';

/** Adds `count` to a counter under its lock and returns the new value. */
export async function incrementCounter(name: string, count: number): Promise<number> {
  return withLock(`counter:${name}`, async () => {
    const counter = await CounterModel.findOneAndUpdate({ _id: name }, { $inc: { sequence: count } }, { upsert: true, returnDocument: 'after' }).lean();
    return counter!.sequence;
  });
}

const allocate = createKeyedBatcher<null, number>(async (name, requests) => {
  const last = await incrementCounter(name, requests.length);
  return requests.map((_, index) => last - requests.length + 1 + index);
});

/**
 * The next value of a named counter: parallel callers, on any node, never get the same number.
 * Callers waiting in this process are served together by one locked increment.
 */
export function nextCounterValue(name: string): Promise<number> {
  return allocate(name, null);
}
