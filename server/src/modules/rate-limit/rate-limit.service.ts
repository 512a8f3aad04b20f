import { escapeRegExp } from '@mowakaba/shared/text/fold-text';
import { AppError } from '../../errors.js';
import { getStorage } from '../../platform/storage/index.js';
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

/** Where the counters live: one document per `<bucket>:<key>`, counting attempts until `expiresAt`. */
const counters = () => RateLimitModel.collection.collectionName;

/**
 * Counts one attempt in a window that opens with the first attempt (so a limit never resets halfway
 * through a burst at a clock boundary), stored in the database so every node shares the count. The
 * count is one atomic step of the storage seam, made before the decision, so parallel attempts cannot
 * slip past.
 */
export async function consumeRateLimit(rule: RateLimitRule, key: string): Promise<RateLimitDecision> {
  const id = `${rule.bucket}:${key}`;
  const storage = getStorage();
  const counter = await storage.countInWindow(counters(), id, { windowMs: rule.windowMs });
  const now = storage.clock.now().getTime();
  return {
    allowed: counter.count <= rule.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((counter.expiresAt.getTime() - now) / 1000)),
    // Only within the window the attempt was counted in.
    refund: () => storage.uncountInWindow(counters(), id, counter.expiresAt),
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

/**
 * When the next attempt may be made: the last failure (the window slides to `forgetAfterMs` after
 * each one) plus the wait that the number of failures calls for.
 */
function nextAttemptAt(rule: BackoffRule, failures: { count: number; expiresAt: Date }): number {
  const lastFailureAt = failures.expiresAt.getTime() - rule.forgetAfterMs;
  const delayMs = failures.count > rule.freeFailures ? Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** (failures.count - rule.freeFailures - 1)) : 0;
  return lastFailureAt + delayMs;
}

/** Whether `key` may try now under `rule`, and if not, for how long it waits. Reading counts nothing. */
export async function readBackoff(rule: BackoffRule, key: string): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const current = await RateLimitModel.findById(`${rule.bucket}:${key}`).lean();
  const now = getStorage().clock.now().getTime();
  const waitMs = current && current.expiresAt.getTime() > now ? nextAttemptAt(rule, current) - now : 0;
  return { allowed: waitMs <= 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** Counts a failed attempt of `key`: past the free failures, the next attempt waits, twice as long each time. */
export async function recordFailure(rule: BackoffRule, key: string): Promise<void> {
  await getStorage().countInWindow(counters(), `${rule.bucket}:${key}`, { windowMs: rule.forgetAfterMs, slide: true });
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

export async function deleteExpiredRateLimits(now = getStorage().clock.now()): Promise<number> {
  const result = await RateLimitModel.deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}
