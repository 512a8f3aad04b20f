import { retryOnDuplicateKey } from '../../database/retry-on-duplicate-key.js';
import { CounterModel } from './counter.model.js';

/** The next value of a named counter, atomically: parallel callers never get the same number. */
export async function nextCounterValue(name: string): Promise<number> {
  const counter = await retryOnDuplicateKey(() =>
    CounterModel.findOneAndUpdate({ _id: name }, { $inc: { sequence: 1 } }, { upsert: true, new: true }).lean(),
  );
  return counter!.sequence;
}
