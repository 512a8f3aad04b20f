import mongoose, { type Model } from 'mongoose';
import { createKeyedBatcher } from './keyed-batcher.js';

/**
 * Inserts new documents of `model`, concurrent callers in this process sharing one `insertMany`.
 *
 * Why: FerretDB 1.24 spends a millisecond or two of fixed work on every command, and runs them one
 * after another; during a burst of ticket creations each insert queued behind the others, while one
 * `insertMany` of 100 documents costs about as much as five single inserts. Each document is cast,
 * defaulted, timestamped and validated by mongoose first; a document the server refuses (duplicate
 * key) fails only its own caller, with the server's error.
 */
// `TStored` is what the caller gets back: mongoose's inferred model types do not line up as one generic.
export function createBatchedInsert<TStored>(model: Model<any>) {
  const insertBatch = createKeyedBatcher<Record<string, unknown>, Error | null>(async (_collection, documents) => {
    try {
      await model.collection.insertMany(documents, { ordered: false });
      return documents.map(() => null);
    } catch (error) {
      if (!(error instanceof mongoose.mongo.MongoBulkWriteError)) throw error;
      const failures = new Map(
        [error.writeErrors].flat().map((writeError) => [writeError.index, new mongoose.mongo.MongoServerError({ message: writeError.errmsg ?? 'write refused', code: writeError.code })]),
      );
      return documents.map((_, index) => failures.get(index) ?? null);
    }
  });

  return async function insert(fields: Record<string, unknown>): Promise<TStored> {
    const document = new model(fields);
    (document as unknown as { initializeTimestamps?: () => void }).initializeTimestamps?.();
    await document.validate();
    const stored = document.toObject({ depopulate: true, flattenMaps: true, minimize: false, virtuals: false, getters: false }) as Record<string, unknown>;
    const failure = await insertBatch(model.collection.collectionName, stored);
    if (failure) throw failure;
    return document.toObject() as TStored;
  };
}
