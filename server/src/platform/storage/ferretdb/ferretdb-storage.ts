import mongoose from 'mongoose';
import { isDuplicateKeyError } from '../../../database/retry-on-duplicate-key.js';
import { withLock, type LockFence } from './with-lock.js';
import { soleWriterClaim, type WriterMemo } from './sole-writer.js';
import type { Clock } from '../../clock.js';
import { holdLeases } from '../hold-leases.js';
import { createFerretDbOrderedLists } from './ferretdb-ordered-lists.js';
import { applySet, restoreSetPaths } from './set-paths.js';
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

export interface FerretDbStorageHooks {
  /** Runs between a versioned update's or delete's last check of its lock and its write: where a test pauses the holder. */
  beforeVersionedWrite?: (lockName: string) => Promise<void> | void;
}

/**
 * Thrown by a versioned write that replaced or deleted a newer version than the one it was decided on:
 * its holder stalled past its lock between the last check and the write, and the lock's next holder
 * wrote meanwhile. `putBack` gives the other holder's values back.
 */
class LandedOnAnotherWrite extends Error {
  override name = 'LandedOnAnotherWrite';
  constructor(readonly putBack: (lock: LockFence) => Promise<void>) {
    super('a versioned write landed on another holder’s write');
  }
}

/**
 * A feed entry's `_id` on FerretDB: its position as text. FerretDB 1.24 answers a filter on `_id`
 * from its primary key only for a string or an ObjectId; a number is matched by decoding every
 * document (a second per lookup at 20,000 entries, and the feed keeps seven days of changes).
 */
const feedEntryKey = (position: number) => String(position);

/**
 * Feed entries written before their key was text (numbers, see `feedEntryKey`) are rewritten under
 * it once, when a node starts: one read of the collection, instead of one per later lookup.
 */
export async function rekeyNumericFeedEntries(connection: mongoose.Connection): Promise<number> {
  const feed = connection.collection(FEED_COLLECTION);
  const numeric = await feed.find({ _id: { $type: 'number' } as never }).toArray();
  if (numeric.length === 0) return 0;
  for (let start = 0; start < numeric.length; start += 1_000) {
    const rekeyed = numeric.slice(start, start + 1_000).map((document) => ({ ...document, _id: feedEntryKey(Number(document._id)) as never }));
    // Another node starting at the same moment may have written some already.
    await feed.insertMany(rekeyed, { ordered: false }).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  }
  await feed.deleteMany({ _id: { $type: 'number' } as never });
  return numeric.length;
}


// The memo is the process's, and several connections (databases) may share it.
const recordMemoKey = (connection: mongoose.Connection, lockName: string) => `${connection.name}/record:${lockName}`;

/** The record as this node last read or wrote it, as a new object (callers may change what they get). */
function rememberedRecord<T>(memo: WriterMemo, key: string): T | undefined {
  const bytes = memo.get<Uint8Array>(key);
  return bytes ? (mongoose.mongo.BSON.deserialize(bytes) as T) : undefined;
}

function rememberRecord(memo: WriterMemo | undefined, key: string, record: object): void {
  if (!memo) return;
  const bytes = mongoose.mongo.BSON.serialize(record, { ignoreUndefined: false });
  memo.set(key, bytes, bytes.length);
}

/** Whether two values read back from the database are the same, whatever the order of their fields. */
export function sameStoredValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if ('_bsontype' in a || '_bsontype' in b) {
    const ejson = mongoose.mongo.BSON.EJSON;
    return ejson.stringify(a as never, { relaxed: false }) === ejson.stringify(b as never, { relaxed: false });
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameStoredValue(item, b[index]));
  }
  const keysOf = (value: object) => Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
  const keys = keysOf(a);
  if (keys.length !== keysOf(b).length) return false;
  return keys.every((key) => sameStoredValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * `withLock` for a versioned write. FerretDB cannot make the write conditional on the version at a
 * bearable cost (a filter on more than `_id` reads the whole collection: a second per write at 5,000
 * tickets), so the write reports what it replaced instead; one that landed on another holder's write
 * has it put back under the lock, then the section runs again on what is there.
 */
async function withLockPuttingBack<T>(lockName: string, critical: (lock: LockFence) => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await withLock(lockName, critical);
    } catch (error) {
      if (!(error instanceof LandedOnAnotherWrite)) throw error;
      await withLock(lockName, error.putBack);
    }
  }
}

