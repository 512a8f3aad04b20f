import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startSupervisedEmbeddedDatabase } from '../../server/src/database/embedded-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

/**
 * One throwaway database server for the whole run: MONGODB_URI when set, else an embedded FerretDB
 * on a random port in a temporary folder, removed afterwards whatever the tests did.
 */
export default async function setup(project: TestProject) {
  if (process.env.MONGODB_URI) {
    project.provide('mongoUri', process.env.MONGODB_URI);
    return;
  }
  // In memory where the machine has a memory file system: nothing of it needs to survive the run,
  // and the file system's work on each write comes off the CPU the tests share.
  const dataDir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'mowakaba-test-db-'));
  // Supervised as in production: if the server process dies (once in CI, 2026-12-06, cause unknown),
  // it comes back on the same port, and the exit code or signal is printed for whoever reads the log.
  const log = (level: string) => (fields: Record<string, unknown>, message: string) => console.error(`[test database ${level}] ${message}`, fields);
  const database = await startSupervisedEmbeddedDatabase({
    dataDir: join(dataDir, 'data'),
    logFile: join(dataDir, 'embedded-db.log'),
    // A quarter less of the server's CPU, which the two test workers and the type check share: with
    // Go's default (100) it collects garbage after every few megabytes of the documents it decodes.
    // 400 keeps its heap under 100 MB for the whole run (measured 2026-12-06: 7.6–8.1 s of server
    // CPU for four test files at 100, 5.8–6.0 s at 400, no less at 1000).
    gcPercent: 400,
    log: { info: log('info'), warn: log('warn'), error: log('error') },
  });
  project.provide('mongoUri', database.uri);
  return async () => {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
