import { LRUCache } from 'lru-cache';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import type { ChangeFeed, FeedFollower } from '../../platform/events/change-feed.js';
import { getStorage, type FeedEntry, type Storage } from '../../platform/storage/index.js';
import { toTicketDto } from './ticket-dto.js';
import { TicketDirectory, type AgentLoad, type TLiveTicket } from './ticket-directory.js';
import {
  applyToDirectorySnapshot,
  type DirectoryTombstone,
  DIRECTORY_CONSUMER,
  hasDirectorySnapshot,
  readDirectorySnapshot,
  readDirectoryTombstones,
  readSummariesFromRecords,
  rebuildDirectorySnapshot,
} from './ticket-directory-snapshot.js';
import { summarizeTicket } from './ticket-summary.js';
import { TicketModel, type TicketDocument } from './ticket.model.js';
import { TICKET_REMOVED, TICKET_STREAM } from './ticket.store.js';
import { isTombstonePrunable, type TombstoneGuard } from './tombstone-horizon.js';
import type { TTicketRemovedPayload } from '@mowakaba/shared/events';

/** Whole tickets kept for pages: the recently changed and shown ones (about 1 KB each). */
const RECENT_TICKETS = 20_000;
/** How long a list waits for this node's own latest changes to reach its directory. */
const SETTLE_TIMEOUT_MS = 2_000;

/**
 * This node's ticket directory, loaded at start from the persisted snapshot (or from the records
 * when there is none) and then kept current from the change feed. Lists and take-next read it;
 * the tickets of a page are then read whole, by id, from the recently seen ones or the records.
 */
export class LiveTicketDirectory {
  readonly directory: TicketDirectory;
  private loading: Promise<number> | undefined;
  private following = false;
  /** The last feed position applied, and the last one this node appended. */
  private applied = 0;
  private appendedHere = 0;
  private waiters: Array<{ position: number; resolve: () => void }> = [];
  private readonly recent = new LRUCache<string, TTicket>({ max: RECENT_TICKETS });
  private warm = false;
  /** Tickets a take-next on this node is taking right now, or took and the directory does not show yet. */
  private readonly taking = new Set<string>();
  private readonly reading = new Map<string, Promise<TTicket | null>>();
  /** What each tombstone held guards, so it is forgotten once past its horizon. */
  private readonly guards = new Map<string, TombstoneGuard>();

  /** `follow` starts reading the change feed, the first time the directory is loaded; `walkBudget` is the directory's (tests). */
  constructor(private readonly options: { storage?: () => Storage; follow?: (live: LiveTicketDirectory) => void; walkBudget?: number } = {}) {
    this.directory = new TicketDirectory(options.walkBudget);
  }

