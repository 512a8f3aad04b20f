import mongoose from 'mongoose';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createManualClock, type ManualClock } from '../../server/src/platform/clock.js';
import { createFerretDbStorage } from '../../server/src/platform/storage/ferretdb/ferretdb-storage.js';
import { createMongoDbStorage } from '../../server/src/platform/storage/mongodb/mongodb-storage.js';
import { DuplicateRecordError, LeaseLostError, type Storage } from '../../server/src/platform/storage/index.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

// Every adapter must behave the same. The embedded one runs on any server; the MongoDB one needs MongoDB.
const adapters: Array<[string, (clock: ManualClock) => Storage]> = [
  ['embedded (FerretDB workarounds)', (clock) => createFerretDbStorage(mongoose.connection, clock)],
  ...(process.env.MONGODB_URI ? [['mongodb', (clock: ManualClock) => createMongoDbStorage(mongoose.connection, clock)] as [string, (clock: ManualClock) => Storage]] : []),
];

/**
 * Registers another writer on the database for the rest of the test, as a second node does, and waits
 * until this process stops writing alone (the embedded adapter then takes its locks and leases).
 */
async function anotherWriterRegistered() {
  const locks = mongoose.connection.collection<{ _id: string; token: string; expiresAt: Date }>('locks');
  const writerId = `writer:other-node-${new mongoose.Types.ObjectId().toHexString()}`;
  const register = () => locks.updateOne({ _id: writerId }, { $set: { token: writerId, expiresAt: new Date(Date.now() + 4_000) } }, { upsert: true });
  await register();
  const renewing = setInterval(() => void register(), 1_000);
  onTestFinished(async () => {
    clearInterval(renewing);
    await locks.deleteOne({ _id: writerId });
  });
  await expect.poll(() => locks.countDocuments({ _id: 'sole-writer' }), { timeout: 10_000 }).toBe(0);
}

interface Counted {
  _id: string;
  version: number;
  count: number;
  note?: string;
}

