import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { MONGOOSE_OPTIONS } from '../../server/src/database/connect-database.js';
import { emptyDatabase } from '../../server/src/database/empty-database.js';
import { createManualClock, type ManualClock } from '../../server/src/platform/clock.js';
import { chooseStorage } from '../../server/src/platform/storage/index.js';
import { closeTestApps, openTestAppsNow, type TestApp } from './test-app.js';

/**
 * Gives the calling test file its own database on the shared test server, with every model's
 * indexes built, and empties it when the file is done. With `monitorCommands`, the client reports every
 * command it sends (`commandStarted`…), for tests that count what reaches the database.
 */
export function useTestDatabase(options: { monitorCommands?: boolean } = {}): { connection: () => mongoose.Connection } {
  beforeAll(async () => {
    const dbName = `test_${randomBytes(6).toString('hex')}`;
    await mongoose.connect(inject('mongoUri'), { ...MONGOOSE_OPTIONS, dbName, monitorCommands: options.monitorCommands ?? false });
    await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
    await chooseStorage(mongoose.connection);
  });
  // A test's own apps stop with it: each one left running follows the change feed (a routing pass
  // for every agent becoming available, a poll every half second), and a file's later tests would
  // pay for all of them. Apps made before the test (in a `beforeAll`) live on until the file ends.
  let madeBeforeTheTest: ReadonlySet<TestApp> = new Set();
  beforeEach(() => {
    madeBeforeTheTest = openTestAppsNow();
  });
  afterEach(() => closeTestApps(madeBeforeTheTest));
  afterAll(async () => {
    closeTestApps();
    await emptyDatabase(mongoose.connection.db!).catch(() => undefined);
    // The next file in this worker may make its apps as it is imported, before its own `beforeAll`:
    // their feed followers must poll on the system clock, never on this file's manual clock (frozen
    // from then on, it left a follower that missed its first read waiting forever).
    await chooseStorage(mongoose.connection).catch(() => undefined);
    await mongoose.disconnect();
  });
  return { connection: () => mongoose.connection };
}

/**
 * Puts the calling file's storage on a clock that moves only when a test moves it, from its first
 * test on: what reads "now" through the storage, and the apps made after it (their caches take its
 * clock), follow it. Call after `useTestDatabase`, before the hooks that start servers.
 */
export function useManualClock(start = new Date()): ManualClock {
  const clock = createManualClock(start);
  beforeAll(async () => {
    await chooseStorage(mongoose.connection, clock);
  });
  return clock;
}