  /** Loads the directory the first time it is needed; resolves with the feed position it includes. */
  ensureLoaded(): Promise<number> {
    if (!this.following) {
      this.following = true;
      this.options.follow?.(this);
    }
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<number> {
    const snapshot = await readDirectorySnapshot();
    if (!snapshot) return this.reloadFromRecords();
    this.removeAll(snapshot.tombstones);
    await this.directory.load(snapshot.chunks);
    this.applied = snapshot.position;
    return snapshot.position;
  }

  /**
   * Reads every ticket from the records (a scan), applied by version over what is held: when there
   * is no snapshot, or entries of the feed were lost. The feed's head is read first: every change
   * numbered up to it is in the records read after. Returns that position.
   */
  async reloadFromRecords(): Promise<number> {
    const { head } = await (this.options.storage?.() ?? getStorage()).readFeed(0, 0);
    this.removeAll(await readDirectoryTombstones());
    await this.directory.load(readSummariesFromRecords());
    this.applied = Math.max(this.applied, head);
    return head;
  }

  /** Applies the ticket entries of the change feed, in order. */
  applyFeedEntries(entries: FeedEntry[]): void {
    for (const entry of entries) {
      if (entry.stream !== TICKET_STREAM) continue;
      if (entry.type === TICKET_REMOVED) {
        const removed = entry.payload as unknown as TTicketRemovedPayload;
        if (this.directory.remove({ id: removed.ticketId, version: removed.version })) {
          this.guards.set(removed.ticketId, { position: entry.position, at: new Date(entry.at).getTime() });
        }
        this.recent.delete(removed.ticketId);
        continue;
      }
      const ticket = (entry.payload as { ticket: TTicket }).ticket;
      if (this.directory.apply(summarizeTicket(ticket))) this.remember(ticket);
    }
    if (entries.length > 0) this.applied = Math.max(this.applied, entries.at(-1)!.position);
    if (entries.length > 0) this.forgetPastTombstones();
    this.waiters = this.waiters.filter((waiter) => (waiter.position <= this.applied ? (waiter.resolve(), false) : true));
  }

  /** Takes in stored tombstones before the tickets, so none of them is loaded. */
  private removeAll(tombstones: Map<string, DirectoryTombstone>): void {
    for (const { id, version, guard } of tombstones.values()) {
      // One stored before guards were kept is guarded from here and now on.
      if (this.directory.remove({ id, version })) this.guards.set(id, guard ?? { position: this.applied, at: this.now() });
    }
  }

  /** Forgets the tombstones no late entry can reach any more (see `tombstone-horizon.ts`). */
  private forgetPastTombstones(): void {
    const holder = { appliedPosition: this.applied, now: this.now() };
    for (const [id, guard] of this.guards) {
      if (!isTombstonePrunable(guard, holder)) continue;
      this.directory.forget(id);
      this.guards.delete(id);
    }
  }

  private now(): number {
    return (this.options.storage?.() ?? getStorage()).clock.now().getTime();
  }

  /** This node appended to the feed: a list asked after waits for it (read your own writes). */
  noteAppended(entries: FeedEntry[]): void {
    if (entries.length > 0) this.appendedHere = Math.max(this.appendedHere, entries.at(-1)!.position);
  }

  /** Resolves once every change this node appended so far is applied (at most a short wait). */
  settled(): Promise<void> {
    const position = this.appendedHere;
    if (position <= this.applied) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, SETTLE_TIMEOUT_MS);
      this.waiters.push({ position, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /**
   * Marks a ticket as being taken by a take-next on this node: false when another one already is.
   * Agents asking at once then each try a different ticket instead of queueing on the same one (each
   * losing try is a locked read on the embedded database). Across nodes the ticket's version check
   * still decides: this only spares the tries that would lose.
   */
  startTaking(id: string): boolean {
    if (this.taking.has(id)) return false;
    this.taking.add(id);
    return true;
  }

  /** The take is over: at once when it failed, once the directory shows the change when it succeeded. */
  doneTaking(id: string, taken: boolean): void {
    if (!taken) this.taking.delete(id);
    else void this.settled().then(() => this.taking.delete(id));
  }

  /** How many tickets take-nexts on this node are taking now (they come first in every list of candidates). */
  get takingCount(): number {
    return this.taking.size;
  }

  /** The tickets whole, in the given order: those seen at the directory's version from memory, the others read by id. */
  async readTickets(items: Array<{ id: string; version: number }>): Promise<TTicket[]> {
    const tickets = await Promise.all(
      items.map(({ id, version }) => {
        const held = this.recent.get(id);
        return held && held.version >= version ? held : this.readTicket(id);
      }),
    );
    return tickets.filter((ticket) => ticket !== null);
  }

  /**
   * Reads a ticket by id (the one read FerretDB answers from an index); users opening the same page
   * at once share each read instead of queueing the same reads on the database.
   */
  private readTicket(id: string): Promise<TTicket | null> {
    let reading = this.reading.get(id);
    if (!reading) {
      reading = TicketModel.findById(id)
        .lean<TicketDocument>()
        .then((document) => {
          const ticket = document ? toTicketDto(document) : null;
          if (ticket) this.remember(ticket);
          return ticket;
        })
        .finally(() => this.reading.delete(id));
      this.reading.set(id, reading);
    }
    return reading;
  }

  /**
   * Reads the active tickets whole in the background, a few at a time, so the queue views (the
   * lists every agent opens) are answered from memory from the first request.
   */
  async warmActiveTickets(concurrency = 4): Promise<number> {
    const ids = this.directory.activeTickets().map((ticket) => ticket.id).slice(0, RECENT_TICKETS / 2);
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          if (!this.recent.has(id)) await this.readTicket(id);
        }
      }),
    );
    this.warm = true;
    return ids.length;
  }

  /** Whether warmActiveTickets has run to its end on this node. */
  get isWarm(): boolean {
    return this.warm;
  }

  /**
   * Each person's active tickets and last assignment. `settled`: once every change this node made is
   * applied (what a person asks to see); routing does not wait, since under load the feed's follower
   * can be a second behind, and the tickets this node creates are applied at once (`noteCreated`).
   */
  async agentLoads(userIds: readonly string[], { settled }: { settled: boolean }): Promise<Map<string, AgentLoad>> {
    await this.ensureLoaded();
    if (settled) await this.settled();
    return this.directory.agentLoads(userIds);
  }

  /** A ticket this node just created and recorded in the feed, applied before the feed's follower brings it (which then changes nothing). */
  noteCreated(ticket: TTicket): void {
    if (this.directory.apply(summarizeTicket(ticket))) this.remember(ticket);
  }

  /** The active tickets, as the live dashboard counts them. */
  activeTickets(): TLiveTicket[] {
    return this.directory.activeTickets();
  }

  private remember(ticket: TTicket): void {
    const held = this.recent.peek(ticket.id);
    if (held && held.version > ticket.version) return;
    this.recent.set(ticket.id, ticket);
  }
}

/** A directory kept current by the change feed: every ticket change, from this node or another. */
export function createLiveTicketDirectory(feed: ChangeFeed): LiveTicketDirectory {
  const live = new LiveTicketDirectory({
    follow: (directory) =>
      feed.follow({
        name: 'ticket-directory-node',
        startAfter: () => directory.ensureLoaded(),
        apply: (entries) => directory.applyFeedEntries(entries),
        onSkipped: async () => void (await directory.reloadFromRecords()),
      }),
  });
  feed.onAppended((entries) => live.noteAppended(entries));
  return live;
}

/**
 * Keeps the persisted directory current: one durable consumer, on one node at a time, applies every
 * ticket change to its chunk; with no snapshot yet (a new database, or one from before the
 * directory), it first builds it from the records.
 */
export function keepDirectorySnapshot(feed: ChangeFeed): FeedFollower {
  return feed.follow({
    name: DIRECTORY_CONSUMER,
    durable: true,
    exclusive: true,
    prepare: async (stored) => ((await hasDirectorySnapshot()) ? stored : rebuildDirectorySnapshot()),
    apply: applyToDirectorySnapshot,
    onSkipped: async () => void (await rebuildDirectorySnapshot()),
  });
}
