import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { MONGOOSE_OPTIONS } from '../../server/src/database/connect-database.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/src/database/embedded-database.js';
import { closeTestApps, createTestApp } from '../helpers/test-app.js';
import { json } from '../helpers/json.js';

// This file runs its own database server, because it stops it.
let database: EmbeddedDatabase | undefined;
let dataDir = '';

afterAll(async () => {
  closeTestApps();
  await mongoose.disconnect();
  await database?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function readinessStatus(app: ReturnType<typeof createTestApp>['app']): Promise<number> {
  return (await app.request('/ready')).status;
}

async function waitForStatus(app: ReturnType<typeof createTestApp>['app'], expected: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let status = await readinessStatus(app);
  while (status !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    status = await readinessStatus(app);
  }
  return status;
}

describe('readiness follows the database', () => {
  it('is ready, turns 503 when the database stops and 200 again when it is back', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mowakaba-ready-'));
    const options = { dataDir: join(dataDir, 'data'), logFile: join(dataDir, 'db.log') };
    database = await startEmbeddedDatabase(options);
    await mongoose.connect(database.uri, { ...MONGOOSE_OPTIONS, dbName: 'readiness' });
    await mongoose.connection.collection('probe').insertOne({ kept: 'across the restart' });
    const { app } = createTestApp();

    expect(await readinessStatus(app)).toBe(200);

    const port = database.port;
    await database.stop();
    expect(await waitForStatus(app, 503, 10_000)).toBe(503);
    const down = await app.request('/ready');
    expect(await json(down)).toEqual({ status: 'unavailable', database: 'down' });
    expect((await app.request('/health')).status).toBe(200);

    database = await startEmbeddedDatabase({ ...options, port });
    expect(await waitForStatus(app, 200, 20_000)).toBe(200);
    expect(await mongoose.connection.collection('probe').findOne({ kept: 'across the restart' })).not.toBeNull();
  }, 60_000);
});
