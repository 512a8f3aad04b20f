/**
 * `npm run restore -- --in file [--drop]`: loads a backup made by `npm run backup` through the
 * driver. An empty database is filled; one that holds collections is refused unless --drop, which
 * replaces each collection of the backup. Stop the servers first.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config.js';
import { RestoreRefusedError, restoreDatabase } from '../server/src/database/backup.js';
import { connectDatabase } from '../server/src/database/connect-database.js';
import { createLogger } from '../server/src/logger.js';

const { values } = parseArgs({ options: { in: { type: 'string' }, drop: { type: 'boolean', default: false } } });
if (!values.in) {
  process.stderr.write('Usage: npm run restore -- --in backups/mowakaba-….ndjson.gz [--drop]\n');
  process.exit(2);
}

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
const database = await connectDatabase(config, logger);
try {
  const summary = await restoreDatabase(database.connection.db!, resolve(values.in), { drop: values.drop });
  const documents = Object.values(summary.collections).reduce((sum, count) => sum + count, 0);
  logger.info({ collections: Object.keys(summary.collections).length, documents }, 'backup restored');
} catch (error) {
  if (!(error instanceof RestoreRefusedError)) throw error;
  process.stderr.write(`Restore refused: ${error.message}.\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
