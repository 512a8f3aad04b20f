import { createKeyedBatcher } from '../../database/keyed-batcher.js';
import type { Logger } from '../../logger.js';
import { getStorage, type FeedDraft, type FeedEntry, type Storage } from '../storage/index.js';

/** How long entries stay readable: a node or consumer away longer than this starts again from the records. */
export const FEED_RETENTION_MS = 7 * 24 * 3_600_000;
/** How often followers look for entries other nodes wrote, when no hint came through Redis. */
const POLL_INTERVAL_MS = 500;
/** A number handed out but still missing after this long belongs to a writer that died before inserting it. */
const GAP_TIMEOUT_MS = 5_000;
const READ_BATCH = 100;
const LEASE_TTL_MS = 15_000;

/**
 * A reader of the feed. How a consumer (socket fan-out, the active-ticket index, later dashboard
 * rollups) registers and reads by position:
 *
 *   feed.follow({ name: 'dashboard-rollups', durable: true, exclusive: true, apply: async (entries) => … })
 *
 * `apply` gets entries in position order, each once per follower unless it throws (then again, from
 * the first entry not yet applied), so it must be idempotent (key on record id and version). A
 * durable consumer's position is stored after each batch and read back at start, so it resumes
 * after a crash; an exclusive one runs on one node at a time, under a lease. A non-durable one
 * (a node's in-memory index) starts from `startAfter()`.
 */
export interface FeedConsumer {
  name: string;
  apply(entries: FeedEntry[]): Promise<void> | void;
  durable?: boolean;
  exclusive?: boolean;
  /** Where a non-durable consumer starts (it loads its state first, then reads what came after). */
  startAfter?: () => Promise<number>;
  /**
   * A durable consumer's start, once it holds its lease: given its stored position, it readies its
   * state (e.g. builds it from the records when there is none) and says where to resume.
   */
  prepare?: (storedPosition: number) => Promise<number>;
  /** Entries were lost (a dead writer, or past the retention): the consumer should rebuild its state. */
  onSkipped?: () => Promise<void> | void;
  /**
   * Entries are applied only once this old by the storage clock, at the first poll after that (never
   * at once on append): a consumer that gives others time to act first waits without a timer of its own.
   */
  settleMs?: number;
  /**
   * For a durable consumer that writes later than it takes (the dashboard rollups gather a second of
   * entries into one write): `apply` only takes the entries, and `written()` resolves once everything
   * taken so far is written. The follower goes on with the next entries meanwhile and stores a
   * position only once what it covers is written, so a crash replays what was taken but not written.
   */
  written?: () => Promise<void>;
}

export interface FeedFollower {
  /** The last position applied. */
  readonly position: number;
  /** Reads and applies whatever is there now; resolves once done. */
  catchUp(): Promise<void>;
  /**
   * Takes nothing more and gives its lease back; resolves once what was under way (a batch applied,
   * its position stored once its consumer wrote it) is done.
   */
  stop(): Promise<void>;
}

export interface ChangeFeed {
  /** Stores entries durably, numbered; this node's followers get them at once. */
  append(drafts: FeedDraft[]): Promise<FeedEntry[]>;
  follow(consumer: FeedConsumer): FeedFollower;
  /** Another node appended (a hint through socket.io's adapter): read now rather than at the next poll. */
  poke(): void;
  /** Calls `listener` with the entries after each append on this node (to hint the other nodes). */
  onAppended(listener: (entries: FeedEntry[]) => void): void;
  /** Stops polling and every follower; resolves once their work under way is done. */
  stop(): Promise<void>;
}

