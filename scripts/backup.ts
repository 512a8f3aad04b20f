/**
 * `npm run backup [-- --out file]`: every collection, documents and indexes, through the driver
 * into one gzipped Extended-JSON file (default backups/mowakaba-<time>.ndjson.gz, mode 0600: it
 * holds personal data). Uses MONGODB_URI, or the embedded database under DATA_DIR (stop the
 * server first then: two embedded servers must not share one data folder).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config.js';
import { backupDatabase } from '../server/src/database/backup.js';
import { connectDatabase } from '../server/src/database/connect-database.js';
import { createLogger } from '../server/src/logger.js';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? `backups/mowakaba-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson.gz`);
mkdirSync(dirname(out), { recursive: true, mode: 0o700 });

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
const database = await connectDatabase(config, logger);
try {
  const started = performance.now();
  const summary = await backupDatabase(database.connection.db!, out);
  const documents = Object.values(summary.collections).reduce((sum, count) => sum + count, 0);
  logger.info({ file: out, collections: Object.keys(summary.collections).length, documents, durationMs: Math.round(performance.now() - started) }, 'backup written');
} finally {
  await database.close();
}
