import type mongoose from 'mongoose';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { DuplicateRecordError, type Storage } from './storage.js';

/**
 * `Storage.insertVersioned` for both adapters: an insert refused by the unique `_id` index is atomic
 * on MongoDB and on FerretDB alike, so neither needs a lock to create a record once.
 */
export function createInsertVersioned(connection: mongoose.Connection): Storage['insertVersioned'] {
  return async (name, record, options = {}) => {
    const stored = { ...record, version: 1 };
    await options.fence?.assertHeld();
    try {
      await connection.collection(name).insertOne(stored as never);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateRecordError(name, record._id);
      throw error;
    }
    return stored;
  };
}
