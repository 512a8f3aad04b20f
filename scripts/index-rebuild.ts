/**
 * Rebuilds the derived access paths (ticket directory, search entries, list pages) from the records:
 * `npm run index:rebuild` for all of them, `npm run index:rebuild -- <name> …` for some. Uses
 * MONGODB_URI, or the embedded database under DATA_DIR (stop the server first then: two embedded
 * servers must not share one data folder).
 */
import { loadConfig } from '../server/src/config.js';
import { connectDatabase } from '../server/src/database/connect-database.js';
import { DERIVED_PATHS } from '../server/src/derived-paths.js';
import { createLogger } from '../server/src/logger.js';
import { rebuildDerivedPaths } from '../server/src/platform/derived-paths.js';

const BAR_WIDTH = 30;
let lastDrawn = 0;

/** One line per path, redrawn in place at most ten times a second: name, bar, counts. */
function drawProgress(path: string, done: number, total: number): void {
  const finished = done >= total;
  const now = performance.now();
  if (!finished && now - lastDrawn < 100) return;
  lastDrawn = now;
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * BAR_WIDTH);
  process.stderr.write(`\r${path.padEnd(18)} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${Math.round(share * 100)}%   `);
  if (finished) process.stderr.write('\n');
}

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
const database = await connectDatabase(config, logger);
try {
  const started = performance.now();
  const rebuilt = await rebuildDerivedPaths(DERIVED_PATHS, process.argv.slice(2), drawProgress);
  logger.info({ rebuilt, durationMs: Math.round(performance.now() - started) }, 'derived paths rebuilt');
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
