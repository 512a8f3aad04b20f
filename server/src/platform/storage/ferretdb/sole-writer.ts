import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../../errors.js';
import { isDuplicateKeyError } from '../../../database/retry-on-duplicate-key.js';
import { LockModel } from './lock.model.js';

/** How long a process's registration, or its claim to write alone, outlives its last renewal. */
const CLAIM_TTL_MS = 6_000;
const RENEW_EVERY_MS = 1_000;
/**
 * A claim is relied on only while this much of its life remains. A renewal may come four seconds
 * late (its three commands wait behind others on a saturated embedded database) before the node
 * falls back to locks.
 */
const SAFETY_MARGIN_MS = 2_000;
const SOLE_WRITER_ID = 'sole-writer';
const WRITER_PREFIX = 'writer:';

/** Thrown by a fence whose lock, or whose claim to write alone, lapsed before its holder wrote. */
export class LockLapsedError extends Error {
  override name = 'LockLapsedError';
}

/**
 * What this process read or wrote of some documents while it wrote alone, so that it need not read
 * them again: nobody else writes while the claim holds. Given up (a new, empty memo) whenever the
 * claim is taken anew, lost or given back, since another process may have written in between.
 * Bounded by size; the oldest used entries go first.
 */
export class WriterMemo {
  private readonly entries = new Map<string, { value: unknown; size: number }>();
  private size = 0;

  constructor(private readonly maxSize: number) {}

  /** The value remembered for `key` (null included), or undefined when nothing is. */
  get<T>(key: string): T | null | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value as T | null;
  }

  set(key: string, value: unknown, size: number): void {
    this.delete(key);
    if (size > this.maxSize / 4) return;
    this.entries.set(key, { value, size });
    this.size += size;
    for (const [oldest, entry] of this.entries) {
      if (this.size <= this.maxSize) break;
      this.entries.delete(oldest);
      this.size -= entry.size;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.size -= entry.size;
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }
}

/** Characters of documents a writer's memo keeps (the ordered lists' heads and pages). */
const MEMO_SIZE = 16_000_000;

/** A section running without a database lock because this process writes alone. */
export interface SoleSection {
  assertHeld(): void;
  /** What this process learnt of documents it alone writes, under the claim this section runs on. */
  readonly memo: WriterMemo;
  /** Whether this section's claim lapsed: a LockLapsedError it threw is then a reason to run it again. */
  lapsed(): boolean;
  leave(): void;
}

/**
 * Lets a process that is the only one writing to an embedded database skip the short database locks.
 *
 * Why: on FerretDB 1.24 each short lock is an insert and a delete, two thirds of the commands of a
 * request that changes a record (accepting a call sent 28 to 66 commands, and FerretDB answers them
 * one after another). Most centers run one node on their embedded database, where the process's own
 * per-key queue already excludes every other writer.
 *
 * How two processes stay apart: each live process keeps a `writer:<id>` record in the locks
 * collection, renewed every second. A process claims `sole-writer` with a unique insert, then looks
 * for another live writer and gives the claim back if it finds one; a process that starts writing
 * registers first, then waits until no other process holds the claim. Whichever order those four
 * steps run in, one of the two sees the other. The holder renews the claim every second and, on
 * seeing another writer, stops taking new sections alone, lets the running ones finish and deletes
 * the claim; from then on both take the short locks. A holder that stalls past its claim (or a writer
 * past its registration) is refused at its fence, as with a lapsed lock.
 */
