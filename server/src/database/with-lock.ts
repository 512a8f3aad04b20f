import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors.js';
import { runInLocalQueue } from './local-queue.js';
import { LockModel } from './lock.model.js';
import { isDuplicateKeyError } from './retry-on-duplicate-key.js';

export interface LockOptions {
  /** How long the lock lives if its holder dies without releasing it. */
  ttlMs?: number;
  /** How long to wait for a busy lock before giving up with 503. */
  waitMs?: number;
}

/**
 * Runs `critical` while holding a named lock stored in the database, so it is exclusive across
 * requests and nodes.
 *
 * Why: FerretDB 1.24 applies an update by reading the document, changing it in Go and writing it
 * back, so `$inc`, `findOneAndUpdate` and version-checked updates lose writes under concurrency
 * (50 parallel `$inc` of one counter add 10). The one atomic primitive it offers is an insert
 * refused by a unique index, which is what the lock is made of. On MongoDB it is merely redundant.
 * (FerretDB also answers only a filter made of `_id` alone from an index; anything else scans.)
 */
export async function withLock<T>(name: string, critical: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  // Queue in this process first, so only one caller per node polls the database for a lock.
  return runInLocalQueue(`lock:${name}`, () => withDatabaseLock(name, critical, options));
}

/** The lock itself, without the local queue: what two nodes see of each other. */
export async function withDatabaseLock<T>(name: string, critical: () => Promise<T>, options: LockOptions): Promise<T> {
  const ttlMs = options.ttlMs ?? 10_000;
  const deadline = Date.now() + (options.waitMs ?? 15_000);
  const token = randomUUID();
  const locks = LockModel.collection;
  for (let delayMs = 1; ; delayMs = Math.min(delayMs * 2, 40)) {
    try {
      await locks.insertOne({ _id: name as never, token, expiresAt: new Date(Date.now() + ttlMs) });
      break;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    // A holder that died leaves an expired lock: take it away.
    await locks.deleteOne({ _id: name as never, expiresAt: { $lt: new Date() } });
    if (Date.now() > deadline) throw new AppError('service_unavailable', 'the system is busy; try again');
    await sleep(delayMs + Math.random() * delayMs);
  }
  try {
    return await critical();
  } finally {
    await locks.deleteOne({ _id: name as never, token });
  }
}
