/**
 * Rebuilds the knowledge-base search index from the articles, from scratch:
 * `npm run kb:reindex`. Uses MONGODB_URI, or the embedded database under DATA_DIR (stop the
 * server first then: two embedded servers must not share one data folder).
 */
import { loadConfig } from '../server/src/config.js';
import { connectDatabase } from '../server/src/database/connect-database.js';
import { createLogger } from '../server/src/logger.js';
import { rebuildSearchIndex } from '../server/src/modules/kb/search-index.service.js';

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
const database = await connectDatabase(config, logger);
try {
  const started = performance.now();
  const articles = await rebuildSearchIndex();
  logger.info({ articles, durationMs: Math.round(performance.now() - started) }, 'knowledge-base search index rebuilt');
} finally {
  await database.close();
}
