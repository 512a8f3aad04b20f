import { withLock } from '../../database/with-lock.js';
import { AppError } from '../../errors.js';
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
 * Counts one attempt in a window that opens with the first attempt (so a limit never resets halfway
 * through a burst at a clock boundary), stored in the database so every node shares the count. The
 * increment happens, under a lock, before the decision, so parallel attempts cannot slip past.
 */
export async function consumeRateLimit(rule: RateLimitRule, key: string, now = Date.now()): Promise<RateLimitDecision> {
  const id = `${rule.bucket}:${key}`;
  const counter = await withLock(`rate-limit:${id}`, async () => {
    const current = await RateLimitModel.findById(id).lean();
    const next =
      current && current.expiresAt.getTime() > now
        ? { count: current.count + 1, expiresAt: current.expiresAt }
        : { count: 1, expiresAt: new Date(now + rule.windowMs) };
    await RateLimitModel.updateOne({ _id: id }, { $set: next }, { upsert: true });
    return next;
  });
  const windowEnd = counter.expiresAt.getTime();
  return {
    allowed: counter.count <= rule.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now) / 1000)),
    refund: async () => {
      await withLock(`rate-limit:${id}`, async () => {
        const current = await RateLimitModel.findById(id).lean();
        // Only within the window the attempt was counted in.
        if (current && current.expiresAt.getTime() === windowEnd && current.count > 0) {
          await RateLimitModel.updateOne({ _id: id }, { $set: { count: current.count - 1 } });
        }
      });
    },
  };
}

/** The 429 answer, with Retry-After, for an attempt past a limit. */
export function rateLimitedError(retryAfterSeconds: number, message = 'too many requests; try again later'): AppError {
  return new AppError('rate_limited', message, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
}

export async function deleteExpiredRateLimits(now = new Date()): Promise<number> {
  const result = await RateLimitModel.deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}
