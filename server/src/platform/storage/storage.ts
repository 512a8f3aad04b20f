import type { Clock } from '../clock.js';

/** A record whose every saved change increments `version`. */
export interface VersionedRecord {
  _id: unknown;
  version: number;
}

/** What `decide` wants written: `$set` paths (dotted paths allowed). */
export interface VersionedChange {
  set: Record<string, unknown>;
  /** False for internal fields a client never edits: no new version, so nobody's next save is refused. */
  bumpVersion?: boolean;
}

export interface VersionedResult<T> {
  before: T;
  after: T;
  changed: boolean;
}

/** What `upsertVersioned` did: `before` is null for a record it created, `after` null when none exists nor was made. */
export interface UpsertedResult<T> {
  before: T | null;
  after: T | null;
  changed: boolean;
}

/** An expiring counter as it is after a count. */
export interface WindowCount {
  count: number;
  expiresAt: Date;
}

/** Proof that a holder still holds what it took; checked by the storage right before a fenced write. */
export interface Fence {
  assertHeld(): Promise<void>;
}

/**
 * A named, expiring right held by one owner. `token` grows with every new holder of the name, so a
 * holder whose lease lapsed is told apart from the one that took over.
 */
export interface Lease extends Fence {
  readonly name: string;
  readonly token: number;
  /** Pushes the expiry `ttlMs` further; throws LeaseLostError when the lease lapsed or was taken over. */
  renew(): Promise<void>;
  /**
   * Frees the name for the next holder. `forget` also removes the lease's record, for a name that is
   * never taken again (a finished job) or taken once per use (a mutex key): tokens of a forgotten name
   * start again from 1, so a holder is also told apart by its owner, which must then be unique to it.
   */
  release(options?: { forget?: boolean }): Promise<void>;
}

export interface FeedDraft {
  /** The kind of record (`ticket`), and its id and version after the change. */
  stream: string;
  recordId: string;
  version: number;
  type: string;
  payload: Record<string, unknown>;
  rooms: string[];
}

export interface FeedEntry extends FeedDraft {
  /** 1, 2, 3 …: a number is handed out once, but may be missing for a moment while its writer inserts it. */
  position: number;
  at: Date;
}

/**
 * A key with what its row shows (a summary its record's writer keeps current), so that a page needs no
 * read per row. `revision` (the record's version) keeps a late write of an older summary from
 * replacing a newer one; without it the last write wins.
 */
export interface OrderedListItem {
  key: string;
  value: string;
  revision?: number;
}

/** A key as read: its summary, or null when it has none (a key written bare, or by an older version: read the record). */
export interface OrderedListEntry {
  key: string;
  value: string | null;
}

/**
 * Ordered lists of short keys (timeline pages, history pages, the call log's days), each list read a
 * page at a time from a key onwards. A key is printable ASCII without spaces; its order is the list's
 * order (an ISO time then an id sorts by time). Adding a key already there, or removing one that is
 * not, changes nothing, so a redelivered change is harmless. A key may carry a summary
 * (`OrderedListItem`): adding it again with another summary replaces the summary (unless the stored
 * one has a higher revision), and adding it bare drops the summary.
 */
export interface OrderedLists {
  add(list: string, keys: Array<string | OrderedListItem>): Promise<void>;
  remove(list: string, keys: string[]): Promise<void>;
  /** Up to `limit` keys strictly after `after` (before it, descending), in that direction; from the start (end) without it. */
  read(list: string, options: { limit: number; after?: string; direction: 'ascending' | 'descending' }): Promise<string[]>;
  /** As `read`, with each key's summary. */
  readEntries(list: string, options: { limit: number; after?: string; direction: 'ascending' | 'descending' }): Promise<OrderedListEntry[]>;
  /** Makes the list hold exactly `keys`; an empty array deletes it. */
  replace(list: string, keys: Array<string | OrderedListItem>): Promise<void>;
  /**
   * For a rebuild, with no writer running: `dropAll` deletes every list whose name starts with
   * `prefix`, and `createMany` writes lists that do not exist, in bulk.
   */
  dropAll(prefix: string): Promise<void>;
  createMany(lists: Array<[list: string, keys: Array<string | OrderedListItem>]>): Promise<void>;
}

