import mongoose from 'mongoose';
import type { TTicket, TTicketListQuery } from '../../../../shared/src/schemas/tickets.js';
import { ACTIVE_TICKET_STATUSES } from '../../../../shared/src/schemas/tickets.js';
import { escapeRegExp } from '../../../../shared/src/text/fold-text.js';
import { matchesTicketListQuery } from '../../../../shared/src/tickets/ticket-list-match.js';
import { decodeCursor, encodeCursor, type CursorValue, type SortKey } from '../../database/cursor.js';
import type { ChangeFeed } from '../../platform/events/change-feed.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { getStorage, type FeedEntry, type Storage } from '../../platform/storage/index.js';
import { PRIORITY_RANK, TicketModel, type TicketDocument } from './ticket.model.js';
import { TICKET_STREAM } from './ticket.store.js';
import { parseTicketSearch, toTicketDto } from './tickets.service.js';

const ACTIVE = new Set<string>(ACTIVE_TICKET_STATUSES);

interface IndexedTicket {
  ticket: TTicket;
  sortValues: { priorityRank: number; createdAt: Date; updatedAt: Date; _id: mongoose.Types.ObjectId };
  /** The same values as numbers and strings, worked out once: a queue view compares them thousands of times. */
  comparables: Record<string, number | string>;
}

function comparable(value: CursorValue): number | string {
  if (value instanceof Date) return value.getTime();
  if (value instanceof mongoose.Types.ObjectId) return value.toHexString();
  return value ?? '';
}

/** How long a ticket that left the queue is remembered, so an older event about it cannot bring it back. */
const TOMBSTONE_TTL_MS = 10 * 60_000;

/**
 * The active tickets (new, open, pending, on hold) of the whole center, in memory on each node, so
 * the queue views never scan ticket history. Loaded once, then kept current from the change feed,
 * applied by version: a ticket that left the queue leaves a tombstone with its version, so a late or
 * duplicated event (an older version) is ignored instead of bringing it back.
 */
export class ActiveTicketIndex {
  private byId = new Map<string, IndexedTicket>();
  /** Tickets that left the queue: their version then, and when (oldest first, for pruning). */
  private tombstones = new Map<string, { version: number; at: number }>();
  private loading: Promise<number> | undefined;

  private following = false;

  /** `follow` starts reading the change feed, the first time the index is loaded. */
  constructor(private readonly options: { clock?: Clock; storage?: () => Storage; follow?: (index: ActiveTicketIndex) => void } = {}) {}

  /** Takes in a ticket as it now is; a version older than (or the same as) the one held is ignored. */
  apply(ticket: TTicket): void {
    const held = this.byId.get(ticket.id)?.ticket.version ?? this.tombstones.get(ticket.id)?.version ?? -1;
    if (ticket.version <= held) return;
    if (!ACTIVE.has(ticket.status)) {
      this.byId.delete(ticket.id);
      this.tombstones.delete(ticket.id);
      this.tombstones.set(ticket.id, { version: ticket.version, at: this.now() });
      return;
    }
    this.tombstones.delete(ticket.id);
    const sortValues = {
      priorityRank: PRIORITY_RANK[ticket.priority],
      createdAt: new Date(ticket.createdAt),
      updatedAt: new Date(ticket.updatedAt),
      _id: new mongoose.Types.ObjectId(ticket.id),
    };
    const comparables = Object.fromEntries(Object.entries(sortValues).map(([field, value]) => [field, comparable(value)]));
    this.byId.set(ticket.id, { ticket, sortValues, comparables });
  }

  /** Applies ticket entries of the change feed, in order. */
  applyFeedEntries(entries: FeedEntry[]): void {
    for (const entry of entries) if (entry.stream === TICKET_STREAM) this.apply((entry.payload as { ticket: TTicket }).ticket);
    this.pruneTombstones();
  }

