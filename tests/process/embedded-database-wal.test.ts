import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, expect, it, vi } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/src/database/embedded-database.js';

const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

let folder: string | undefined;
let database: EmbeddedDatabase | undefined;
afterAll(async () => {
  await database?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

// Up to 800 MB written: on a loaded machine (CI timed out at 30 s while other tests ran beside it) that takes a while.
it('gives the disk back after a burst of writes: the write-ahead log shrinks to 64 MiB once it is copied into the database', { timeout: 120_000 }, async () => {
  folder = await mkdtemp(join(tmpdir(), 'mowakaba-wal-'));
  database = await startEmbeddedDatabase({ dataDir: join(folder, 'data'), logFile: join(folder, 'db.log') });
  const client = await MongoClient.connect(database.uri);
  try {
    const documents = client.db('burst').collection('documents');
    const body = 'x'.repeat(20_000);
    const wal = join(folder, 'data', 'burst.sqlite-wal');
    const walSize = async () => (await stat(wal).catch(() => ({ size: 0 }))).size;
    // 2 MB a batch, as a bulk import or an index rebuild writes, until the log has outgrown its limit:
    // on a slow machine a background checkpoint may catch up during the burst and restart the log.
    let batches = 0;
    while (batches < 400 && (await walSize()) <= WAL_SIZE_LIMIT) {
      await documents.insertMany(Array.from({ length: 100 }, (_, index) => ({ batch: batches, index, body })));
      batches += 1;
    }
    expect(await walSize()).toBeGreaterThan(WAL_SIZE_LIMIT);

    // The next write after the background checkpoint restarts the log, cut back to the limit.
    await vi.waitFor(
      async () => {
        await documents.insertOne({ after: Date.now() });
        expect((await stat(wal)).size).toBeLessThanOrEqual(WAL_SIZE_LIMIT);
      },
      { timeout: 20_000, interval: 500 },
    );
    expect(await documents.countDocuments({ batch: { $gte: 0 } })).toBe(batches * 100);
  } finally {
    await client.close();
  }
});