class SoleWriterClaim {
  private readonly writerId = `${WRITER_PREFIX}${randomUUID()}`;
  private registeredUntil = 0;
  private clearedForSharedWrites = false;
  private soleUntil = 0;
  private steppingDown = false;
  private runningAlone = 0;
  private drained: Array<() => void> = [];
  /** Of the claim held now; replaced whenever the claim may have been broken (see WriterMemo). */
  private memo = new WriterMemo(MEMO_SIZE);
  private renewing: Promise<void> | undefined;
  private registering: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(readonly databaseName: string) {
    this.timer = setInterval(() => void this.renew(), RENEW_EVERY_MS);
    this.timer.unref();
    void this.renew();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Stops renewing and deletes this process's claim and registration, so the next node needs no wait for them to lapse. */
  async release(): Promise<void> {
    this.stop();
    await this.renewing;
    await this.giveClaimBack();
    await LockModel.collection.deleteOne({ _id: this.writerId as never });
  }

  /** A section that may run without a database lock, or null when this process does not write alone. */
  enterAlone(): SoleSection | null {
    if (this.steppingDown || !this.holdsSoleClaim()) return null;
    this.runningAlone += 1;
    let left = false;
    // A fence kept past the end of its section (a hold that ended) is refused like a lapsed one.
    const lapsed = () => left || !this.holdsSoleClaim();
    return {
      memo: this.memo,
      assertHeld: () => {
        if (lapsed()) throw new LockLapsedError('the claim to write alone lapsed before its holder wrote');
      },
      lapsed,
      leave: () => {
        if (left) return;
        left = true;
        this.runningAlone -= 1;
        if (this.runningAlone === 0) for (const resolveDrained of this.drained.splice(0)) resolveDrained();
      },
    };
  }

  /** The memo of the claim held now, or null when this process does not write alone. */
  memoWhileAlone(): WriterMemo | null {
    return this.steppingDown || !this.holdsSoleClaim() ? null : this.memo;
  }

  /** Whether a section under a database lock may still write: this process stayed registered since it checked that nobody writes alone. */
  mayWriteShared(): boolean {
    return this.clearedForSharedWrites && performance.now() < this.registeredUntil - SAFETY_MARGIN_MS;
  }

  /** Whether this process may write now, alone or beside others. */
  mayWriteNow(): boolean {
    return this.holdsSoleClaim() || this.mayWriteShared();
  }

  /** Registers this process as a writer and waits until no other process writes alone. */
  async clearForSharedWrites(deadline: number): Promise<void> {
    if (this.mayWriteShared()) return;
    await this.register();
    for (let delayMs = 10; ; delayMs = Math.min(delayMs * 2, 200)) {
      const claim = await LockModel.collection.findOne({ _id: SOLE_WRITER_ID as never });
      if (!claim || claim.token === this.writerId) break;
      if (claim.expiresAt.getTime() < Date.now()) {
        await LockModel.collection.deleteOne({ _id: SOLE_WRITER_ID as never, expiresAt: { $lt: new Date() } });
        continue;
      }
      if (Date.now() > deadline) throw new AppError('service_unavailable', 'the system is busy; try again');
      await sleep(delayMs);
    }
    this.clearedForSharedWrites = true;
  }

  private holdsSoleClaim(): boolean {
    return performance.now() < this.soleUntil - SAFETY_MARGIN_MS;
  }

  private renew(): Promise<void> {
    this.renewing ??= this.renewOnce()
      .catch(() => undefined)
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }

  private async renewOnce(): Promise<void> {
    // The claim first: it is what the node's writes wait on when it lapses.
    if (this.soleUntil > 0) await this.renewSoleClaim();
    await this.register();
    const othersWrite = await this.anotherWriterLives();
    if (this.soleUntil > 0) {
      if (othersWrite) await this.stepDown();
    } else if (!othersWrite) {
      await this.claimSole();
    }
  }

  private register(): Promise<void> {
    // One at a time: FerretDB's upsert is a read then an insert, so two at once collide on the key.
    this.registering ??= this.registerOnce().finally(() => {
      this.registering = undefined;
    });
    return this.registering;
  }

  private async registerOnce(): Promise<void> {
    const sentAt = performance.now();
    const stillRegistered = sentAt < this.registeredUntil - SAFETY_MARGIN_MS;
    await LockModel.collection.updateOne(
      { _id: this.writerId as never },
      { $set: { token: this.writerId, expiresAt: new Date(Date.now() + CLAIM_TTL_MS) } },
      { upsert: true },
    );
    // After a gap, another process may have claimed to write alone meanwhile: look again before sharing.
    if (!stillRegistered) this.clearedForSharedWrites = false;
    this.registeredUntil = sentAt + CLAIM_TTL_MS;
  }

  private async anotherWriterLives(): Promise<boolean> {
    const writers = await LockModel.collection.find({ _id: { $regex: `^${WRITER_PREFIX}` } as never }).toArray();
    const now = Date.now();
    return writers.some((writer) => String(writer._id) !== this.writerId && writer.expiresAt.getTime() > now);
  }

  private async claimSole(): Promise<void> {
    await LockModel.collection.deleteOne({ _id: SOLE_WRITER_ID as never, expiresAt: { $lt: new Date() } });
    const sentAt = performance.now();
    try {
      await LockModel.collection.insertOne({ _id: SOLE_WRITER_ID as never, token: this.writerId, expiresAt: new Date(Date.now() + CLAIM_TTL_MS) });
    } catch (error) {
      if (isDuplicateKeyError(error)) return;
      throw error;
    }
    if (await this.anotherWriterLives()) {
      await LockModel.collection.deleteOne({ _id: SOLE_WRITER_ID as never, token: this.writerId });
      return;
    }
    this.forgetMemo();
    this.soleUntil = sentAt + CLAIM_TTL_MS;
  }

  private async renewSoleClaim(): Promise<void> {
    const sentAt = performance.now();
    if (!this.holdsSoleClaim()) {
      // Stalled past the claim: another process may have taken over since; start again from nothing.
      this.soleUntil = 0;
      this.forgetMemo();
      await LockModel.collection.deleteOne({ _id: SOLE_WRITER_ID as never, token: this.writerId });
      return;
    }
    const renewed = await LockModel.collection.updateOne(
      { _id: SOLE_WRITER_ID as never, token: this.writerId },
      { $set: { expiresAt: new Date(Date.now() + CLAIM_TTL_MS) } },
    );
    if (renewed.matchedCount === 0) this.forgetMemo();
    this.soleUntil = renewed.matchedCount === 0 ? 0 : sentAt + CLAIM_TTL_MS;
  }

  /**
   * Starts a new, empty memo: when the claim may have been broken, and when this process writes
   * beside its memo (under a database lock, or a rebuild's bulk writes). A section still running on
   * the old memo writes into one nobody reads again.
   */
  forgetMemo(): void {
    this.memo.clear();
    this.memo = new WriterMemo(MEMO_SIZE);
  }

  private async stepDown(): Promise<void> {
    try {
      await this.giveClaimBack();
      // This process deleted the claim itself, so nobody writes alone now.
      this.clearedForSharedWrites = true;
    } finally {
      this.steppingDown = false;
    }
  }

  /** Takes no new section alone, lets the running ones end, and deletes the claim. */
  private async giveClaimBack(): Promise<void> {
    this.steppingDown = true;
    if (this.runningAlone > 0) await new Promise<void>((resolveDrained) => this.drained.push(resolveDrained));
    this.soleUntil = 0;
    this.forgetMemo();
    await LockModel.collection.deleteOne({ _id: SOLE_WRITER_ID as never, token: this.writerId });
  }
}

let current: SoleWriterClaim | undefined;

/** This process's claim on the database the locks live in now (a test run moves from database to database). */
export function soleWriterClaim(): SoleWriterClaim {
  const databaseName = LockModel.db.name;
  if (current?.databaseName !== databaseName) {
    current?.stop();
    current = new SoleWriterClaim(databaseName);
  }
  return current;
}

/** Gives this process's claim and registration back, when it stops using the database. */
export async function releaseSoleWriterClaim(): Promise<void> {
  const claim = current;
  current = undefined;
  await claim?.release();
}