  /** Loads the active tickets the first time they are needed; resolves with the feed position they include. */
  ensureLoaded(): Promise<number> {
    if (!this.following) {
      this.following = true;
      this.options.follow?.(this);
    }
    this.loading ??= this.reload().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  /**
   * Reads the active tickets again, applied by version over what is held. The feed's head is read
   * first: every change numbered up to it is already in the records read after, and what comes later
   * is applied from the feed. Returns that position.
   */
  async reload(): Promise<number> {
    const storage = this.options.storage?.() ?? getStorage();
    const started = this.now();
    const { head } = await storage.readFeed(0, 0);
    const documents = await TicketModel.find({ status: { $in: [...ACTIVE_TICKET_STATUSES] } }).lean<TicketDocument[]>();
    const loaded = new Set<string>();
    for (const document of documents) {
      const ticket = toTicketDto(document);
      loaded.add(ticket.id);
      this.apply(ticket);
    }
    // Held, not active in the records, and not changed since the read began: it left the queue unseen.
    for (const [id, held] of [...this.byId]) {
      if (!loaded.has(id) && Date.parse(held.ticket.updatedAt) < started) this.byId.delete(id);
    }
    return head;
  }

  private now(): number {
    return (this.options.clock ?? systemClock).now().getTime();
  }

  private pruneTombstones(): void {
    const oldest = this.now() - TOMBSTONE_TTL_MS;
    for (const [id, tombstone] of this.tombstones) {
      if (tombstone.at >= oldest) break;
      this.tombstones.delete(id);
    }
  }

  /** Every active ticket held, in no order (the dashboards count them). */
  allTickets(): TTicket[] {
    return [...this.byId.values()].map((item) => item.ticket);
  }

  /** Whether a list query only asks for active tickets. */
  canServe(query: TTicketListQuery): boolean {
    const statuses = query.status ?? (query.slaDueBefore ? [...ACTIVE_TICKET_STATUSES] : undefined);
    return statuses !== undefined && statuses.every((status) => ACTIVE.has(status));
  }

  /**
   * The same page the database would give for this query, from memory. Only the page is kept in order
   * while the matches go by: a queue view of thousands of tickets sorts no more than its page.
   */
  list(
    query: TTicketListQuery,
    actorId: string,
    actorTeamIds: string[],
    sort: SortKey[],
    visibleToActor: (ticket: TTicket) => boolean = () => true,
  ): { items: TTicket[]; nextCursor: string | null } {
    const compare = (a: Record<string, number | string>, b: Record<string, number | string>) => {
      for (const { field, direction } of sort) {
        if (a[field]! < b[field]!) return -direction;
        if (a[field]! > b[field]!) return direction;
      }
      return 0;
    };
    const after = query.cursor
      ? Object.fromEntries(decodeCursor(query.cursor, sort).map((value, index) => [sort[index]!.field, comparable(value)]))
      : undefined;
    const page: IndexedTicket[] = [];
    let more = false;
    for (const item of this.matching(query, actorId, actorTeamIds)) {
      if (!visibleToActor(item.ticket)) continue;
      if (after && compare(item.comparables, after) <= 0) continue;
      if (page.length === query.limit && compare(item.comparables, page.at(-1)!.comparables) >= 0) {
        more = true;
        continue;
      }
      let low = 0;
      let high = page.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (compare(page[middle]!.comparables, item.comparables) <= 0) low = middle + 1;
        else high = middle;
      }
      page.splice(low, 0, item);
      if (page.length > query.limit) {
        page.pop();
        more = true;
      }
    }
    const last = page.at(-1);
    return { items: page.map((item) => item.ticket), nextCursor: more && last ? encodeCursor(last.sortValues, sort) : null };
  }

  private *matching(query: TTicketListQuery, actorId: string, actorTeamIds: string[]): Generator<IndexedTicket> {
    // The filters consoles also judge events by; a free-text search (references, phone numbers) is the server's.
    const filters = { ...query, status: query.status ?? [...ACTIVE_TICKET_STATUSES], q: undefined };
    const viewer = { userId: actorId, teamIds: actorTeamIds };
    const search = query.q ? { ...parseTicketSearch(query.q), subject: new RegExp(escapeRegExp(query.q), 'i') } : undefined;
    const matches = (ticket: TTicket) =>
      matchesTicketListQuery(ticket, filters, viewer) === true &&
      (!search || search.subject.test(ticket.subject) || ticket.reference === search.reference || (search.phone !== undefined && ticket.contactPhone === search.phone));
    for (const item of this.byId.values()) if (matches(item.ticket)) yield item;
  }
}

/** An index kept current by the change feed: every ticket change, from this node or another. */
export function createActiveTicketIndex(feed: ChangeFeed, options: { clock?: Clock } = {}): ActiveTicketIndex {
  return new ActiveTicketIndex({
    ...options,
    follow: (index) =>
      feed.follow({
        name: 'active-ticket-index',
        startAfter: () => index.ensureLoaded(),
        apply: (entries) => index.applyFeedEntries(entries),
        onSkipped: async () => void (await index.reload()),
      }),
  });
}
