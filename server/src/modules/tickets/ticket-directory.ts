import mongoose from 'mongoose';
import {
  CONTENT_LANGUAGES,
  REGION_KEYS,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TOPIC_KEYS,
  type TContentLanguage,
  type TRegionKey,
  type TTicketChannel,
  type TTicketPriority,
  type TTicketStatus,
  type TTopicKey,
} from '@mowakaba/shared/constants';
import { ACTIVE_TICKET_STATUSES, type TTicket, type TTicketListQuery } from '@mowakaba/shared/schemas/tickets';
import { splitVisibility, type Visibility } from '../../access/access-rule.js';
import { decodeCursor, encodeCursor } from '../../database/cursor.js';
import { AppError } from '../../errors.js';
import { SortedSlots } from './sorted-slots.js';
import type { TicketSummary } from './ticket-summary.js';
import { SORTS } from './ticket-list-sorts.js';

/** What the live dashboard reads of an active ticket: times as epoch milliseconds (a snapshot a second reads them all). */
export interface TLiveTicket {
  id: string;
  status: TTicket['status'];
  priority: TTicket['priority'];
  createdAtMs: number;
  assigneeId: string | null;
  teamId: string | null;
  firstResponseDueMs: number | null;
  resolutionDueMs: number | null;
  firstResponded: boolean;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
}

/** A person's share of the active tickets, for routing and the supervisors' view of who holds what. */
export interface AgentLoad {
  activeTickets: number;
  /** Epoch milliseconds; 0 when they were never given a ticket. */
  lastAssignedAtMs: number;
}

export interface DirectoryListRequest {
  /** The list query; its `q` is answered by the caller, through `only`. */
  query: TTicketListQuery;
  actorId: string;
  /** The actor's teams, for `team=mine`. */
  actorTeamIds: string[];
  visibility: Visibility;
  /** Only these tickets (what a search found). */
  only?: Iterable<string>;
}

/** A list's filters and the actor's visibility as one test of a slot, and the column (with its allowed values) that lets the fewest through. */
interface CompiledFilter {
  accepts: (slot: number) => boolean;
  narrowest?: { column: Uint8Array | Uint32Array; table: Uint8Array };
}

export interface DirectoryPage {
  /** The page's tickets in list order, with the version the directory holds of each. */
  items: Array<{ id: string; version: number }>;
  nextCursor: string | null;
}

const ACTIVE = new Set<string>(ACTIVE_TICKET_STATUSES);
const indexOf = <T extends string>(values: readonly T[]) => new Map<string, number>(values.map((value, index) => [value, index]));
const STATUS = indexOf(TICKET_STATUSES);
const PRIORITY = indexOf(TICKET_PRIORITIES);
const TOPIC = indexOf(TOPIC_KEYS);
const CHANNEL = indexOf(TICKET_CHANNELS);
const LANGUAGE = indexOf(CONTENT_LANGUAGES);
/** Regions are numbered from 1: 0 is a ticket without one. */
const REGION = new Map<string, number>(REGION_KEYS.map((key, index) => [key, index + 1]));
/** A region filter's values: `none` is a ticket without one. */
const REGION_FILTER = new Map<string, number>([...REGION, ['none', 0]]);
const ACTIVE_STATUS_CODES = ACTIVE_TICKET_STATUSES.map((status) => STATUS.get(status)!);
const REFERENCE = /^T-(\d{4})-(\d{6,9})$/;
const PHONE = /^\+[1-9]\d{5,14}$/;
/** How many slots a list walks in sorted order before it scans them all instead (about a millisecond). */
const WALK_BUDGET = 50_000;

/** Strings numbered as they are first seen (team, user and association ids, tag sets); 0 is null. */
class Strings {
  private readonly values: string[] = [''];
  private readonly numbers = new Map<string, number>();

  number(value: string | null): number {
    if (value === null) return 0;
    let number = this.numbers.get(value);
    if (number === undefined) {
      number = this.values.length;
      this.values.push(value);
      this.numbers.set(value, number);
    }
    return number;
  }

  /** The number of a string seen before; -1 when never seen (nothing holds it). */
  find(value: string | null): number {
    return value === null ? 0 : (this.numbers.get(value) ?? -1);
  }

  value(number: number): string | null {
    return number === 0 ? null : this.values[number]!;
  }

  get size(): number {
    return this.values.length;
  }
}

type Key = { primary: number; secondary: number; id: string };

/**
 * Every ticket of the center, summarised in memory on each node (a few typed arrays; about 200 bytes
 * a ticket), so that every list, take-next and the waiting-call check are answered without
 * scanning the tickets collection. It is kept current from the change feed by version: an entry
 * older than (or as old as) the one held is ignored, so late, repeated or reordered deliveries
 * cannot undo a change. A closed ticket stays (closing is a status): its held entry is the
 * tombstone that stops an older event from putting it back in the queue. A removed ticket (demo data
 * removed) leaves every list and order but keeps its slot and last version as a tombstone, so no
 * event about it, however late, brings it back.
 *
 * Three orders are kept sorted as tickets change: by creation, by last update, and the queue's
 * (one creation order per priority). A list walks the order of its sort from the cursor and stops
 * after its page; a list of a few tickets (an association's, a search's, the active queue's) sorts
 * just those.
 */
