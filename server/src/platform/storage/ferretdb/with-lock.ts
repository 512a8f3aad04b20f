import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../../errors.js';
import { runInLocalQueue } from '../local-queue.js';
import { LockModel } from './lock.model.js';
import { isDuplicateKeyError } from '../../../database/retry-on-duplicate-key.js';
import { LockLapsedError, soleWriterClaim, type WriterMemo } from './sole-writer.js';

export interface LockOptions {
  /** How long the lock outlives its last renewal: how long a holder that died keeps others waiting. */
  ttlMs?: number;
  /** How long to wait for a busy lock before giving up with 503. */
  waitMs?: number;
}

/** Proof, checked right before the section's one write, that the lock is still the caller's. */
export interface LockFence {
  assertHeld(): void;
  /** Present when the section runs alone (the sole-writer claim): what this process knows it wrote. */
  readonly memo?: WriterMemo;
}

const DEFAULT_TTL_MS = 2_000;
const DEFAULT_WAIT_MS = 15_000;

/**
 * Runs `critical` while holding a named lock stored in the database, so it is exclusive across
 * requests and nodes.
 *
 * Why: FerretDB 1.24 applies an update by reading the document, changing it in Go and writing it
 * back, so `$inc`, `findOneAndUpdate` and version-checked updates lose writes under concurrency
 * (50 parallel `$inc` of one counter add 10). The one atomic primitive it offers is an insert
 * refused by a unique index, which is what the lock is made of. On MongoDB it is merely redundant.
 * (FerretDB also answers only a filter made of `_id` alone from an index; anything else scans.)
 *
 * The lock lives two seconds and its holder renews it while `critical` runs, so a node killed while
 * holding it stalls the key for about two seconds, not for as long as the slowest section could take.
 * A section that writes once passes its write through `fence.assertHeld()`: a holder that stalled past
 * its lock's life (an event loop blocked, a process paused) is refused there and runs again.
 *
 * What the fence cannot cover by itself: a pause *between* `assertHeld()` and the moment the database
 * applies the write (a process stopped, a long GC, a wait for a pooled connection). The check leaves at
 * least a quarter of the lock's life (500 ms) before another node may take it, and renewals go on during
 * the write, so only a holder whose whole process stalls past that margin can land a write after another
 * holder's. The classic cure, a write the database refuses when its fence is stale, costs too much on
 * FerretDB 1.24: it has no transactions (a write cannot be conditional on the lock document), and any
 * filter but `_id` alone reads the whole collection (`{ _id, version }` took a second per write over
 * 5,000 records). So the adapter's versioned update and delete ask for the document their write replaced
 * or removed: one that landed on another holder's write is put back under the lock and decided again
 * (`ferretdb-storage.ts`). What that leaves: two writes FerretDB applies at the same instant (each
 * reads, then writes back by `_id`) both see the old version; a write made on top of the stale one
 * before it is put back keeps it; and the other sections (leases, expiring counters) have the margin
 * only. Counters' `$inc`
 * lose nothing: a late one still adds to what the next holder wrote. On MongoDB the storage seam uses
 * atomic conditional updates and this lock is not used.
 *
 * A process that is the only one writing to the database (the usual embedded center: one node) holds
 * the sole-writer claim instead (`sole-writer.ts`): its sections then run under the local queue alone,
 * fenced by the claim, and take database locks again as soon as another process starts writing.
 */
export async function withLock<T>(name: string, critical: (fence: LockFence) => Promise<T>, options: LockOptions = {}): Promise<T> {
  // Queue in this process first, so only one caller per node polls the database for a lock.
  return runInLocalQueue(`lock:${name}`, async () => {
    const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
    const claim = soleWriterClaim();
    for (;;) {
      const alone = claim.enterAlone();
      if (!alone) {
        // Written under a database lock, past what the memo says: it no longer knows.
        claim.forgetMemo();
        return withDatabaseLock(name, critical, options, claim);
      }
      try {
        return await critical(alone);
      } catch (error) {
        if (!(error instanceof LockLapsedError) || !alone.lapsed()) throw error;
      } finally {
        alone.leave();
      }
    }
  });
}

/** What a process must have checked before it takes a database lock, and keep true until it writes. */
interface SharedWritesGuard {
  clearForSharedWrites(deadline: number): Promise<void>;
  mayWriteShared(): boolean;
}

/**
 * The lock itself, without the local queue (or, unless `guard` is given, the sole-writer claim): what
 * two nodes see of each other.
 */
export async function withDatabaseLock<T>(name: string, critical: (fence: LockFence) => Promise<T>, options: LockOptions, guard?: SharedWritesGuard): Promise<T> {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  const stillMayWrite = guard ? () => guard.mayWriteShared() : () => true;
  for (;;) {
    await guard?.clearForSharedWrites(deadline);
    const held = await takeLock(name, ttlMs, deadline, stillMayWrite);
    try {
      return await critical(held.fence);
    } catch (error) {
      if (!(error instanceof LockLapsedError) || !held.lapsed()) throw error;
      if (Date.now() > deadline) throw new AppError('service_unavailable', 'the system is busy; try again');
    } finally {
      await held.release();
    }
  }
}

async function takeLock(name: string, ttlMs: number, deadline: number, stillMayWrite: () => boolean) {
  const locks = LockModel.collection;
  const token = randomUUID();
  let heldUntil = 0;
  for (let delayMs = 1; ; delayMs = Math.min(delayMs * 2, 40)) {
    const sentAt = Date.now();
    try {
      await locks.insertOne({ _id: name as never, token, expiresAt: new Date(sentAt + ttlMs) });
      heldUntil = sentAt + ttlMs;
      break;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    // A holder that died leaves a lock nobody renews: take it away once it expired.
    await locks.deleteOne({ _id: name as never, expiresAt: { $lt: new Date() } });
    if (Date.now() > deadline) throw new AppError('service_unavailable', 'the system is busy; try again');
    await sleep(delayMs + Math.random() * delayMs);
  }

  // Others take the lock away only once `expiresAt` passed, so it is safely ours while a quarter of
  // its life remains. Past that, neither renew nor delete it: FerretDB writes and deletes by `_id`
  // after its own read, so a late write could land on the next holder's lock.
  const marginMs = ttlMs / 4;
  let lost = false;
  const safelyHeld = () => !lost && Date.now() < heldUntil - marginMs;
  let renewing: Promise<void> = Promise.resolve();
  const renew = async () => {
    if (!safelyHeld()) {
      lost = true;
      return;
    }
    const sentAt = Date.now();
    try {
      const renewed = await locks.updateOne({ _id: name as never, token }, { $set: { expiresAt: new Date(sentAt + ttlMs) } });
      if (renewed.matchedCount === 0) lost = true;
      else heldUntil = Math.max(heldUntil, sentAt + ttlMs);
    } catch {
      // The database did not answer: the next tick tries again while the lock is still safely ours.
    }
  };
  const timer = setInterval(() => {
    renewing = renewing.then(renew);
  }, marginMs);

  return {
    fence: {
      assertHeld() {
        if (!safelyHeld() || !stillMayWrite()) throw new LockLapsedError(`the lock ${name} lapsed before its holder wrote`);
      },
    } satisfies LockFence,
    lapsed: () => !safelyHeld() || !stillMayWrite(),
    async release() {
      clearInterval(timer);
      await renewing;
      if (safelyHeld()) await locks.deleteOne({ _id: name as never, token });
    },
  };
}
