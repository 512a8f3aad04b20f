import type { Logger } from '../logger.js';
import { deleteExpiredSessions } from '../modules/auth/sessions.service.js';
import { foldRecentlySavedArticles } from '../modules/kb/article-revisions.service.js';
import { deleteOldZeroResultSearches } from '../modules/kb/feedback.service.js';
import { deleteSupersededSearchEntries } from '../modules/kb/search-index.service.js';
import { deleteExpiredRateLimits } from '../modules/rate-limit/rate-limit.service.js';
import { getStorage } from '../platform/storage/index.js';
import { deleteOldJobEffects } from './claim-job-effect.js';
import { deleteExpiredRealtimeEvents } from '../realtime/realtime-hub.js';
import { repeatPass } from './repeating-pass.js';

const CLEANUP_INTERVAL_MS = 10 * 60_000;

/** Articles saved this long ago or less are checked for a snapshot left behind by a node that went away. */
const ARTICLE_FOLD_LOOKBACK_MS = 24 * 3_600_000;

/**
 * One cleanup pass: deletes expired sessions, rate-limit windows, replayable events and change-feed
 * entries (FerretDB has no TTL indexes), old job-effect claims, searches without results past their retention, and superseded search-index
 * entries; brings article snapshots up to their newest version. Every step is idempotent, so several
 * nodes may run it without a lease.
 */
export async function runCleanup(now = getStorage().clock.now()) {
  const [sessions, rateLimits, events, zeroResultSearches, searchEntries, feedEntries, jobEffects] = await Promise.all([
    deleteExpiredSessions(now),
    deleteExpiredRateLimits(now),
    deleteExpiredRealtimeEvents(now),
    deleteOldZeroResultSearches(now),
    deleteSupersededSearchEntries(),
    getStorage().deleteExpiredFeedEntries(),
    deleteOldJobEffects(now),
  ]);
  const articlesFolded = await foldRecentlySavedArticles(new Date(now.getTime() - ARTICLE_FOLD_LOOKBACK_MS));
  return { sessions, rateLimits, events, zeroResultSearches, searchEntries, feedEntries, jobEffects, articlesFolded };
}

/** Runs a cleanup pass now and every ten minutes; the function it returns stops it and waits for a pass under way. */
export function startCleanupJob(logger: Logger): () => Promise<void> {
  // A pass cut off by the database closing under it would only log a failure at every shutdown.
  return repeatPass(CLEANUP_INTERVAL_MS, () =>
    runCleanup().then(
      (counts) => {
        if (Object.values(counts).some((count) => count > 0)) logger.debug(counts, 'cleanup pass done');
      },
      (error: unknown) => logger.warn({ err: error }, 'cleanup failed; will retry'),
    ),
  );
}