export class TicketDirectory {
  private capacity = 0;
  private count = 0;
  private readonly slotOf = new Map<string, number>();
  private ids: string[] = [];
  private version = new Int32Array(0);
  private referenceCode = new Float64Array(0);
  private status = new Uint8Array(0);
  private priority = new Uint8Array(0);
  private topic = new Uint8Array(0);
  private channel = new Uint8Array(0);
  private language = new Uint8Array(0);
  private region = new Uint8Array(0);
  private team = new Uint32Array(0);
  private assignee = new Uint32Array(0);
  private association = new Uint32Array(0);
  private tagSet = new Uint32Array(0);
  private phoneCode = new Float64Array(0);
  private createdAt = new Float64Array(0);
  private updatedAt = new Float64Array(0);
  private firstResponseDueAt = new Float64Array(0);
  private resolutionDueAt = new Float64Array(0);
  private firstRespondedAt = new Float64Array(0);
  private solvedAt = new Float64Array(0);
  private breached = new Uint8Array(0);
  /** References and phone numbers not in the usual form, kept as text. */
  private readonly oddReferences = new Map<number, string>();
  private readonly oddPhones = new Map<number, string>();
  private readonly teams = new Strings();
  private readonly users = new Strings();
  private readonly associations = new Strings();
  private readonly tagSets = new Strings();
  private readonly active = new Set<number>();
  /** When each assignee (by number) was last given a ticket, as far as this directory saw: for round-robin. */
  private readonly lastAssignedAt = new Map<number, number>();
  /** Slots of removed tickets (demo data removed): in no order and no list, kept as tombstones with their last version. */
  private readonly removed = new Set<number>();
  /** Slots of forgotten tombstones, to be given to the next tickets (still in `removed` until then). */
  private readonly vacant: number[] = [];

  private readonly byCreation = new SortedSlots((a, b) => this.createdAt[a]! - this.createdAt[b]! || compareIds(this.ids[a]!, this.ids[b]!));
  private readonly byUpdate = new SortedSlots((a, b) => this.updatedAt[a]! - this.updatedAt[b]! || compareIds(this.ids[a]!, this.ids[b]!));
  /** Creation orders per priority rank: the queue order is rank 3's, then 2's, 1's, 0's. */
  private readonly byRank = TICKET_PRIORITIES.map(() => new SortedSlots((a, b) => this.createdAt[a]! - this.createdAt[b]! || compareIds(this.ids[a]!, this.ids[b]!)));

  /** `walkBudget`: how many slots a list walks in sorted order before it scans them all (see `walk`). */
  constructor(private readonly walkBudget = WALK_BUDGET) {}

  /** How many tickets are held (removed ones are not). */
  get size(): number {
    return this.count - this.removed.size;
  }

