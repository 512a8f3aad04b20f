import type { Logger } from '../logger.js';
import { deleteExpiredSessions } from '../modules/auth/sessions.service.js';
import { deleteExpiredRateLimits } from '../modules/rate-limit/rate-limit.service.js';
import { deleteExpiredRealtimeEvents } from '../realtime/realtime-hub.js';

const CLEANUP_INTERVAL_MS = 10 * 60_000;

/**
 * Deletes expired sessions, rate-limit windows and replayable events (FerretDB has no TTL indexes). Deleting is
 * idempotent, so several nodes may run it without a lease.
 */
export function startCleanupJob(logger: Logger): () => void {
  const run = async () => {
    try {
      const [sessions, rateLimits, events] = await Promise.all([
        deleteExpiredSessions(),
        deleteExpiredRateLimits(),
        deleteExpiredRealtimeEvents(),
      ]);
      if (sessions + rateLimits + events > 0) logger.debug({ sessions, rateLimits, events }, 'expired records deleted');
    } catch (error) {
      logger.warn({ err: error }, 'cleanup failed; will retry');
    }
  };
  void run();
  const timer = setInterval(run, CLEANUP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
