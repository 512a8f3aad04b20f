import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MONGOOSE_OPTIONS } from '../../server/src/database/connect-database.js';
import { createReadThroughCache } from '../../server/src/database/read-through-cache.js';
import { createCounterBlocks } from '../../server/src/modules/counters/counters.service.js';
import { chooseStorage } from '../../server/src/platform/storage/index.js';

// This file connects the process to one database, then to another, as a worker does from one test
// file to the next (or an app restarted on another URI): nothing read from the first may be served.
const databases: string[] = [];

async function connectToNewDatabase(): Promise<void> {
  if (mongoose.connection.readyState !== 0) await mongoose.disconnect();
  const dbName = `test_${randomBytes(6).toString('hex')}`;
  databases.push(dbName);
  await mongoose.connect(inject('mongoUri'), { ...MONGOOSE_OPTIONS, dbName });
  await chooseStorage(mongoose.connection);
}

afterAll(async () => {
  for (const dbName of databases) await mongoose.connection.useDb(dbName).dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
});

describe('what the process keeps in memory from the database', () => {
  it('is read again after connecting to another database: a cache and reserved counter numbers', async () => {
    const probes = () => mongoose.connection.collection<{ _id: string }>('probes');
    const cache = createReadThroughCache(60_000, async () => (await probes().find().toArray()).map((probe) => probe._id));
    const nextNumber = createCounterBlocks(20);

    await connectToNewDatabase();
    await probes().insertOne({ _id: 'first database' });
    expect(await cache.get()).toEqual(['first database']);
    expect([await nextNumber('probe'), await nextNumber('probe')]).toEqual([1, 2]);

    await connectToNewDatabase();
    expect(await cache.get()).toEqual([]);
    // The block reserved from the first database's counter is not handed out here.
    expect(await nextNumber('probe')).toBe(1);
  });
});
