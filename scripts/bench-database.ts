// The throwaway database every benchmark runs on: MONGODB_URI when set, else an embedded FerretDB in
// a temporary folder. A fresh database name each run; everything is removed afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { MONGOOSE_OPTIONS } from '../server/src/database/connect-database.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../server/src/database/embedded-database.js';

/** Runs `benchmark` connected to a fresh database; `databaseLabel` says which server it is for the printout. */
export async function withBenchDatabase<T>(benchmark: (databaseLabel: string) => Promise<T>): Promise<T> {
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let uri = process.env.MONGODB_URI;
  if (uri === undefined) {
    dataDir = await mkdtemp(join(tmpdir(), 'mowakaba-bench-'));
    embedded = await startEmbeddedDatabase({ dataDir: join(dataDir, 'data'), logFile: join(dataDir, 'db.log') });
    uri = embedded.uri;
  }
  try {
    await mongoose.connect(uri, { ...MONGOOSE_OPTIONS, dbName: `bench_${randomBytes(4).toString('hex')}` });
    await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
    return await benchmark(embedded ? 'embedded FerretDB 1.24 (SQLite)' : 'MONGODB_URI');
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}