export function createChangeFeed(options: { logger: Logger; storage?: () => Storage; pollIntervalMs?: number }): ChangeFeed {
  const storage = options.storage ?? getStorage;
  const followers = new Set<Follower>();
  const appendedListeners: Array<(entries: FeedEntry[]) => void> = [];
  // Concurrent changes share one numbering and one insert.
  const appendBatch = createKeyedBatcher<FeedDraft[], FeedEntry[]>(async (_key, batches) => {
    const entries = await storage().appendToFeed(batches.flat(), FEED_RETENTION_MS);
    let offset = 0;
    return batches.map((batch) => entries.slice(offset, (offset += batch.length)));
  });

  type Follower = FeedFollower & { deliver(entries: FeedEntry[]): void };

  // Most polls find nothing new: the followers a poll wakes together share one read of the head. A
  // follower asking once that read has started gets a read of its own, so no one acts on a stale head.
  let headRead: Promise<number> | null = null;
  const readHead = () =>
    (headRead ??= Promise.resolve().then(() => {
      headRead = null;
      return storage().readFeed(0, 0).then(({ head }) => head);
    }));

  function follow(consumer: FeedConsumer): FeedFollower {
    let position: number | undefined;
    // Read after `position`, in order, but not yet old enough for a consumer with `settleMs`: kept, not read again at each poll.
    let unsettled: FeedEntry[] = [];
    let running: Promise<void> = Promise.resolve();
    let gapSince: number | undefined;
    let lease: Awaited<ReturnType<Storage['acquireLease']>> = null;
    let renewedAt = 0;
    const owner = `${consumer.name}:${process.pid}:${Math.random().toString(36).slice(2)}`;
    let stopped = false;

    async function start(): Promise<boolean> {
      if (consumer.exclusive && !lease) {
        lease = await storage().acquireLease(`feed-consumer:${consumer.name}`, { owner, ttlMs: LEASE_TTL_MS });
        if (!lease) return false;
        renewedAt = storage().clock.now().getTime();
        position = undefined;
        unsettled = [];
      }
      if (lease && storage().clock.now().getTime() - renewedAt > LEASE_TTL_MS / 3) {
        try {
          await lease.renew();
          renewedAt = storage().clock.now().getTime();
        } catch {
          lease = null;
          return false;
        }
      }
      if (position === undefined && consumer.durable) {
        const stored = await storage().readFeedPosition(consumer.name);
        position = consumer.prepare ? await consumer.prepare(stored) : stored;
        if (position !== stored) await storage().saveFeedPosition(consumer.name, position);
      }
      position ??= (await consumer.startAfter?.()) ?? (await storage().readFeed(0, 0)).head;
      return true;
    }

    function settledPart(entries: FeedEntry[]): FeedEntry[] {
      if (consumer.settleMs === undefined) return entries;
      const settledBefore = storage().clock.now().getTime() - consumer.settleMs;
      const young = entries.findIndex((entry) => entry.at.getTime() > settledBefore);
      return young === -1 ? entries : entries.slice(0, young);
    }

    async function applyAndRecord(entries: FeedEntry[]): Promise<void> {
      if (entries.length === 0) return;
      await consumer.apply(entries);
      position = entries.at(-1)!.position;
      await recordPosition();
    }

    let recording: Promise<void> | undefined;
    async function recordPosition(): Promise<void> {
      if (!consumer.durable) return;
      const { written } = consumer;
      if (!written) return storage().saveFeedPosition(consumer.name, position!);
      // One store at a time, each of the last position applied once what it covers is written; a
      // store left behind by a lost lease only sends the next holder back to replay.
      recording ??= (async () => {
        try {
          for (let stored: number | undefined; position !== undefined && position !== stored; ) {
            const covered = position;
            await written();
            await storage().saveFeedPosition(consumer.name, covered);
            stored = covered;
          }
        } catch (error) {
          options.logger.warn({ err: error, consumer: consumer.name }, 'change feed position not stored; entries after the last stored one will be applied again');
        } finally {
          recording = undefined;
        }
      })();
    }

    async function readNow(): Promise<void> {
      if (stopped || !(await start())) return;
      for (;;) {
        const from = position! + unsettled.length;
        const known = await readHead();
        const { entries, head } = known > from ? await storage().readFeed(from, READ_BATCH) : { entries: [], head: known };
        let added = 0;
        for (const entry of entries) {
          if (entry.position !== from + added + 1) break;
          unsettled.push(entry);
          added += 1;
        }
        const settled = settledPart(unsettled);
        await applyAndRecord(settled);
        unsettled = unsettled.slice(settled.length);
        if (unsettled.length > 0) return;
        if (position! >= head) {
          gapSince = undefined;
          return;
        }
        if (added > 0) {
          gapSince = undefined;
          continue;
        }
        // The next number is missing: its writer may still be inserting it, or may have died.
        const now = storage().clock.now().getTime();
        gapSince ??= now;
        if (now - gapSince < GAP_TIMEOUT_MS) return;
        options.logger.warn({ consumer: consumer.name, position: position! + 1 }, 'change feed entry missing; skipped');
        const next = entries[0]?.position ?? head;
        await consumer.onSkipped?.();
        position = next - 1;
        await recordPosition();
        gapSince = undefined;
      }
    }

    const queue = (task: () => Promise<void>) => {
      running = running.then(task).catch((error: unknown) => {
        if (!stopped) options.logger.warn({ err: error, consumer: consumer.name }, 'change feed consumer failed; will retry');
      });
      return running;
    };

    const follower: Follower = {
      get position() {
        return position ?? 0;
      },
      catchUp: () => queue(readNow),
      deliver(entries) {
        void queue(async () => {
          if (stopped || position === undefined || (consumer.exclusive && !lease)) return;
          if (consumer.settleMs !== undefined) {
            // Kept (in order) for the poll at which they are old enough.
            if (entries[0]!.position === position + unsettled.length + 1) unsettled.push(...entries);
            return;
          }
          // In order right after what was applied: no need to read it back. Otherwise fill the gap from the feed.
          if (entries[0]!.position === position + 1) await applyAndRecord(entries);
          else await readNow();
        });
      },
      async stop() {
        stopped = true;
        followers.delete(follower);
        void lease?.release().catch(() => undefined);
        await running;
        await recording;
      },
    };
    // One timer wakes every follower of the node at once (their head reads are then shared).
    stopPolling ??= storage().clock.every(options.pollIntervalMs ?? POLL_INTERVAL_MS, catchUpAll);
    followers.add(follower);
    void follower.catchUp();
    return follower;
  }

  let stopPolling: (() => void) | undefined;
  const catchUpAll = async () => void (await Promise.all([...followers].map((follower) => follower.catchUp())));
  const poke = () => void catchUpAll();
  const stopWatching = storage().watchFeed?.(poke);

  return {
    async append(drafts) {
      if (drafts.length === 0) return [];
      const entries = await appendBatch('', drafts);
      for (const follower of followers) follower.deliver(entries);
      for (const listener of appendedListeners) listener(entries);
      return entries;
    },
    follow,
    poke,
    onAppended(listener) {
      appendedListeners.push(listener);
    },
    async stop() {
      stopWatching?.();
      stopPolling?.();
      await Promise.all([...followers].map((follower) => follower.stop()));
    },
  };
}

