import mongoose, { type Model } from 'mongoose';
import { createKeyedBatcher } from './keyed-batcher.js';

/**
 * Inserts documents into `collection` as they are given, concurrent callers in this process sharing
 * one `insertMany`. A document the server refuses (duplicate key) fails only its own caller, with
 * the server's error.
 *
 * Why: FerretDB 1.24 spends a millisecond or two of fixed work on every command, and runs them one
 * after another; during a burst (ticket creations, incoming calls) each insert queued behind the
 * others, while one `insertMany` of 100 documents costs about as much as five single inserts.
 */
export function createBatchedCollectionInsert(collection: () => mongoose.mongo.Collection) {
  const insertBatch = createKeyedBatcher<Record<string, unknown>, Error | null>(async (_key, documents) => {
    try {
      await collection().insertMany(documents, { ordered: false });
      return documents.map(() => null);
    } catch (error) {
      if (!(error instanceof mongoose.mongo.MongoBulkWriteError)) throw error;
      // The driver also wraps a network or server-selection failure (the database restarting) in a
      // MongoBulkWriteError, with no write errors: then nothing is known to be stored, and reading
      // it as "no document failed" answered 201 for tickets that were never written.
      if ([error.writeErrors].flat().length === 0) throw error;
      const failures = new Map(
        [error.writeErrors].flat().map((writeError) => [writeError.index, new mongoose.mongo.MongoServerError({ message: writeError.errmsg ?? 'write refused', code: writeError.code })]),
      );
      return documents.map((_, index) => failures.get(index) ?? null);
    }
  });
  return async function insert(document: Record<string, unknown>): Promise<void> {
    const failure = await insertBatch('', document);
    if (failure) throw failure;
  };
}

/**
 * Inserts new documents of `model` through a batched insert, each cast, defaulted, timestamped and
 * validated by mongoose first. `TStored` is what the caller gets back: mongoose's inferred model types
 * do not line up as one generic.
 *
 * Why the model's static helpers rather than `new model(fields)`: a mongoose document cost twice as
 * much to build, validate and turn back into an object, a third of a millisecond per ticket under load.
 */
export function createBatchedInsert<TStored>(model: Model<any>) {
  const insertStored = createBatchedCollectionInsert(() => model.collection as unknown as mongoose.mongo.Collection);
  const timestamps = (model.schema as { $timestamps?: { createdAt?: string; updatedAt?: string } }).$timestamps;
  return async function insert(fields: Record<string, unknown>): Promise<TStored> {
    const document = model.applyDefaults(model.castObject(fields)) as Record<string, unknown>;
    const now = new Date();
    if (timestamps?.createdAt) document[timestamps.createdAt] ??= now;
    if (timestamps?.updatedAt) document[timestamps.updatedAt] ??= (timestamps.createdAt && document[timestamps.createdAt]) || now;
    await model.validate(document);
    await insertStored(document);
    return document as TStored;
  };
}