/**
 * The storage seam on FerretDB 1.24 (the embedded database), where an update is a read and a write
 * back, so nothing but an insert refused by a unique index is atomic, and only a filter on `_id`
 * alone is answered from an index. Every read-modify-write therefore runs under a short lock built
 * on a unique insert (`withLock`), whose fence is checked right before the write, and every access
 * is by `_id`.
 *
 * Leases are documents that stay once released (unless forgotten), so their `token` only ever grows;
 * taking or renewing one is itself a read-modify-write under the short lock, judged by the injected clock.
 */
export function createFerretDbStorage(connection: mongoose.Connection, clock: Clock, hooks: FerretDbStorageHooks = {}): Storage {
  const collection = <T extends mongoose.mongo.Document = mongoose.mongo.Document>(name: string) =>
    connection.collection<T>(name) as unknown as mongoose.mongo.Collection<T>;
  const leases = () => collection<LeaseDocument>(LEASES_COLLECTION);

  async function assertLeaseHeld(name: string, token: number, owner: string): Promise<void> {
    // A process that stalled past its writer registration may find its lease record still live while
    // another process, seeing no other writer, writes alone without leases.
    if (!soleWriterClaim().mayWriteNow()) throw new LeaseLostError(name);
    const held = await leases().findOne({ _id: name });
    if (!held || held.token !== token || held.owner !== owner || held.expiresAt.getTime() <= clock.now().getTime()) throw new LeaseLostError(name);
  }

  function toLease(name: string, token: number, owner: string, ttlMs: number): Lease {
    return {
      name,
      token,
      assertHeld: () => assertLeaseHeld(name, token, owner),
      renew: () =>
        withLock(`lease:${name}`, async (lock) => {
          await assertLeaseHeld(name, token, owner);
          lock.assertHeld();
          await leases().updateOne({ _id: name }, { $set: { expiresAt: new Date(clock.now().getTime() + ttlMs) } });
        }),
      release: (options = {}) =>
        withLock(`lease:${name}`, async (lock) => {
          const held = await leases().findOne({ _id: name });
          if (held?.token !== token || held.owner !== owner) return;
          lock.assertHeld();
          if (options.forget) await leases().deleteOne({ _id: name });
          else await leases().updateOne({ _id: name }, { $set: { owner: null, expiresAt: new Date(0) } });
        }),
    };
  }

  async function increment(counter: string, by = 1): Promise<number> {
    return withLock(`counter:${counter}`, async (lock) => {
      const counters = collection<{ _id: string; sequence: number }>(COUNTERS_COLLECTION);
      lock.assertHeld();
      const updated = await counters.findOneAndUpdate({ _id: counter }, { $inc: { sequence: by } }, { upsert: true, returnDocument: 'after' });
      return updated!.sequence;
    });
  }

  const storage: Storage = {
    kind: 'embedded',
    clock,

    async updateVersioned<T extends VersionedRecord>(name: string, id: unknown, decide: (current: T) => { set: Record<string, unknown>; bumpVersion?: boolean } | null, options: { fence?: { assertHeld(): Promise<void> } } = {}) {
      const records = collection(name);
      const lockName = `${name}:${String(id)}`;
      const memoKey = recordMemoKey(connection, lockName);
      return withLockPuttingBack(lockName, async (lock) => {
        // Alone on the database, the record as this node last read or wrote it saves the read. A
        // decision on it is kept only if it writes (the write returns what it replaced, which must be
        // exactly that record); a refusal, or nothing to change, is decided again on the record as stored.
        const remembered = lock.memo ? rememberedRecord<T>(lock.memo, memoKey) : undefined;
        let decided: { before: T; change: NonNullable<ReturnType<typeof decide>>; onRemembered: boolean } | undefined;
        if (remembered) {
          const before = { ...remembered, version: versionOf(remembered) };
          try {
            const change = decide(before);
            if (change) decided = { before, change, onRemembered: true };
          } catch {
            // Decided again below, on the record as stored.
          }
        }
        if (!decided) {
          const found = (await records.findOne({ _id: id as never })) as T | null;
          if (!found) {
            lock.memo?.delete(memoKey);
            return null;
          }
          rememberRecord(lock.memo, memoKey, found);
          const before = { ...found, version: versionOf(found) };
          const change = decide(before);
          if (!change) return { before, after: before, changed: false };
          decided = { before, change, onRemembered: false };
        }
        const { before, change, onRemembered } = decided;
        await options.fence?.assertHeld();
        lock.assertHeld();
        // A record from before it was versioned counts as version 0.
        const writtenVersion = change.bumpVersion === false ? before.version : before.version + 1;
        const set = change.bumpVersion === false ? change.set : { ...change.set, version: writtenVersion };
        await hooks.beforeVersionedWrite?.(lockName);
        const replaced = (await records.findOneAndUpdate({ _id: id as never }, { $set: set }, { returnDocument: 'before' }).catch((error: unknown) => {
          // Whether it was written is unknown: the record is read again next time.
          lock.memo?.delete(memoKey);
          throw error;
        })) as T | null;
        // Deleted meanwhile by the lock's next holder: the update matched nothing.
        if (!replaced) {
          lock.memo?.delete(memoKey);
          return null;
        }
        // Decided on what this node remembered, and that was not the record as stored: put back and decided again, as for a write that landed on another's.
        if (versionOf(replaced) !== before.version || (onRemembered && !sameStoredValue(replaced, remembered))) {
          lock.memo?.delete(memoKey);
          throw new LandedOnAnotherWrite(async (again) => {
            // Unless a later write already built on this one (then nothing can be put back).
            const current = await records.findOne({ _id: id as never });
            if (!current || versionOf(current as { version?: number }) !== writtenVersion) return;
            again.assertHeld();
            await records.updateOne({ _id: id as never }, restoreSetPaths(replaced, set));
          });
        }
        const after = applySet(replaced, set);
        rememberRecord(lock.memo, memoKey, after);
        return { before, after, changed: true };
      });
    },

    async readVersioned<T extends VersionedRecord>(name: string, id: unknown) {
      // Outside the record's lock: what a versioned write of this node last left (the memo is updated
      // as each write answers), else the record as stored.
      const memo = soleWriterClaim().memoWhileAlone();
      const remembered = memo ? rememberedRecord<T>(memo, recordMemoKey(connection, `${name}:${String(id)}`)) : undefined;
      return remembered ?? ((await collection(name).findOne({ _id: id as never })) as T | null);
    },

    increment,

    incrementFields: (document, increments) =>
      withLock(`counter:${document}`, async (lock) => {
        const counters = collection<{ _id: string }>(COUNTERS_COLLECTION);
        lock.assertHeld();
        // FerretDB 1.24 refuses a projection in findOneAndUpdate: the whole document comes back.
        const updated = await counters.findOneAndUpdate(
          { _id: document },
          { $inc: increments },
          { upsert: true, returnDocument: 'after' },
        );
        return (updated ?? {}) as Record<string, unknown>;
      }),

    async acquireLease(name, { owner, ttlMs }) {
      return withLock(`lease:${name}`, async (lock) => {
        const now = clock.now().getTime();
        const held = await leases().findOne({ _id: name });
        if (held && held.owner !== null && held.expiresAt.getTime() > now) return null;
        const token = (held?.token ?? 0) + 1;
        lock.assertHeld();
        await leases().updateOne({ _id: name }, { $set: { token, owner, expiresAt: new Date(now + ttlMs) } }, { upsert: true });
        return toLease(name, token, owner, ttlMs);
      });
    },

    withMutex: (keys, work, options) =>
      holdLeases(storage.acquireLease, clock, keys, work, options, () => {
        const alone = soleWriterClaim().enterAlone();
        if (!alone) return null;
        const name = `mutex:${keys.join(',')}`;
        return {
          fence: {
            assertHeld: async () => {
              if (alone.lapsed()) throw new LeaseLostError(name);
            },
          },
          leave: alone.leave,
        };
      }),

    async appendToFeed(drafts, retentionMs) {
      if (drafts.length === 0) return [];
      const last = await increment(FEED_COUNTER, drafts.length);
      const at = clock.now();
      const expiresAt = new Date(at.getTime() + retentionMs);
      const entries: FeedEntry[] = drafts.map((draft, index) => ({ ...draft, position: last - drafts.length + 1 + index, at }));
      await collection(FEED_COLLECTION).insertMany(entries.map(({ position, ...entry }) => ({ _id: feedEntryKey(position) as never, ...entry, expiresAt })));
      return entries;
    },

    async readFeed(afterPosition, limit) {
      const counter = await collection<{ _id: string; sequence: number }>(COUNTERS_COLLECTION).findOne({ _id: FEED_COUNTER });
      const head = counter?.sequence ?? 0;
      const count = Math.max(0, Math.min(limit, head - afterPosition));
      // One lookup by `_id` per position: FerretDB answers a range filter by reading the whole collection.
      const found = await Promise.all(
        Array.from({ length: count }, (_, index) => collection(FEED_COLLECTION).findOne({ _id: feedEntryKey(afterPosition + 1 + index) as never })),
      );
      return {
        entries: found.filter((document) => document !== null).map((document) => toFeedEntry({ ...document, _id: Number(document._id) })),
        head,
      };
    },

    ...createFeedPositions(connection, clock),

    lists: createFerretDbOrderedLists(connection),

    journal: createChangeJournal(connection, clock),

    upsertVersioned: (name, id, decide, options) => upsertVersioned(storage.updateVersioned, collection(name), id, decide, options),

    countInWindow: (name, id, { by = 1, windowMs, slide = false }) =>
      withLock(`${name}:${id}`, async (lock) => {
        const counters = collection<{ _id: string; count: number; expiresAt: Date }>(name);
        const now = clock.now().getTime();
        const current = await counters.findOne({ _id: id });
        const live = current !== null && current.expiresAt.getTime() > now;
        const next = {
          count: live ? current.count + by : by,
          expiresAt: live && !slide ? current.expiresAt : new Date(now + windowMs),
        };
        lock.assertHeld();
        await counters.updateOne({ _id: id }, { $set: next }, { upsert: true });
        return next;
      }),

    uncountInWindow: (name, id, expiresAt) =>
      withLock(`${name}:${id}`, async (lock) => {
        const counters = collection<{ _id: string; count: number; expiresAt: Date }>(name);
        const current = await counters.findOne({ _id: id });
        if (!current || current.expiresAt.getTime() !== expiresAt.getTime() || current.count <= 0) return;
        lock.assertHeld();
        await counters.updateOne({ _id: id }, { $set: { count: current.count - 1 } });
      }),

    insertVersioned: createInsertVersioned(connection),

    // Under the same lock as updateVersioned, so a change and a delete of one record never interleave.
    deleteVersioned: (name, id, expectedVersion, options = {}) => {
      const lockName = `${name}:${String(id)}`;
      return withLockPuttingBack(lockName, async (lock) => {
        lock.memo?.delete(recordMemoKey(connection, lockName));
        const records = collection(name);
        const found = await records.findOne({ _id: id as never });
        if (!found || versionOf(found as { version?: number }) !== expectedVersion) return false;
        await options.fence?.assertHeld();
        lock.assertHeld();
        await hooks.beforeVersionedWrite?.(lockName);
        const removed = await records.findOneAndDelete({ _id: id as never });
        if (removed && versionOf(removed as { version?: number }) !== expectedVersion) {
          throw new LandedOnAnotherWrite(async (again) => {
            if (await records.findOne({ _id: id as never })) return;
            again.assertHeld();
            await records.insertOne(removed);
          });
        }
        return removed !== null;
      });
    },
  };
  return storage;
}
