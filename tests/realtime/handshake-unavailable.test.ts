import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { ZCreatedWallboardLink } from '@mowakaba/shared/schemas/wallboard-links';
import { MONGOOSE_OPTIONS } from '../../server/src/database/connect-database.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/src/database/embedded-database.js';
import { chooseStorage } from '../../server/src/platform/storage/index.js';
import { LiveConnection } from '../../web/src/lib/live-connection.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { closeTestApps } from '../helpers/test-app.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

// This file runs its own database server, because it stops it.
let database: EmbeddedDatabase | undefined;
let server: TestServer | undefined;
let dataDir = '';

afterAll(async () => {
  await server?.close();
  closeTestApps();
  await mongoose.disconnect();
  await database?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('a handshake the server cannot check', () => {
  it('is tried again by the console until the database is back, then connects without a reload', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mowakaba-handshake-'));
    const options = { dataDir: join(dataDir, 'data'), logFile: join(dataDir, 'db.log') };
    database = await startEmbeddedDatabase(options);
    await mongoose.connect(database.uri, { ...MONGOOSE_OPTIONS, serverSelectionTimeoutMS: 1_000, heartbeatFrequencyMS: 500, dbName: 'handshake' });
    await chooseStorage(mongoose.connection);
    server = await startTestServer();
    const supervisor = await createSignedInUser(server.app, 'supervisor');
    const created = await server.app.request('/api/dashboard/wallboard-links', jsonRequest('POST', { label: 'Salle des agents' }, supervisor.cookie));
    const { token } = ZCreatedWallboardLink.parse(await json(created));

    const port = database.port;
    await database.stop();
    let refusals = 0;
    server.io.engine.on('connection', () => {
      refusals += 1;
    });
    const statuses: boolean[] = [];
    const tv = new LiveConnection(
      { onEvent: () => undefined, onStale: () => undefined, onViewers: () => undefined, onStatus: (connected) => statuses.push(connected) },
      { wallboardToken: token, url: server.url },
    );
    try {
      // Refused while the database is away (its link cannot be read), and tried again: socket.io alone would give up.
      await expect.poll(() => refusals, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(2);
      expect(statuses).toEqual([]);

      database = await startEmbeddedDatabase({ ...options, port });
      await expect.poll(() => statuses, { timeout: 30_000, interval: 100 }).toEqual([true]);
    } finally {
      tv.close();
    }
  }, 90_000);
});