  /** The version held of a ticket; undefined when it is not held. */
  versionOf(id: string): number | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined || this.removed.has(slot) ? undefined : this.version[slot];
  }

  /**
   * Drops a removed ticket from every list and order, keeping its slot as a tombstone at `version`
   * (its last): no event about it, late or repeated, brings it back. Says whether it changed anything.
   */
  remove(tombstone: { id: string; version: number }): boolean {
    let slot = this.slotOf.get(tombstone.id);
    if (slot !== undefined && this.removed.has(slot)) return false;
    if (slot === undefined) {
      // Never seen (removed before this node heard of it): a bare tombstone.
      slot = this.takeSlot();
      this.ids[slot] = tombstone.id;
      this.version[slot] = 0;
      this.slotOf.set(tombstone.id, slot);
      this.referenceCode[slot] = Number.NaN;
      this.phoneCode[slot] = Number.NaN;
    } else {
      this.byCreation.remove(slot);
      this.byUpdate.remove(slot);
      this.byRank[this.priority[slot]!]!.remove(slot);
      this.oddReferences.delete(slot);
      this.oddPhones.delete(slot);
      this.referenceCode[slot] = Number.NaN;
      this.phoneCode[slot] = Number.NaN;
      this.association[slot] = 0;
      this.team[slot] = 0;
      this.assignee[slot] = 0;
    }
    this.version[slot] = Math.max(this.version[slot]!, tombstone.version);
    this.active.delete(slot);
    this.removed.add(slot);
    return true;
  }

  /** The removed tickets' tombstones, for the persisted snapshot. */
  tombstones(): Array<{ id: string; version: number }> {
    const vacant = new Set(this.vacant);
    return [...this.removed].filter((slot) => !vacant.has(slot)).map((slot) => ({ id: this.ids[slot]!, version: this.version[slot]! }));
  }

  /**
   * Forgets a removed ticket's tombstone once no late entry about it can come (see
   * `tombstone-horizon.ts`); its slot goes to the next ticket. Says whether there was one.
   */
  forget(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined || !this.removed.has(slot)) return false;
    this.slotOf.delete(id);
    this.ids[slot] = '';
    this.vacant.push(slot);
    return true;
  }

  /** Takes in a ticket as it now is; an older (or the same) version than the one held is ignored. Says whether it changed anything. */
  apply(summary: TicketSummary): boolean {
    const slot = this.slotOf.get(summary.id);
    if (slot !== undefined && this.removed.has(slot)) return false;
    if (slot === undefined) {
      const added = this.add(summary);
      this.byCreation.insert(added);
      this.byUpdate.insert(added);
      this.byRank[this.priority[added]!]!.insert(added);
      return true;
    }
    if (summary.version <= this.version[slot]!) return false;
    const createdAt = summary.createdAt;
    const rank = PRIORITY.get(summary.priority)!;
    const reordered = createdAt !== this.createdAt[slot] || rank !== this.priority[slot];
    if (createdAt !== this.createdAt[slot]) this.byCreation.remove(slot);
    if (reordered) this.byRank[this.priority[slot]!]!.remove(slot);
    if (summary.updatedAt !== this.updatedAt[slot]) this.byUpdate.remove(slot);
    const before = { createdAt: this.createdAt[slot], updatedAt: this.updatedAt[slot] };
    this.write(slot, summary);
    if (createdAt !== before.createdAt) this.byCreation.insert(slot);
    if (reordered) this.byRank[rank]!.insert(slot);
    if (summary.updatedAt !== before.updatedAt) this.byUpdate.insert(slot);
    return true;
  }

  /**
   * Takes in many tickets at once (a snapshot's, or the records'), by version like `apply`, sorting
   * the orders once at the end instead of at every ticket.
   */
  async load(batches: AsyncIterable<Iterable<TicketSummary>> | Iterable<Iterable<TicketSummary>>): Promise<void> {
    for await (const batch of batches) {
      for (const summary of batch) {
        const slot = this.slotOf.get(summary.id);
        if (slot === undefined) this.add(summary);
        else if (!this.removed.has(slot) && summary.version > this.version[slot]!) this.write(slot, summary);
      }
    }
    const slots = () => Array.from({ length: this.count }, (_, slot) => slot).filter((slot) => !this.removed.has(slot));
    this.byCreation.reset(slots());
    this.byUpdate.reset(slots());
    this.byRank.forEach((order, rank) => order.reset(slots().filter((slot) => this.priority[slot] === rank)));
  }

  /** The summary held of a ticket. */
  summaryOf(id: string): TicketSummary | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined || this.removed.has(slot) ? undefined : this.summaryAt(slot);
  }

  /** Every summary held, in no particular order (removed tickets are not). */
  *summaries(): Generator<TicketSummary> {
    for (let slot = 0; slot < this.count; slot += 1) if (!this.removed.has(slot)) yield this.summaryAt(slot);
  }

  /** The active tickets (new, open, pending, on hold), as the live dashboard counts them. */
  activeTickets(): TLiveTicket[] {
    const timeOrNull = (time: number) => (Number.isNaN(time) ? null : time);
    return [...this.active].map((slot) => ({
      id: this.ids[slot]!,
      status: TICKET_STATUSES[this.status[slot]!]!,
      priority: TICKET_PRIORITIES[this.priority[slot]!]!,
      createdAtMs: this.createdAt[slot]!,
      assigneeId: this.users.value(this.assignee[slot]!),
      teamId: this.teams.value(this.team[slot]!),
      firstResponseDueMs: timeOrNull(this.firstResponseDueAt[slot]!),
      resolutionDueMs: timeOrNull(this.resolutionDueAt[slot]!),
      firstResponded: !Number.isNaN(this.firstRespondedAt[slot]!),
      firstResponseBreached: (this.breached[slot]! & 1) !== 0,
      resolutionBreached: (this.breached[slot]! & 2) !== 0,
    }));
  }

  /**
   * Each person's load, from the tickets themselves: how many active tickets they hold, and when they
   * were last given one (0: never, as far as this directory saw). Counted afresh at each call, so
   * it never drifts from the tickets.
   */
  agentLoads(userIds: readonly string[]): Map<string, AgentLoad> {
    const loads = new Map<number, AgentLoad>();
    const byId = new Map<string, AgentLoad>();
    for (const userId of userIds) {
      const number = this.users.find(userId);
      const load = { activeTickets: 0, lastAssignedAtMs: number > 0 ? (this.lastAssignedAt.get(number) ?? 0) : 0 };
      if (number > 0) loads.set(number, load);
      byId.set(userId, load);
    }
    for (const slot of this.active) {
      const load = loads.get(this.assignee[slot]!);
      if (load) load.activeTickets += 1;
    }
    return byId;
  }

  /** The tickets with this reference (`T-2026-000123`) or contact phone (E.164). */
  findExact(search: { reference?: string; phone?: string }): string[] {
    const found: string[] = [];
    const scan = (codes: Float64Array, odd: Map<number, string>, text: string | undefined, code: number) => {
      if (text === undefined) return;
      if (!Number.isNaN(code)) {
        for (let slot = 0; slot < this.count; slot += 1) if (codes[slot] === code) found.push(this.ids[slot]!);
      }
      for (const [slot, value] of odd) if (value === text) found.push(this.ids[slot]!);
    };
    scan(this.referenceCode, this.oddReferences, search.reference, search.reference ? referenceCodeOf(search.reference) : Number.NaN);
    scan(this.phoneCode, this.oddPhones, search.phone, search.phone ? phoneCodeOf(search.phone) : Number.NaN);
    return found;
  }

  /**
   * The most urgent, oldest tickets nobody took yet (new or open) that the actor's teams may take:
   * one of those teams', or one without a team in a language and topic they cover.
   */
  takeNextCandidates(skills: { teamIds: string[]; languages: string[]; topics: string[] }, limit: number): string[] {
    const teams = new Set(skills.teamIds.map((id) => this.teams.find(id)).filter((number) => number > 0));
    const languages = new Set(skills.languages.map((language) => LANGUAGE.get(language)));
    const topics = new Set(skills.topics.map((topic) => TOPIC.get(topic)));
    const waiting = new Set([STATUS.get('new'), STATUS.get('open')]);
    const candidates: number[] = [];
    for (const slot of this.active) {
      if (this.assignee[slot] !== 0 || !waiting.has(this.status[slot])) continue;
      const team = this.team[slot]!;
      if (team === 0 ? languages.has(this.language[slot]) && topics.has(this.topic[slot]) : teams.has(team)) candidates.push(slot);
    }
    return this.firstInOrder(candidates, 'queue', limit).map((slot) => this.ids[slot]!);
  }

  /** Whether any ticket waits for someone to take it (new or open, nobody assigned). */
  hasUntakenTickets(): boolean {
    for (const slot of this.active) if (this.assignee[slot] === 0 && this.status[slot]! <= STATUS.get('open')!) return true;
    return false;
  }

  /** The association's active ticket changed last, if it has one. */
  latestActiveTicketOf(associationId: string): string | null {
    const association = this.associations.find(associationId);
    if (association <= 0) return null;
    let latest = -1;
    for (const slot of this.active) {
      if (this.association[slot] === association && (latest === -1 || this.updatedAt[slot]! > this.updatedAt[latest]!)) latest = slot;
    }
    return latest === -1 ? null : this.ids[latest]!;
  }

  /** The ids of an association's tickets. */
  ticketsOf(associationId: string): string[] {
    const association = this.associations.find(associationId);
    const found: string[] = [];
    if (association <= 0) return found;
    for (let slot = 0; slot < this.count; slot += 1) if (this.association[slot] === association) found.push(this.ids[slot]!);
    return found;
  }

  /** A page of a list, within what the actor may see; cursors are those the database pages gave. */
  list(request: DirectoryListRequest): DirectoryPage {
    const { query } = request;
    const filter = this.compileFilter(request);
    const { accepts } = filter;
    const after = query.cursor ? this.cursorKey(query.cursor, query.sort) : undefined;
    const limit = query.limit;
    const statuses = query.status ?? (query.slaDueBefore ? [...ACTIVE_TICKET_STATUSES] : undefined);

    let candidates: Iterable<number> | undefined;
    if (request.only) {
      candidates = [...request.only].map((id) => this.slotOf.get(id)).filter((slot): slot is number => slot !== undefined && !this.removed.has(slot));
    } else if (query.associationId) {
      const association = this.associations.find(query.associationId);
      const slots: number[] = [];
      if (association > 0) for (let slot = 0; slot < this.count; slot += 1) if (this.association[slot] === association) slots.push(slot);
      candidates = slots;
    } else if (statuses?.every((status) => ACTIVE.has(status))) {
      candidates = this.active;
    }

    const page = candidates
      ? this.firstInOrder(this.matchingSlots(candidates, accepts, after, query.sort), query.sort, limit + 1)
      : (this.walk(query, after, accepts, limit + 1) ?? this.firstInOrder(this.scan(filter, after, query.sort), query.sort, limit + 1));
    const more = page.length > limit;
    const items = page.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((slot) => ({ id: this.ids[slot]!, version: this.version[slot]! })),
      nextCursor: more && last !== undefined ? this.cursorOf(last, query.sort) : null,
    };
  }

  /** The slots among `slots` that the filter accepts and that come after the cursor. */
  private matchingSlots(slots: Iterable<number>, accepts: (slot: number) => boolean, after: Key | undefined, sort: TTicketListQuery['sort']): number[] {
    const { toKey } = this.listComparator(sort);
    const matching: number[] = [];
    for (const slot of slots) if (accepts(slot) && (!after || toKey(slot, after) > 0)) matching.push(slot);
    return matching;
  }

  /**
   * Every held slot that the filter accepts and that comes after the cursor, in memory order: the
   * filter's narrowest column is read alone first (a tight loop over one typed array), and only the
   * slots it lets through are tested in full.
   */
  private scan({ accepts, narrowest }: CompiledFilter, after: Key | undefined, sort: TTicketListQuery['sort']): number[] {
    const candidates: number[] = [];
    const { column, table } = narrowest ?? {};
    for (let slot = 0; slot < this.count; slot += 1) if (!table || table[column![slot]!] === 1) candidates.push(slot);
    return this.matchingSlots(candidates, accepts, after, sort);
  }

  /** The first `limit` slots of `slots` in the order of `sort`: only a page is kept sorted while they go by. */
  private firstInOrder(slots: Iterable<number>, sort: TTicketListQuery['sort'], limit: number): number[] {
    const { compare } = this.listComparator(sort);
    const page: number[] = [];
    for (const slot of slots) {
      if (page.length === limit && compare(slot, page.at(-1)!) >= 0) continue;
      let low = 0;
      let high = page.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (compare(page[middle]!, slot) <= 0) low = middle + 1;
        else high = middle;
      }
      page.splice(low, 0, slot);
      if (page.length > limit) page.pop();
    }
    return page;
  }

  /**
   * Walks the sorted order of the list's sort from its cursor, keeping what the filter accepts, until
   * `wanted` are found; undefined once it has looked at `walkBudget` slots without finding them: a
   * filter that matches almost nothing is answered sooner by a scan of the slots in memory order
   * (walking a million in sorted order took about twice as long, reading the columns out of order).
   */
  private walk(query: TTicketListQuery, after: Key | undefined, accepts: (slot: number) => boolean, wanted: number): number[] | undefined {
    const found: number[] = [];
    let budget = this.walkBudget;
    const byTimeThenId = (times: Float64Array, key: Key) => (slot: number) => times[slot]! - key.primary || compareIds(this.ids[slot]!, key.id);
    const atOrAfter = (times: Float64Array, bound: number) => (slot: number) => (times[slot]! < bound ? -1 : 1);
    const run = (order: SortedSlots, from: number, step: 1 | -1, stop?: (slot: number) => boolean) => {
      for (let index = from; index >= 0 && index < order.length && found.length < wanted && budget > 0; index += step, budget -= 1) {
        const slot = order.at(index);
        if (stop?.(slot)) return;
        if (accepts(slot)) found.push(slot);
      }
    };
    if (query.sort === 'queue') {
      for (let rank = TICKET_PRIORITIES.length - 1; rank >= 0 && found.length < wanted; rank -= 1) {
        if (after && rank > -after.primary) continue;
        const order = this.byRank[rank]!;
        const from = after && rank === -after.primary ? order.search(byTimeThenId(this.createdAt, { ...after, primary: after.secondary }), true) : 0;
        run(order, from, 1);
      }
      return budget > 0 || found.length === wanted ? found : undefined;
    }
    const byCreation = query.sort === 'createdAt' || query.sort === '-createdAt';
    const order = byCreation ? this.byCreation : this.byUpdate;
    const times = byCreation ? this.createdAt : this.updatedAt;
    const from = Date.parse((byCreation ? query.createdFrom : query.updatedFrom) ?? '');
    const to = Date.parse((byCreation ? query.createdTo : query.updatedTo) ?? '');
    if (query.sort === 'createdAt' || query.sort === 'updatedAt') {
      let start = after ? order.search(byTimeThenId(times, after), true) : 0;
      if (!Number.isNaN(from)) start = Math.max(start, order.search(atOrAfter(times, from)));
      run(order, start, 1, Number.isNaN(to) ? undefined : (slot) => times[slot]! >= to);
    } else {
      let start = after ? order.search(byTimeThenId(times, after)) - 1 : order.length - 1;
      if (!Number.isNaN(to)) start = Math.min(start, order.search(atOrAfter(times, to)) - 1);
      run(order, start, -1, Number.isNaN(from) ? undefined : (slot) => times[slot]! < from);
    }
    return budget > 0 || found.length === wanted ? found : undefined;
  }

  /** The list order of a sort, between two slots and between a slot and a cursor's key. */
  private listComparator(sort: TTicketListQuery['sort']) {
    const keyOf = (slot: number): Key => {
      if (sort === 'queue') return { primary: -this.priority[slot]!, secondary: this.createdAt[slot]!, id: this.ids[slot]! };
      return { primary: sort.endsWith('createdAt') ? this.createdAt[slot]! : this.updatedAt[slot]!, secondary: 0, id: this.ids[slot]! };
    };
    const direction = sort.startsWith('-') ? -1 : 1;
    const compareKeys = (a: Key, b: Key) => direction * (a.primary - b.primary || a.secondary - b.secondary || compareIds(a.id, b.id));
    return { compare: (a: number, b: number) => compareKeys(keyOf(a), keyOf(b)), toKey: (slot: number, key: Key) => compareKeys(keyOf(slot), key) };
  }

  private cursorKey(cursor: string, sort: TTicketListQuery['sort']): Key {
    const values = decodeCursor(cursor, SORTS[sort]);
    const time = (value: unknown) => (value instanceof Date ? value.getTime() : Number.NaN);
    const id = values.at(-1);
    const key: Key =
      sort === 'queue'
        ? { primary: -(typeof values[0] === 'number' ? values[0] : Number.NaN), secondary: time(values[1]), id: String(id) }
        : { primary: time(values[0]), secondary: 0, id: String(id) };
    if (Number.isNaN(key.primary) || Number.isNaN(key.secondary) || !(id instanceof mongoose.Types.ObjectId)) {
      throw new AppError('validation_failed', 'the request is not valid', [{ path: 'cursor', code: 'invalid_cursor', message: 'is not a cursor this list returned' }]);
    }
    return key;
  }

  private cursorOf(slot: number, sort: TTicketListQuery['sort']): string {
    return encodeCursor(
      {
        priorityRank: this.priority[slot]!,
        createdAt: new Date(this.createdAt[slot]!),
        updatedAt: new Date(this.updatedAt[slot]!),
        _id: new mongoose.Types.ObjectId(this.ids[slot]!),
      },
      SORTS[sort],
    );
  }

  /** The query's filters and the actor's visibility as one test of a slot, over numbers worked out once. */
  private compileFilter(request: DirectoryListRequest): CompiledFilter {
    const { query } = request;
    const allowed = (values: readonly string[] | undefined, numbers: Map<string, number>, size: number) => {
      if (!values) return undefined;
      const table = new Uint8Array(size + 1);
      for (const value of values) table[numbers.get(value) ?? size] = 1;
      return table;
    };
    const statuses = query.status ?? (query.slaDueBefore ? [...ACTIVE_TICKET_STATUSES] : undefined);
    const statusTable = allowed(statuses, STATUS, TICKET_STATUSES.length);
    const priorityTable = allowed(query.priority, PRIORITY, TICKET_PRIORITIES.length);
    const topicTable = allowed(query.topic, TOPIC, TOPIC_KEYS.length);
    const channelTable = allowed(query.channel, CHANNEL, TICKET_CHANNELS.length);
    const regionTable = allowed(query.region, REGION_FILTER, REGION_KEYS.length + 1);
    const teamTable = query.team ? new Uint8Array(this.teams.size) : undefined;
    if (teamTable && query.team === 'none') teamTable[0] = 1;
    else if (teamTable) for (const id of query.team === 'mine' ? request.actorTeamIds : [query.team!]) if (this.teams.find(id) > 0) teamTable[this.teams.find(id)] = 1;
    const assignee = query.assignee === undefined ? undefined : query.assignee === 'none' ? 0 : this.users.find(query.assignee === 'me' ? request.actorId : query.assignee);
    let tagTable: Uint8Array | undefined;
    if (query.tag !== undefined) {
      tagTable = new Uint8Array(this.tagSets.size);
      for (let number = 1; number < this.tagSets.size; number += 1) tagTable[number] = this.tagSets.value(number)!.split(' ').includes(query.tag) ? 1 : 0;
    }
    const association = query.associationId ? this.associations.find(query.associationId) : undefined;
    const bound = (value: string | undefined, otherwise: number) => (value ? Date.parse(value) : otherwise);
    const createdFrom = bound(query.createdFrom, -Infinity);
    const createdTo = bound(query.createdTo, Infinity);
    const updatedFrom = bound(query.updatedFrom, -Infinity);
    const updatedTo = bound(query.updatedTo, Infinity);
    const solvedRange = query.solvedFrom !== undefined || query.solvedTo !== undefined;
    const solvedFrom = bound(query.solvedFrom, -Infinity);
    const solvedTo = bound(query.solvedTo, Infinity);
    const dueBefore = query.slaDueBefore ? Date.parse(query.slaDueBefore) : undefined;
    const visibility = splitVisibility(request.visibility);
    const visibleTeams = new Uint8Array(this.teams.size);
    for (let number = 0; number < this.teams.size; number += 1) visibleTeams[number] = visibility.everything || visibility.teamVisible(this.teams.value(number)) ? 1 : 0;
    const actor = visibility.actorId === null ? -1 : this.users.find(visibility.actorId);

    const tested: Array<[Uint8Array | Uint32Array, Uint8Array | undefined]> = [
      [this.status, statusTable],
      [this.priority, priorityTable],
      [this.topic, topicTable],
      [this.channel, channelTable],
      [this.region, regionTable],
      [this.team, teamTable],
      [this.tagSet, tagTable],
    ];
    let narrowest: CompiledFilter['narrowest'];
    let narrowestShare = 1;
    for (const [column, table] of tested) {
      const share = table ? table.reduce((sum, allowed) => sum + allowed, 0) / table.length : 1;
      if (table && share < narrowestShare) [narrowest, narrowestShare] = [{ column, table }, share];
    }

    // The removed set is asked last: a hash lookup per slot cost more than the other checks of a scan.
    const accepts = (slot: number) => {
      if (statusTable && statusTable[this.status[slot]!] !== 1) return false;
      if (priorityTable && priorityTable[this.priority[slot]!] !== 1) return false;
      if (topicTable && topicTable[this.topic[slot]!] !== 1) return false;
      if (channelTable && channelTable[this.channel[slot]!] !== 1) return false;
      if (regionTable && regionTable[this.region[slot]!] !== 1) return false;
      if (teamTable && teamTable[this.team[slot]!] !== 1) return false;
      if (assignee !== undefined && this.assignee[slot] !== assignee) return false;
      if (tagTable && tagTable[this.tagSet[slot]!] !== 1) return false;
      if (association !== undefined && this.association[slot] !== association) return false;
      const createdAt = this.createdAt[slot]!;
      const updatedAt = this.updatedAt[slot]!;
      if (createdAt < createdFrom || createdAt >= createdTo || updatedAt < updatedFrom || updatedAt >= updatedTo) return false;
      // NaN (not solved) fails both comparisons' negation: it is never in a solved range.
      if (solvedRange && !(this.solvedAt[slot]! >= solvedFrom && this.solvedAt[slot]! < solvedTo)) return false;
      if (dueBefore !== undefined) {
        const firstResponseDue = Number.isNaN(this.firstRespondedAt[slot]!) && this.firstResponseDueAt[slot]! < dueBefore;
        if (!firstResponseDue && !(this.resolutionDueAt[slot]! < dueBefore)) return false;
      }
      if (visibleTeams[this.team[slot]!] !== 1 && !(actor > 0 && this.assignee[slot] === actor)) return false;
      return !this.removed.has(slot);
    };
    return { accepts, narrowest };
  }

  /** A slot for a ticket not held: a forgotten tombstone's (still marked removed), or a new one. */
  private takeSlot(): number {
    const vacant = this.vacant.pop();
    if (vacant !== undefined) return vacant;
    if (this.count === this.capacity) this.grow();
    this.count += 1;
    return this.count - 1;
  }

  private add(summary: TicketSummary): number {
    const slot = this.takeSlot();
    this.removed.delete(slot);
    this.ids[slot] = summary.id;
    this.slotOf.set(summary.id, slot);
    this.write(slot, summary);
    return slot;
  }

  private write(slot: number, summary: TicketSummary): void {
    this.version[slot] = summary.version;
    const reference = referenceCodeOf(summary.reference);
    this.referenceCode[slot] = reference;
    if (Number.isNaN(reference)) this.oddReferences.set(slot, summary.reference);
    else this.oddReferences.delete(slot);
    const phone = summary.contactPhone === null ? Number.NaN : phoneCodeOf(summary.contactPhone);
    this.phoneCode[slot] = phone;
    if (summary.contactPhone !== null && Number.isNaN(phone)) this.oddPhones.set(slot, summary.contactPhone);
    else this.oddPhones.delete(slot);
    this.status[slot] = STATUS.get(summary.status)!;
    this.priority[slot] = PRIORITY.get(summary.priority)!;
    this.topic[slot] = TOPIC.get(summary.topic)!;
    this.channel[slot] = CHANNEL.get(summary.channel)!;
    this.language[slot] = LANGUAGE.get(summary.language)!;
    this.region[slot] = summary.region === null ? 0 : REGION.get(summary.region)!;
    this.team[slot] = this.teams.number(summary.teamId);
    const assignee = this.users.number(summary.assigneeId);
    // A ticket reaching its assignee: a new one, or another person's (a snapshot's tickets count at their last change).
    if (assignee !== 0 && assignee !== this.assignee[slot]) this.lastAssignedAt.set(assignee, Math.max(this.lastAssignedAt.get(assignee) ?? 0, summary.updatedAt));
    this.assignee[slot] = assignee;
    this.association[slot] = this.associations.number(summary.associationId);
    this.tagSet[slot] = this.tagSets.number(summary.tags.length === 0 ? null : summary.tags.join(' '));
    this.createdAt[slot] = summary.createdAt;
    this.updatedAt[slot] = summary.updatedAt;
    this.firstResponseDueAt[slot] = summary.firstResponseDueAt ?? Number.NaN;
    this.resolutionDueAt[slot] = summary.resolutionDueAt ?? Number.NaN;
    this.firstRespondedAt[slot] = summary.firstRespondedAt ?? Number.NaN;
    this.solvedAt[slot] = summary.solvedAt ?? Number.NaN;
    this.breached[slot] = (summary.firstResponseBreached ? 1 : 0) | (summary.resolutionBreached ? 2 : 0);
    if (ACTIVE.has(summary.status)) this.active.add(slot);
    else this.active.delete(slot);
  }

  private summaryAt(slot: number): TicketSummary {
    const time = (value: number) => (Number.isNaN(value) ? null : value);
    const tags = this.tagSets.value(this.tagSet[slot]!);
    const referenceCode = this.referenceCode[slot]!;
    const phoneCode = this.phoneCode[slot]!;
    return {
      id: this.ids[slot]!,
      version: this.version[slot]!,
      reference: Number.isNaN(referenceCode) ? this.oddReferences.get(slot)! : referenceOf(referenceCode),
      status: TICKET_STATUSES[this.status[slot]!]! as TTicketStatus,
      priority: TICKET_PRIORITIES[this.priority[slot]!]! as TTicketPriority,
      topic: TOPIC_KEYS[this.topic[slot]!]! as TTopicKey,
      channel: TICKET_CHANNELS[this.channel[slot]!]! as TTicketChannel,
      language: CONTENT_LANGUAGES[this.language[slot]!]! as TContentLanguage,
      region: this.region[slot] === 0 ? null : (REGION_KEYS[this.region[slot]! - 1]! as TRegionKey),
      teamId: this.teams.value(this.team[slot]!),
      assigneeId: this.users.value(this.assignee[slot]!),
      associationId: this.associations.value(this.association[slot]!),
      tags: tags === null ? [] : tags.split(' '),
      contactPhone: Number.isNaN(phoneCode) ? (this.oddPhones.get(slot) ?? null) : `+${phoneCode}`,
      createdAt: this.createdAt[slot]!,
      updatedAt: this.updatedAt[slot]!,
      firstResponseDueAt: time(this.firstResponseDueAt[slot]!),
      resolutionDueAt: time(this.resolutionDueAt[slot]!),
      firstRespondedAt: time(this.firstRespondedAt[slot]!),
      firstResponseBreached: (this.breached[slot]! & 1) !== 0,
      resolutionBreached: (this.breached[slot]! & 2) !== 0,
      solvedAt: time(this.solvedAt[slot]!),
    };
  }

  private grow(): void {
    const capacity = Math.max(1024, this.capacity * 2);
    const larger = <T extends Int32Array | Float64Array | Uint8Array | Uint32Array>(array: T, make: (size: number) => T): T => {
      const next = make(capacity);
      next.set(array as never);
      return next;
    };
    this.version = larger(this.version, (size) => new Int32Array(size));
    this.referenceCode = larger(this.referenceCode, (size) => new Float64Array(size));
    this.status = larger(this.status, (size) => new Uint8Array(size));
    this.priority = larger(this.priority, (size) => new Uint8Array(size));
    this.topic = larger(this.topic, (size) => new Uint8Array(size));
    this.channel = larger(this.channel, (size) => new Uint8Array(size));
    this.language = larger(this.language, (size) => new Uint8Array(size));
    this.region = larger(this.region, (size) => new Uint8Array(size));
    this.team = larger(this.team, (size) => new Uint32Array(size));
    this.assignee = larger(this.assignee, (size) => new Uint32Array(size));
    this.association = larger(this.association, (size) => new Uint32Array(size));
    this.tagSet = larger(this.tagSet, (size) => new Uint32Array(size));
    this.phoneCode = larger(this.phoneCode, (size) => new Float64Array(size));
    this.createdAt = larger(this.createdAt, (size) => new Float64Array(size));
    this.updatedAt = larger(this.updatedAt, (size) => new Float64Array(size));
    this.firstResponseDueAt = larger(this.firstResponseDueAt, (size) => new Float64Array(size));
    this.resolutionDueAt = larger(this.resolutionDueAt, (size) => new Float64Array(size));
    this.firstRespondedAt = larger(this.firstRespondedAt, (size) => new Float64Array(size));
    this.solvedAt = larger(this.solvedAt, (size) => new Float64Array(size));
    this.breached = larger(this.breached, (size) => new Uint8Array(size));
    this.capacity = capacity;
  }
}

/** ObjectIds in hex compare as their bytes do. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `T-2026-000123` as one number (year × 10⁹ + sequence); NaN for a reference in another form. */
function referenceCodeOf(reference: string): number {
  const match = REFERENCE.exec(reference);
  if (!match) return Number.NaN;
  const sequence = Number(match[2]);
  return String(sequence).padStart(6, '0') === match[2] ? Number(match[1]) * 1e9 + sequence : Number.NaN;
}

function referenceOf(code: number): string {
  return `T-${Math.floor(code / 1e9)}-${String(code % 1e9).padStart(6, '0')}`;
}

/** An E.164 number as the number its digits make; NaN for anything else. */
function phoneCodeOf(phone: string): number {
  return PHONE.test(phone) ? Number(phone.slice(1)) : Number.NaN;
}
