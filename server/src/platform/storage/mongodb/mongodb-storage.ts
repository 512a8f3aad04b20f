import mongoose from 'mongoose';
import type { Clock } from '../../clock.js';
import { isDuplicateKeyError } from '../../../database/retry-on-duplicate-key.js';
import { holdLeases } from '../hold-leases.js';
import { createMongoDbOrderedLists, createOrderedListIndexes } from './mongodb-ordered-lists.js';
import {
  COUNTERS_COLLECTION,
  FEED_COLLECTION,
  FEED_COUNTER,
  LEASES_COLLECTION,
  LeaseLostError,
  toFeedEntry,
  versionOf,
  type FeedEntry,
  type Lease,
  type LeaseDocument,
  type Storage,
  type VersionedRecord,
} from '../storage.js';
import { createChangeJournal } from '../change-journal.js';
import { createFeedPositions } from '../feed-positions.js';
import { upsertVersioned } from '../upsert-versioned.js';
import { createInsertVersioned } from '../insert-versioned.js';

/** The filter value matching a record's version as stored: `null` matches a record stored without one. */
const storedVersion = (record: { version?: number | null }) => record.version ?? null;

/** How many times a versioned update reads again after someone else wrote the record first. */
const MAX_VERSION_RACES = 5;

/**
 * The storage seam on MongoDB, with its own means: atomic `findOneAndUpdate` for compare-and-set,
 * counters and leases, and a TTL index for the feed's retention. Kept small and plain, since only a
 * server in MONGODB_URI can run it (the contract tests do when it is set).
 */
