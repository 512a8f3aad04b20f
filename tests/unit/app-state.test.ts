import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MONGOOSE_OPTIONS } from '../../server/src/database/connect-database.js';
import { emptyDatabase } from '../../server/src/database/empty-database.js';
import { createReadThroughCache } from '../../server/src/database/read-through-cache.js';
import { createCounterBlocks } from '../../server/src/modules/counters/counters.service.js';
import { createAppScope, defineAppState } from '../../server/src/platform/app-state.js';
import { chooseStorage } from '../../server/src/platform/storage/index.js';

// This file connects the process to one database, then to another, as a worker does from one test
// file to the next: nothing read from the first may be served.
const databases: string[] = [];

async function connectToNewDatabase(): Promise<void> {
  if (mongoose.connection.readyState !== 0) await mongoose.disconnect();
  const dbName = `test_${randomBytes(6).toString('hex')}`;
  databases.push(dbName);
  await mongoose.connect(inject('mongoUri'), { ...MONGOOSE_OPTIONS, dbName });
  await chooseStorage(mongoose.connection);
}

afterAll(async () => {
  for (const dbName of databases) await emptyDatabase(mongoose.connection.useDb(dbName).db!).catch(() => undefined);
  await mongoose.disconnect();
});

const probes = () => mongoose.connection.collection<{ _id: string }>('probes');
const probeCache = defineAppState((clock) => createReadThroughCache(60_000, async () => (await probes().find().toArray()).map((probe) => probe._id), clock));
const nextNumber = defineAppState(() => createCounterBlocks(20));

describe('what the server keeps in memory from the database', () => {
  it('is read again, outside any app, after connecting to another database: a cache and reserved counter numbers', async () => {
    await connectToNewDatabase();
    await probes().insertOne({ _id: 'first database' });
    expect(await probeCache().get()).toEqual(['first database']);
    expect([await nextNumber()('probe'), await nextNumber()('probe')]).toEqual([1, 2]);

    await connectToNewDatabase();
    expect(await probeCache().get()).toEqual([]);
    // The block reserved from the first database's counter is not handed out here.
    expect(await nextNumber()('probe')).toBe(1);
  });

  it('is kept apart for two apps of one process, and each one keeps its own through what it awaits', async () => {
    await connectToNewDatabase();
    const first = createAppScope();
    const second = createAppScope();
    await probes().insertOne({ _id: 'before' });
    expect(await first.run(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return probeCache().get();
    })).toEqual(['before']);
    await probes().insertOne({ _id: 'after' });
    // The second app reads for itself; the first still serves what it read.
    expect((await second.run(() => probeCache().get())).sort()).toEqual(['after', 'before']);
    expect(await first.run(() => probeCache().get())).toEqual(['before']);
    // Each app numbers from its own block, both from the one counter.
    expect([await first.run(() => nextNumber()('probe')), await second.run(() => nextNumber()('probe'))]).toEqual([1, 21]);

    // An invalidation of this process reaches every live app; a stopped app is no longer visited.
    const secondCache = second.run(() => probeCache());
    second.stop();
    const visited: unknown[] = [];
    probeCache.forEach((cache) => visited.push(cache));
    expect(visited).toContain(first.run(() => probeCache()));
    expect(visited).not.toContain(secondCache);
    first.stop();
  });
});
