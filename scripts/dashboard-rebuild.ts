/**
 * Recomputes every dashboard rollup from the tickets, calls, messages and survey answers:
 * `npm run dashboard:rebuild`. Uses MONGODB_URI, or the embedded database under DATA_DIR (stop the
 * server first then: two embedded servers must not share one data folder).
 */
import { loadConfig } from '../server/src/config.js';
import { connectDatabase } from '../server/src/database/connect-database.js';
import { createLogger } from '../server/src/logger.js';
import { rebuildRollups, type RebuildProgress } from '../server/src/modules/dashboard/rebuild-rollups.js';

const BAR_WIDTH = 30;

/** One line redrawn in place: phase, bar, counts. */
function drawProgress({ phase, done, total }: RebuildProgress): void {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * BAR_WIDTH);
  process.stderr.write(`\r${phase.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${Math.round(share * 100)}%   `);
  if (done >= total) process.stderr.write('\n');
}

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
const database = await connectDatabase(config, logger);
try {
  const started = performance.now();
  const result = await rebuildRollups(drawProgress);
  logger.info({ ...result, durationMs: Math.round(performance.now() - started) }, 'dashboard rollups rebuilt');
} finally {
  await database.close();
}