export function createMongoDbStorage(connection: mongoose.Connection, clock: Clock): Storage {
  const collection = <T extends mongoose.mongo.Document = mongoose.mongo.Document>(name: string) =>
    connection.collection<T>(name) as unknown as mongoose.mongo.Collection<T>;
  const leases = () => collection<LeaseDocument>(LEASES_COLLECTION);
  const live = () => ({ $gt: clock.now() });

  async function assertLeaseHeld(name: string, token: number, owner: string): Promise<void> {
    if (!(await leases().findOne({ _id: name, token, owner, expiresAt: live() }))) throw new LeaseLostError(name);
  }

  function toLease(name: string, token: number, owner: string, ttlMs: number): Lease {
    return {
      name,
      token,
      assertHeld: () => assertLeaseHeld(name, token, owner),
      async renew() {
        const renewed = await leases().updateOne({ _id: name, token, owner, expiresAt: live() }, { $set: { expiresAt: new Date(clock.now().getTime() + ttlMs) } });
        if (renewed.matchedCount === 0) throw new LeaseLostError(name);
      },
      async release(options = {}) {
        if (options.forget) await leases().deleteOne({ _id: name, token, owner });
        else await leases().updateOne({ _id: name, token, owner }, { $set: { owner: null, expiresAt: new Date(0) } });
      },
    };
  }

  async function increment(counter: string, by = 1): Promise<number> {
    const counters = collection<{ _id: string; sequence: number }>(COUNTERS_COLLECTION);
    const updated = await counters.findOneAndUpdate({ _id: counter }, { $inc: { sequence: by } }, { upsert: true, returnDocument: 'after' });
    return updated!.sequence;
  }

  const storage: Storage = {
    kind: 'mongodb',
    clock,

    async updateVersioned<T extends VersionedRecord>(name: string, id: unknown, decide: (current: T) => { set: Record<string, unknown>; bumpVersion?: boolean } | null, options: { fence?: { assertHeld(): Promise<void> } } = {}) {
      const records = collection(name);
      for (let attempt = 1; ; attempt += 1) {
        const found = (await records.findOne({ _id: id as never })) as T | null;
        if (!found) return null;
        const before = { ...found, version: versionOf(found) };
        const change = decide(before);
        if (!change) return { before, after: before, changed: false };
        await options.fence?.assertHeld();
        const set = change.bumpVersion === false ? change.set : { ...change.set, version: before.version + 1 };
        const after = (await records.findOneAndUpdate({ _id: id as never, version: storedVersion(found) }, { $set: set }, { returnDocument: 'after' })) as T | null;
        if (after) return { before, after, changed: true };
        if (attempt >= MAX_VERSION_RACES) throw new Error(`${name} ${String(id)} kept changing while being updated`);
      }
    },

    readVersioned: async (name, id) => (await collection(name).findOne({ _id: id as never })) as never,

    increment,

    async incrementFields(document, increments) {
      const counters = collection<{ _id: string }>(COUNTERS_COLLECTION);
      // FerretDB 1.24 refuses a projection in findOneAndUpdate: the whole document comes back.
      const updated = await counters.findOneAndUpdate(
        { _id: document },
        { $inc: increments },
        { upsert: true, returnDocument: 'after' },
      );
      return (updated ?? {}) as Record<string, unknown>;
    },

    async acquireLease(name, { owner, ttlMs }) {
      const now = clock.now();
      try {
        // Matches a free or lapsed lease; a live one makes the upsert collide with its `_id`.
        const taken = await leases().findOneAndUpdate(
          { _id: name, $or: [{ owner: null }, { expiresAt: { $lte: now } }] },
          { $set: { owner, expiresAt: new Date(now.getTime() + ttlMs) }, $inc: { token: 1 } },
          { upsert: true, returnDocument: 'after' },
        );
        return toLease(name, taken!.token, owner, ttlMs);
      } catch (error) {
        if (isDuplicateKeyError(error)) return null;
        throw error;
      }
    },

    withMutex: (keys, work, options) => holdLeases(storage.acquireLease, clock, keys, work, options),

    async appendToFeed(drafts, retentionMs) {
      if (drafts.length === 0) return [];
      const last = await increment(FEED_COUNTER, drafts.length);
      const at = clock.now();
      const expiresAt = new Date(at.getTime() + retentionMs);
      const entries: FeedEntry[] = drafts.map((draft, index) => ({ ...draft, position: last - drafts.length + 1 + index, at }));
      await collection(FEED_COLLECTION).insertMany(entries.map(({ position, ...entry }) => ({ _id: position as never, ...entry, expiresAt })));
      return entries;
    },

    async readFeed(afterPosition, limit) {
      const [counter, documents] = await Promise.all([
        collection<{ _id: string; sequence: number }>(COUNTERS_COLLECTION).findOne({ _id: FEED_COUNTER }),
        collection(FEED_COLLECTION)
          .find({ _id: { $gt: afterPosition, $lte: afterPosition + limit } as never })
          .sort({ _id: 1 })
          .toArray(),
      ]);
      return { entries: documents.map((document) => toFeedEntry(document)), head: counter?.sequence ?? 0 };
    },

    watchFeed(onAppended) {
      const stream = collection(FEED_COLLECTION).watch([{ $match: { operationType: 'insert' } }]);
      stream.on('change', () => onAppended());
      // A standalone server has no change streams: the error ends the stream and polling carries on.
      stream.on('error', () => void stream.close().catch(() => undefined));
      return () => void stream.close().catch(() => undefined);
    },

    ...createFeedPositions(connection, clock),

    lists: createMongoDbOrderedLists(connection),

    journal: createChangeJournal(connection, clock),

    upsertVersioned: (name, id, decide, options) => upsertVersioned(storage.updateVersioned, collection(name), id, decide, options),

    async countInWindow(name, id, { by = 1, windowMs, slide = false }) {
      const now = clock.now();
      const restartAt = new Date(now.getTime() + windowMs);
      // An update pipeline: each field is computed from the document as it was, in one atomic step.
      const live = { $gt: ['$expiresAt', now] };
      const counted = await collection<{ _id: string; count: number; expiresAt: Date }>(name).findOneAndUpdate(
        { _id: id },
        [{ $set: { count: { $cond: [live, { $add: ['$count', by] }, by] }, expiresAt: slide ? restartAt : { $cond: [live, '$expiresAt', restartAt] } } }],
        { upsert: true, returnDocument: 'after' },
      );
      return { count: counted!.count, expiresAt: counted!.expiresAt };
    },

    async uncountInWindow(name, id, expiresAt) {
      await collection<{ _id: string; count: number; expiresAt: Date }>(name).updateOne({ _id: id, expiresAt, count: { $gt: 0 } }, { $inc: { count: -1 } });
    },

    insertVersioned: createInsertVersioned(connection),

    async deleteVersioned(name, id, expectedVersion, options = {}) {
      await options.fence?.assertHeld();
      const deleted = await collection(name).deleteOne({ _id: id as never, version: expectedVersion === 0 ? { $in: [0, null] } : expectedVersion });
      return deleted.deletedCount === 1;
    },
  };
  return storage;
}

/** The TTL index that lets MongoDB drop feed entries past their retention by itself. */
export async function createMongoDbIndexes(connection: mongoose.Connection): Promise<void> {
  await connection.collection(FEED_COLLECTION).createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  await createOrderedListIndexes(connection);
}
