// The throwaway database every benchmark runs on: MONGODB_URI when set, else an embedded FerretDB in
// a temporary folder. A fresh database name each run; everything is removed afterwards.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { MONGOOSE_OPTIONS } from '../server/src/database/connect-database.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../server/src/database/embedded-database.js';
import { emptyDatabase } from '../server/src/database/empty-database.js';

/** CPU time used so far by a process of this machine, in milliseconds (Linux /proc). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/**
 * Starts counting the CPU time spent by this process (the server) and by the embedded database;
 * the returned function tells the time spent per operation since, with the load generator's own CPU
 * time when given. Latency on a shared machine depends on what else runs; CPU time per operation much
 * less, and it bounds the rate two cores can sustain.
 */
export function startCpuCount(databasePid: number | undefined): (operations: number, loadCpuMs?: number) => string {
  const serverStart = process.cpuUsage();
  const databaseStart = databasePid ? processCpuMs(databasePid) : 0;
  return (operations, loadCpuMs) => {
    const server = process.cpuUsage(serverStart);
    const perOperation = (totalMs: number) => `${(totalMs / operations).toFixed(2)} ms`;
    const parts = [`server ${perOperation((server.user + server.system) / 1000)}`];
    if (databasePid) parts.push(`database ${perOperation(processCpuMs(databasePid) - databaseStart)}`);
    if (loadCpuMs !== undefined) parts.push(`load generator ${perOperation(loadCpuMs)}`);
    return `CPU per operation: ${parts.join(', ')}`;
  };
}

/**
 * Counts the database commands this process sends from now on (the benchmark's connection monitors
 * them): what an operation costs the database, whatever else the machine is doing.
 */
export function countDatabaseCommands(): () => number {
  let sent = 0;
  mongoose.connection.getClient().on('commandStarted', () => {
    sent += 1;
  });
  return () => sent;
}

/** Runs `benchmark` connected to a fresh database; `databaseLabel` says which server it is for the printout. */
export async function withBenchDatabase<T>(benchmark: (databaseLabel: string, databasePid?: number) => Promise<T>): Promise<T> {
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let uri = process.env.MONGODB_URI;
  if (uri === undefined) {
    dataDir = await mkdtemp(join(tmpdir(), 'mowakaba-bench-'));
    embedded = await startEmbeddedDatabase({ dataDir: join(dataDir, 'data'), logFile: join(dataDir, 'db.log') });
    uri = embedded.uri;
  }
  try {
    await mongoose.connect(uri, { ...MONGOOSE_OPTIONS, monitorCommands: true, dbName: `bench_${randomBytes(4).toString('hex')}` });
    await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
    return await benchmark(embedded ? 'embedded FerretDB 1.24 (SQLite)' : 'MONGODB_URI', embedded?.pid);
  } finally {
    await emptyDatabase(mongoose.connection.db!).catch(() => undefined);
    await mongoose.disconnect();
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}
