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

describe('readiness follows the database', () => {
  it('is ready, turns 503 when the database stops and 200 again when it is back', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mowakaba-ready-'));
    const options = { dataDir: join(dataDir, 'data'), logFile: join(dataDir, 'db.log') };
    database = await startEmbeddedDatabase(options);
    // The driver looks for the server again at its heartbeat: the quickest it allows, so the restart is seen sooner.
    await mongoose.connect(database.uri, { ...MONGOOSE_OPTIONS, heartbeatFrequencyMS: 500, dbName: 'readiness' });
    await mongoose.connection.collection('probe').insertOne({ kept: 'across the restart' });
    const { app } = createTestApp();

    expect(await readinessStatus(app)).toBe(200);

    const port = database.port;
    await database.stop();
    // A real database process stops and starts again: what is waited for is the driver noticing it.
    await expect.poll(() => readinessStatus(app), { timeout: 10_000, interval: 100 }).toBe(503);
    const down = await app.request('/ready');
    expect(await json(down)).toEqual({ status: 'unavailable', database: 'down' });
    expect((await app.request('/health')).status).toBe(200);

    database = await startEmbeddedDatabase({ ...options, port });
    await expect.poll(() => readinessStatus(app), { timeout: 20_000, interval: 100 }).toBe(200);
    expect(await mongoose.connection.collection('probe').findOne({ kept: 'across the restart' })).not.toBeNull();
  }, 60_000);
});
