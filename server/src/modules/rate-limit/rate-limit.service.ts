import { escapeRegExp } from '../../../../shared/src/text/fold-text.js';
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

export interface BackoffRule {
  bucket: string;
  /** Failures allowed without any wait. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; it doubles with each further failure. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failures are forgotten this long after the last one. */
  forgetAfterMs: number;
}

/** Whether `key` may try now under `rule`, and if not, for how long it waits. Reading counts nothing. */
export async function readBackoff(rule: BackoffRule, key: string, now = Date.now()): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const current = await RateLimitModel.findById(`${rule.bucket}:${key}`).lean();
  const waitMs = current && current.expiresAt.getTime() > now && current.nextAttemptAt ? current.nextAttemptAt.getTime() - now : 0;
  return { allowed: waitMs <= 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** Counts a failed attempt of `key`: past the free failures, the next attempt waits, twice as long each time. */
export async function recordFailure(rule: BackoffRule, key: string, now = Date.now()): Promise<void> {
  const id = `${rule.bucket}:${key}`;
  await withLock(`rate-limit:${id}`, async () => {
    const current = await RateLimitModel.findById(id).lean();
    const count = current && current.expiresAt.getTime() > now ? current.count + 1 : 1;
    const delayMs = count > rule.freeFailures ? Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** (count - rule.freeFailures - 1)) : 0;
    await RateLimitModel.updateOne(
      { _id: id },
      { $set: { count, expiresAt: new Date(now + rule.forgetAfterMs), nextAttemptAt: new Date(now + delayMs) } },
      { upsert: true },
    );
  });
}

/** Forgets the failures of every key of `rule` that starts with `keyPrefix` (a success, or an admin clearing them). */
export async function clearFailures(rule: BackoffRule, keyPrefix: string): Promise<number> {
  const result = await RateLimitModel.deleteMany({ _id: { $regex: `^${escapeRegExp(`${rule.bucket}:${keyPrefix}`)}` } });
  return result.deletedCount;
}

/** The 429 answer, with Retry-After, for an attempt past a limit. */
export function rateLimitedError(retryAfterSeconds: number, message = 'too many requests; try again later'): AppError {
  return new AppError('rate_limited', message, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
}

export async function deleteExpiredRateLimits(now = new Date()): Promise<number> {
  const result = await RateLimitModel.deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}
