import type mongoose from 'mongoose';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import type { Fence, Storage, UpsertedResult, VersionedChange, VersionedRecord } from './storage.js';

/**
 * `Storage.upsertVersioned` for both adapters: the adapter's versioned update when the record exists,
 * else an insert, which a unique `_id` makes atomic on either database; losing that race to another
 * creator means the record now exists, so the update is tried again.
 */
export async function upsertVersioned<T extends VersionedRecord>(
  updateVersioned: Storage['updateVersioned'],
  records: mongoose.mongo.Collection,
  id: unknown,
  decide: (current: T | null) => VersionedChange | null,
  options: { fence?: Fence } = {},
): Promise<UpsertedResult<T>> {
  for (;;) {
    const updated = await updateVersioned<T>(records.collectionName, id, decide, options);
    if (updated) return updated;
    const change = decide(null);
    if (!change) return { before: null, after: null, changed: false };
    const created = { ...change.set, _id: id, version: 1 } as unknown as T;
    await options.fence?.assertHeld();
    try {
      await records.insertOne(created as never);
      return { before: null, after: created, changed: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
