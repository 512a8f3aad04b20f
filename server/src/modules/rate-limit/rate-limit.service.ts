import { withLock } from '../../database/with-lock.js';
import { RateLimitModel } from './rate-limit.model.js';

export interface RateLimitRule {
  bucket: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  retryAfterSeconds: number;
  /** Gives the attempt back, e.g. after a successful login. */
  refund(): Promise<void>;
}

/**
 * Counts one attempt against a fixed window, stored in the database so every node shares the count.
 * The increment happens, under a lock, before the decision, so parallel attempts cannot slip past.
 */
export async function consumeRateLimit(rule: RateLimitRule, key: string, now = Date.now()): Promise<RateLimitDecision> {
  const windowStart = now - (now % rule.windowMs);
  const windowEnd = windowStart + rule.windowMs;
  const id = `${rule.bucket}:${key}:${windowStart}`;
  const counter = await withLock(`rate-limit:${id}`, () =>
    RateLimitModel.findOneAndUpdate(
      { _id: id },
      { $inc: { count: 1 }, $setOnInsert: { expiresAt: new Date(windowEnd) } },
      { upsert: true, returnDocument: 'after' },
    ).lean(),
  );
  return {
    allowed: (counter?.count ?? 1) <= rule.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now) / 1000)),
    refund: async () => {
      await withLock(`rate-limit:${id}`, () => RateLimitModel.updateOne({ _id: id }, { $inc: { count: -1 } }));
    },
  };
}

export async function deleteExpiredRateLimits(now = new Date()): Promise<number> {
  const result = await RateLimitModel.deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}