/** A key as the adapters hold it: bare (no value) or with its summary. */
export interface StoredListItem {
  key: string;
  value?: string;
  revision?: number;
}

/** The items as one per key, in key order: of a key given twice, the later (or higher revision) wins. */
export function normaliseListItems(keys: Array<string | OrderedListItem>): StoredListItem[] {
  const byKey = new Map<string, StoredListItem>();
  for (const given of keys) {
    const item: StoredListItem = typeof given === 'string' ? { key: given } : given;
    if (!ORDERED_LIST_KEY.test(item.key)) throw new Error(`not an ordered-list key: ${JSON.stringify(item.key)}`);
    const known = byKey.get(item.key);
    if (known?.revision !== undefined && item.revision !== undefined && known.revision > item.revision) continue;
    byKey.set(item.key, item);
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export const ORDERED_LIST_KEY = /^[\x21-\x7e]{1,300}$/;

/** A change noted in the journal: its record is (about to be) written, its follow-ups not yet. */
export interface OpenChange {
  id: string;
  /** The kind of record (`ticket`) and its id. */
  kind: string;
  recordId: string;
  openedAt: Date;
  /** What the change's finisher cannot read back from the record (a deleted record's tombstone). */
  detail?: Record<string, unknown>;
}

/**
 * What closes the gap between a record's write and its follow-ups (its change-feed entry, audit and
 * timeline entries): a writer opens a note before writing the record and closes it once the
 * follow-ups are written. A note left open (the node died in between, or a follow-up failed) tells
 * a recovery pass which records to finish from what the record itself says of its last change.
 */
export interface ChangeJournal {
  open(kind: string, recordId: string, detail?: Record<string, unknown>): Promise<OpenChange>;
  close(change: OpenChange): Promise<void>;
  /** Up to `limit` notes opened before `before`, oldest first. */
  readOpenedBefore(before: Date, limit: number): Promise<OpenChange[]>;
}

/** Thrown by a fenced write or a renewal when the lease is no longer the caller's. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(leaseName: string) {
    super(`the lease ${leaseName} lapsed or was taken over`);
  }
}

/**
 * The few primitives the domain needs from the database. Domain code uses these and never a lock,
 * a driver detail or a database's quirk; the adapters (`mongodb/`, `ferretdb/`) hold those.
 */
export interface Storage {
  readonly kind: 'mongodb' | 'embedded';
  readonly clock: Clock;
  /**
   * Reads a record, asks `decide` what to change (it may throw to refuse), and writes it only if the
   * record was not changed meanwhile, incrementing `version`. Null when the record does not exist.
   * With `fence`, the write is refused (LeaseLostError) once the caller's lease is gone.
   */
  updateVersioned<T extends VersionedRecord>(
    collection: string,
    id: unknown,
    decide: (current: T) => VersionedChange | null,
    options?: { fence?: Fence },
  ): Promise<VersionedResult<T> | null>;
  /**
   * The record as the versioned writes left it (null when there is none), for a writer that looks
   * whether a later version landed after its own. On the embedded database a node alone answers from
   * what it last read or wrote through this seam: a write made outside it is seen only if it was
   * read since.
   */
  readVersioned<T extends VersionedRecord>(collection: string, id: unknown): Promise<T | null>;
  /** Adds `by` to a named counter, atomically across nodes; returns the new value. */
  increment(counter: string, by?: number): Promise<number>;
  /**
   * Adds to several counters kept in one document (`increments`: path → amount, dotted paths allowed)
   * in one atomic step; returns the document as it now is.
   */
  incrementFields(document: string, increments: Record<string, number>): Promise<Record<string, unknown>>;
  /** Takes a lease on `name` for `ttlMs` unless someone else holds a live one (then null). */
  acquireLease(name: string, options: { owner: string; ttlMs: number }): Promise<Lease | null>;
  /**
   * Runs `work` holding every key (taken in a fixed order, so two callers cannot wait for each
   * other), renewing the leases while it works. 503 when the keys stay busy past `waitMs`.
   */
  withMutex<T>(keys: string[], work: (fence: Fence) => Promise<T>, options?: { ttlMs?: number; waitMs?: number }): Promise<T>;
  /** Numbers and stores change-feed entries, in the given order. */
  appendToFeed(drafts: FeedDraft[], retentionMs: number): Promise<FeedEntry[]>;
  /** Up to `limit` entries after `position`, in order; `head` is the last number handed out. */
  readFeed(afterPosition: number, limit: number): Promise<{ entries: FeedEntry[]; head: number }>;
  /**
   * Calls `onAppended` soon after any node appends to the feed, where the database can say so (a
   * MongoDB change stream on a replica set). Absent, or silent on a server without change streams:
   * followers then rely on polling and the other nodes' hints. Returns a function that stops watching.
   */
  watchFeed?(onAppended: () => void): () => void;
  readFeedPosition(consumer: string): Promise<number>;
  saveFeedPosition(consumer: string, position: number): Promise<void>;
  /** Removes feed entries past their retention (MongoDB's TTL index does it too). */
  deleteExpiredFeedEntries(): Promise<number>;
  readonly lists: OrderedLists;
  readonly journal: ChangeJournal;
  /**
   * `updateVersioned` for a record that may not exist yet: then `decide(null)` says what to create
   * (plain field names; mongoose defaults are not applied), stored with version 1. A record created
   * meanwhile by someone else is updated instead. With `fence`, no write is made once the lease is gone.
   */
  upsertVersioned<T extends VersionedRecord>(
    collection: string,
    id: unknown,
    decide: (current: T | null) => VersionedChange | null,
    options?: { fence?: Fence },
  ): Promise<UpsertedResult<T>>;
  /**
   * Counts in an expiring counter (`count` and `expiresAt` of the document `id` in `collection`), in
   * one atomic step: adds `by` while it lives, or starts it again at `by` for `windowMs` once it
   * expired or never existed. With `slide`, every count moves the expiry to `windowMs` from now.
   */
  countInWindow(collection: string, id: string, options: { by?: number; windowMs: number; slide?: boolean }): Promise<WindowCount>;
  /** Takes one count back, only while the counter is still in the window that ends at `expiresAt` and above zero. */
  uncountInWindow(collection: string, id: string, expiresAt: Date): Promise<void>;
  /**
   * Creates a versioned record with version 1. A record with that `_id` already there is left as it
   * is and DuplicateRecordError is thrown, so two creators racing learn which one lost.
   */
  insertVersioned<T extends { _id: unknown }>(collection: string, record: T, options?: { fence?: Fence }): Promise<T & { version: number }>;
  /**
   * Deletes a record only while it still has `expectedVersion` (a record stored without a version has
   * version 0): false, and nothing deleted, when it changed or is gone.
   */
  deleteVersioned(collection: string, id: unknown, expectedVersion: number, options?: { fence?: Fence }): Promise<boolean>;
}

/** A lease as both adapters store it in the leases collection. */
export interface LeaseDocument {
  _id: string;
  token: number;
  owner: string | null;
  expiresAt: Date;
}

/** A record stored before versions existed reads as version 0, so its first change makes it version 1. */
export const versionOf = (record: { version?: number | null }): number => record.version ?? 0;

export const FEED_COLLECTION = 'change_feed';
export const FEED_POSITIONS_COLLECTION = 'change_feed_positions';
export const FEED_COUNTER = 'change-feed';
export const COUNTERS_COLLECTION = 'counters';
export const LEASES_COLLECTION = 'leases';
export const ORDERED_LISTS_COLLECTION = 'ordered_lists';

export function toFeedEntry(document: Record<string, unknown>): FeedEntry {
  return {
    position: document._id as number,
    at: document.at as Date,
    stream: document.stream as string,
    recordId: document.recordId as string,
    version: document.version as number,
    type: document.type as string,
    payload: document.payload as Record<string, unknown>,
    rooms: document.rooms as string[],
  };
}

/** Thrown by `insertVersioned` when a record with the same `_id` already exists. */
export class DuplicateRecordError extends Error {
  override name = 'DuplicateRecordError';
  constructor(collection: string, id: unknown) {
    super(`${collection} already has a record ${String(id)}`);
  }
}