describe.each(adapters)('storage contract: %s', (_name, createStorage) => {
  let clock: ManualClock;
  let storage: Storage;
  let prefix: string;
  const records = () => mongoose.connection.collection<Counted>('contract_records');

  beforeEach(() => {
    clock = createManualClock();
    storage = createStorage(clock);
    prefix = new mongoose.Types.ObjectId().toHexString();
  });

  describe('versioned update', () => {
    it('writes the change and a new version, and tells what the record was before', async () => {
      await records().insertOne({ _id: `${prefix}-a`, version: 3, count: 1 });
      const result = await storage.updateVersioned<Counted>('contract_records', `${prefix}-a`, (current) => ({ set: { count: current.count + 1 } }));
      expect(result).toMatchObject({ changed: true, before: { version: 3, count: 1 }, after: { version: 4, count: 2 } });
      expect(await records().findOne({ _id: `${prefix}-a` })).toMatchObject({ version: 4, count: 2 });
    });

    it('reads a record back as its latest versioned write left it, and null for none', async () => {
      await records().insertOne({ _id: `${prefix}-read`, version: 1, count: 1 });
      await storage.updateVersioned<Counted>('contract_records', `${prefix}-read`, (current) => ({ set: { count: current.count + 1 } }));
      await Promise.all(Array.from({ length: 5 }, () => storage.updateVersioned<Counted>('contract_records', `${prefix}-read`, (current) => ({ set: { count: current.count + 1 } }))));
      expect(await storage.readVersioned<Counted>('contract_records', `${prefix}-read`)).toMatchObject({ version: 7, count: 7 });
      expect(await storage.readVersioned<Counted>('contract_records', `${prefix}-none`)).toBeNull();
    });

    it('loses no write when fifty updates of one record run at once', async () => {
      await records().insertOne({ _id: `${prefix}-b`, version: 1, count: 0 });
      await Promise.all(
        Array.from({ length: 50 }, () => storage.updateVersioned<Counted>('contract_records', `${prefix}-b`, (current) => ({ set: { count: current.count + 1 } }))),
      );
      expect(await records().findOne({ _id: `${prefix}-b` })).toMatchObject({ version: 51, count: 50 });
    });

    it('a refusal or a no-op leaves the record as it was; a missing record answers null', async () => {
      await records().insertOne({ _id: `${prefix}-c`, version: 2, count: 5 });
      await expect(
        storage.updateVersioned<Counted>('contract_records', `${prefix}-c`, (current) => {
          if (current.version !== 1) throw new Error('stale version');
          return { set: { count: 0 } };
        }),
      ).rejects.toThrow('stale version');
      expect(await storage.updateVersioned<Counted>('contract_records', `${prefix}-c`, () => null)).toMatchObject({ changed: false, after: { version: 2 } });
      expect(await storage.updateVersioned<Counted>('contract_records', `${prefix}-missing`, () => ({ set: { count: 1 } }))).toBeNull();
      expect(await records().findOne({ _id: `${prefix}-c` })).toMatchObject({ version: 2, count: 5 });
    });

    it('an internal field can be written without a new version', async () => {
      await records().insertOne({ _id: `${prefix}-d`, version: 7, count: 0 });
      await storage.updateVersioned<Counted>('contract_records', `${prefix}-d`, () => ({ set: { note: 'internal' }, bumpVersion: false }));
      expect(await records().findOne({ _id: `${prefix}-d` })).toMatchObject({ version: 7, note: 'internal' });
    });
  });

  describe('records created and deleted by version', () => {
    it('a record stored before versions existed reads as version 0, and its first change makes it version 1', async () => {
      await records().insertOne({ _id: `${prefix}-old`, count: 1 } as Counted);
      const result = await storage.updateVersioned<Counted>('contract_records', `${prefix}-old`, (current) => ({ set: { count: current.count + current.version + 1 } }));
      expect(result).toMatchObject({ changed: true, before: { version: 0, count: 1 }, after: { version: 1, count: 2 } });
    });

    it('creates a record with version 1; of two creators of one record exactly one wins, and the loser is told', async () => {
      const outcomes = await Promise.allSettled([
        storage.insertVersioned('contract_records', { _id: `${prefix}-new`, count: 1 }),
        storage.insertVersioned('contract_records', { _id: `${prefix}-new`, count: 2 }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(DuplicateRecordError);
      const winner = (outcomes.find((outcome) => outcome.status === 'fulfilled') as PromiseFulfilledResult<Counted>).value;
      expect(await records().findOne({ _id: `${prefix}-new` })).toEqual({ _id: `${prefix}-new`, version: 1, count: winner.count });
    });

    it('deletes a record only while it has the expected version', async () => {
      await records().insertMany([{ _id: `${prefix}-del`, version: 3, count: 0 }, { _id: `${prefix}-del-old`, count: 0 } as Counted]);
      expect(await storage.deleteVersioned('contract_records', `${prefix}-del`, 2)).toBe(false);
      expect(await records().findOne({ _id: `${prefix}-del` })).toMatchObject({ version: 3 });
      expect(await storage.deleteVersioned('contract_records', `${prefix}-del`, 3)).toBe(true);
      expect(await records().findOne({ _id: `${prefix}-del` })).toBeNull();
      expect(await storage.deleteVersioned('contract_records', `${prefix}-del`, 3)).toBe(false);
      expect(await storage.deleteVersioned('contract_records', `${prefix}-del-old`, 0)).toBe(true);
    });

    it('a change and a delete of one record racing never both succeed', async () => {
      await records().insertOne({ _id: `${prefix}-race`, version: 1, count: 0 });
      const [changed, deleted] = await Promise.all([
        storage.updateVersioned<Counted>('contract_records', `${prefix}-race`, (current) => ({ set: { count: current.count + 1 } })),
        storage.deleteVersioned('contract_records', `${prefix}-race`, 1),
      ]);
      // Either the delete came first (the change found nothing), or the change did (the delete saw version 2).
      expect(changed === null ? deleted : !deleted).toBe(true);
    });

    it('a lapsed lease can neither create nor delete', async () => {
      await records().insertOne({ _id: `${prefix}-fenced`, version: 1, count: 0 });
      const lease = (await storage.acquireLease(`${prefix}-fence`, { owner: 'a', ttlMs: 1_000 }))!;
      await clock.advance(1_001);
      await expect(storage.insertVersioned('contract_records', { _id: `${prefix}-fenced-new`, count: 0 }, { fence: lease })).rejects.toBeInstanceOf(LeaseLostError);
      await expect(storage.deleteVersioned('contract_records', `${prefix}-fenced`, 1, { fence: lease })).rejects.toBeInstanceOf(LeaseLostError);
      expect(await records().countDocuments({ _id: { $in: [`${prefix}-fenced`, `${prefix}-fenced-new`] } })).toBe(1);
    });
  });

  it('counters hand out every number once under concurrency', async () => {
    const values = await Promise.all(Array.from({ length: 30 }, () => storage.increment(`${prefix}-counter`)));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    expect(await storage.increment(`${prefix}-counter`, 10)).toBe(40);
  });

  it('counters kept in one document are increased together, losing nothing under concurrency', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, index) => storage.incrementFields(`${prefix}-rooms`, { 'rooms.a': 1, ...(index % 2 ? { 'rooms.b': 2 } : {}) })));
    expect(await storage.incrementFields(`${prefix}-rooms`, { 'rooms.a': 1 })).toMatchObject({ rooms: { a: 21, b: 20 } });
  });

  describe('leases', () => {
    it('a live lease is not given to another owner; a lapsed one is, with a greater token', async () => {
      const first = await storage.acquireLease(`${prefix}-job`, { owner: 'node-a', ttlMs: 10_000 });
      expect(first).not.toBeNull();
      expect(await storage.acquireLease(`${prefix}-job`, { owner: 'node-b', ttlMs: 10_000 })).toBeNull();
      await clock.advance(10_001);
      const second = await storage.acquireLease(`${prefix}-job`, { owner: 'node-b', ttlMs: 10_000 });
      expect(second!.token).toBeGreaterThan(first!.token);
    });

    it('a lapsed lease cannot commit, whether or not someone took it over', async () => {
      await records().insertOne({ _id: `${prefix}-fenced`, version: 1, count: 0 });
      const lapsed = await storage.acquireLease(`${prefix}-fenced`, { owner: 'node-a', ttlMs: 5_000 });
      await clock.advance(5_000);
      const write = (fence: typeof lapsed) => storage.updateVersioned<Counted>('contract_records', `${prefix}-fenced`, (current) => ({ set: { count: current.count + 1 } }), { fence: fence! });
      await expect(write(lapsed)).rejects.toBeInstanceOf(LeaseLostError);
      await expect(lapsed!.renew()).rejects.toBeInstanceOf(LeaseLostError);

      const successor = await storage.acquireLease(`${prefix}-fenced`, { owner: 'node-b', ttlMs: 5_000 });
      await expect(write(lapsed)).rejects.toBeInstanceOf(LeaseLostError);
      await write(successor);
      expect(await records().findOne({ _id: `${prefix}-fenced` })).toMatchObject({ version: 2, count: 1 });
    });

    it('a renewed lease outlives its first expiry; a released one is free at once', async () => {
      const lease = await storage.acquireLease(`${prefix}-renewed`, { owner: 'node-a', ttlMs: 5_000 });
      await clock.advance(4_000);
      await lease!.renew();
      await clock.advance(4_000);
      await lease!.assertHeld();
      expect(await storage.acquireLease(`${prefix}-renewed`, { owner: 'node-b', ttlMs: 5_000 })).toBeNull();
      await lease!.release();
      const next = await storage.acquireLease(`${prefix}-renewed`, { owner: 'node-b', ttlMs: 5_000 });
      expect(next!.token).toBe(lease!.token + 1);
      await next!.release({ forget: true });
      await expect(next!.assertHeld()).rejects.toBeInstanceOf(LeaseLostError);
      expect(await mongoose.connection.collection('leases').countDocuments({ _id: `${prefix}-renewed` as never })).toBe(0);
    });
  });

  describe('mutex over several keys', () => {
    it('never lets two holders of a shared key work at once', async () => {
      let inside = 0;
      let most = 0;
      const hold = (keys: string[]) =>
        storage.withMutex(keys, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolveTurn) => setImmediate(resolveTurn));
          inside -= 1;
        });
      await Promise.all([hold([`${prefix}-x`, `${prefix}-y`]), hold([`${prefix}-y`, `${prefix}-x`]), hold([`${prefix}-y`]), hold([`${prefix}-x`])]);
      expect(most).toBe(1);
    });

    it('leaves no lease record behind, and a holder that lapsed cannot commit after its key was used again', async () => {
      const keys = Array.from({ length: 6 }, (_, index) => `${prefix}-once-${index}`);
      for (const key of keys) await storage.withMutex([key], async (fence) => fence.assertHeld());
      const leases = mongoose.connection.collection('leases');
      expect(await leases.countDocuments({ _id: { $in: keys.map((key) => `mutex:${key}`) } } as never)).toBe(0);

      let lapsedFence: Parameters<Parameters<Storage['withMutex']>[1]>[0] | undefined;
      await storage.withMutex([`${prefix}-again`], async (fence) => {
        lapsedFence = fence;
      });
      // The key's next holder starts again from token 1, as the one before did.
      await storage.withMutex([`${prefix}-again`], async () => {
        await expect(lapsedFence!.assertHeld()).rejects.toBeInstanceOf(LeaseLostError);
      });
    });

    it('is renewed while its holder works past the first expiry, so nobody takes it over', async () => {
      // With another node writing, the embedded adapter holds mutexes with leases, not alone.
      await anotherWriterRegistered();
      await storage.withMutex(
        [`${prefix}-long`],
        async (fence) => {
          await clock.advance(30_000);
          expect(await storage.acquireLease(`mutex:${prefix}-long`, { owner: 'intruder', ttlMs: 3_000 })).toBeNull();
          await fence.assertHeld();
        },
        { ttlMs: 3_000 },
      );
      expect(await storage.acquireLease(`mutex:${prefix}-long`, { owner: 'next', ttlMs: 3_000 })).not.toBeNull();
    });
  });

  describe('change feed', () => {
    it('numbers entries in order without gaps and reads them back by position', async () => {
      const start = (await storage.readFeed(0, 0)).head;
      const draft = (version: number) => ({ stream: 'contract', recordId: prefix, version, type: 'contract.changed', payload: { version }, rooms: ['role:supervisor'] });
      const [first, second] = await Promise.all([storage.appendToFeed([draft(1), draft(2)], 60_000), storage.appendToFeed([draft(3)], 60_000)]);
      const positions = [...first!, ...second!].map((entry) => entry.position).sort((a, b) => a - b);
      expect(positions).toEqual([start + 1, start + 2, start + 3]);
      const read = await storage.readFeed(start, 10);
      expect(read.head).toBe(start + 3);
      expect(read.entries.map((entry) => entry.position)).toEqual(positions);
      expect(read.entries.find((entry) => entry.payload.version === 3)).toMatchObject({ type: 'contract.changed', rooms: ['role:supervisor'] });
      expect((await storage.readFeed(start + 1, 1)).entries.map((entry) => entry.position)).toEqual([start + 2]);
    });

    it('keeps each consumer position, so a consumer resumes where it stopped', async () => {
      expect(await storage.readFeedPosition(`${prefix}-consumer`)).toBe(0);
      await storage.saveFeedPosition(`${prefix}-consumer`, 42);
      expect(await createStorage(clock).readFeedPosition(`${prefix}-consumer`)).toBe(42);
    });

    it('wakes a watcher when another node appends, on a server with change streams', async (context) => {
      const hello = await mongoose.connection.db!.admin().command({ hello: 1 });
      if (!storage.watchFeed || hello.setName === undefined) context.skip();
      let heard = false;
      const stopWatching = storage.watchFeed!(() => (heard = true));
      const otherNode = createStorage(clock);
      // The stream opens in the background: the other node appends until the watcher hears one.
      for (let version = 1; !heard && version <= 50; version += 1) {
        await otherNode.appendToFeed([{ stream: 'contract', recordId: prefix, version, type: 'contract.changed', payload: {}, rooms: [] }], 60_000);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      stopWatching();
      expect(heard).toBe(true);
    });

    it('drops entries past their retention', async () => {
      const [entry] = await storage.appendToFeed([{ stream: 'contract', recordId: prefix, version: 1, type: 'contract.changed', payload: {}, rooms: [] }], 1_000);
      await clock.advance(1_001);
      expect(await storage.deleteExpiredFeedEntries()).toBeGreaterThanOrEqual(1);
      expect((await storage.readFeed(entry!.position - 1, 1)).entries).toEqual([]);
    });
  });

  describe('change journal', () => {
    it('keeps every note opened at once until it is closed, and lists the old ones oldest first', async () => {
      const mine = async (before: Date) => (await storage.journal.readOpenedBefore(before, 1_000)).filter((note) => note.recordId.startsWith(prefix));
      const first = await storage.journal.open('contract', `${prefix}-first`);
      await clock.advance(1_000);
      const notes = await Promise.all(Array.from({ length: 20 }, (_, index) => storage.journal.open('contract', `${prefix}-${index}`)));
      expect(new Set(notes.map((note) => note.id)).size).toBe(20);
      expect((await mine(clock.now())).map((note) => note.recordId)).toEqual([`${prefix}-first`]);
      await clock.advance(1);
      expect(await mine(clock.now())).toHaveLength(21);
      expect((await mine(clock.now()))[0]).toMatchObject({ id: first.id, kind: 'contract', recordId: `${prefix}-first` });

      await Promise.all([first, ...notes.slice(0, 10)].map((note) => createStorage(clock).journal.close(note)));
      expect((await mine(clock.now())).map((note) => note.recordId).sort()).toEqual(notes.slice(10).map((note) => note.recordId).sort());
    });

    it('gives a note back with the detail it was opened with (what a deleted record leaves for its finisher)', async () => {
      const detail = { version: 7, rooms: ['role:supervisor', 'team:north'] };
      const opened = await storage.journal.open('contract-removal', `${prefix}-removed`, detail);
      await clock.advance(1);
      const found = (await storage.journal.readOpenedBefore(clock.now(), 1_000)).filter((note) => note.id === opened.id);
      expect(found).toEqual([{ id: opened.id, kind: 'contract-removal', recordId: `${prefix}-removed`, openedAt: opened.openedAt, detail }]);
      await storage.journal.close(opened);
    });
  });

  describe('versioned record that may not exist yet', () => {
    it('is created once at version 1 when thirty writers race for it, and every change after counts', async () => {
      const results = await Promise.all(
        Array.from({ length: 30 }, () =>
          storage.upsertVersioned<Counted>('contract_records', `${prefix}-u`, (current) => ({ set: { count: (current?.count ?? 0) + 1 } })),
        ),
      );
      expect(results.filter((result) => result.before === null)).toHaveLength(1);
      expect(await records().findOne({ _id: `${prefix}-u` })).toMatchObject({ version: 30, count: 30 });
    });

    it('creates nothing when the decision is no change, and a record from before versions counts as version 0', async () => {
      expect(await storage.upsertVersioned<Counted>('contract_records', `${prefix}-none`, () => null)).toEqual({ before: null, after: null, changed: false });
      expect(await records().findOne({ _id: `${prefix}-none` })).toBeNull();
      await mongoose.connection.collection('contract_records').insertOne({ _id: `${prefix}-old` as never, count: 4 });
      const result = await storage.upsertVersioned<Counted>('contract_records', `${prefix}-old`, (current) => ({ set: { count: current!.count + 1 } }));
      expect(result.after).toMatchObject({ version: 1, count: 5 });
    });

    it('refuses the write of a holder whose lease lapsed', async () => {
      const lease = (await storage.acquireLease(`${prefix}-upsert-lease`, { owner: 'slow', ttlMs: 1_000 }))!;
      await clock.advance(1_001);
      await expect(storage.upsertVersioned<Counted>('contract_records', `${prefix}-fenced`, () => ({ set: { count: 1 } }), { fence: lease })).rejects.toBeInstanceOf(LeaseLostError);
      expect(await records().findOne({ _id: `${prefix}-fenced` })).toBeNull();
    });
  });

  describe('expiring counters', () => {
    const windows = () => `contract_windows`;

    it('counts thirty parallel counts exactly, then starts again once the window is over', async () => {
      const counts = await Promise.all(Array.from({ length: 30 }, () => storage.countInWindow(windows(), `${prefix}-w`, { windowMs: 60_000 })));
      expect(counts.map((counted) => counted.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
      expect(new Set(counts.map((counted) => counted.expiresAt.getTime()))).toEqual(new Set([clock.now().getTime() + 60_000]));
      await clock.advance(59_999);
      expect((await storage.countInWindow(windows(), `${prefix}-w`, { windowMs: 60_000 })).count).toBe(31);
      await clock.advance(1);
      expect(await storage.countInWindow(windows(), `${prefix}-w`, { windowMs: 60_000 })).toEqual({ count: 1, expiresAt: new Date(clock.now().getTime() + 60_000) });
    });

    it('a sliding window is pushed back by every count', async () => {
      await storage.countInWindow(windows(), `${prefix}-s`, { windowMs: 1_000, slide: true });
      await clock.advance(900);
      expect(await storage.countInWindow(windows(), `${prefix}-s`, { windowMs: 1_000, slide: true })).toEqual({ count: 2, expiresAt: new Date(clock.now().getTime() + 1_000) });
    });

    it('takes a count back only within the window it was counted in, never below zero', async () => {
      const first = await storage.countInWindow(windows(), `${prefix}-r`, { windowMs: 1_000 });
      await storage.countInWindow(windows(), `${prefix}-r`, { windowMs: 1_000 });
      await Promise.all([1, 2, 3].map(() => storage.uncountInWindow(windows(), `${prefix}-r`, first.expiresAt)));
      expect(await mongoose.connection.collection(windows()).findOne({ _id: `${prefix}-r` as never })).toMatchObject({ count: 0 });
      await clock.advance(1_000);
      const next = await storage.countInWindow(windows(), `${prefix}-r`, { windowMs: 1_000 });
      await storage.uncountInWindow(windows(), `${prefix}-r`, first.expiresAt);
      expect(await mongoose.connection.collection(windows()).findOne({ _id: `${prefix}-r` as never })).toMatchObject({ count: 1, expiresAt: next.expiresAt });
    });
  });
});
