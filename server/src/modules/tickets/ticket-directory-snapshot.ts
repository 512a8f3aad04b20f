import mongoose from 'mongoose';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { getStorage, type FeedEntry } from '../../platform/storage/index.js';
import { toTicketDto } from './ticket-dto.js';
import { TicketModel, type TicketDocument } from './ticket.model.js';
import { TICKET_REMOVED, TICKET_STREAM } from './ticket.store.js';
import { fromSummaryRow, summarizeTicket, toSummaryRow, type SummaryRow, type TicketSummary } from './ticket-summary.js';
import { isTombstonePrunable, type TombstoneGuard } from './tombstone-horizon.js';

/**
 * The ticket directory persisted, so a node starts from it instead of reading every ticket: chunks
 * of summaries, each one document read and written by `_id` only (the one access FerretDB answers
 * from an index), kept current by one durable, exclusive change-feed consumer. A ticket's chunk
 * follows from its reference (`T-2026-000123` is in chunk `2026:0000`), which never changes and
 * comes in sequence, so chunks fill one after the other and a change rewrites one chunk.
 */
export const DIRECTORY_COLLECTION = 'ticket_directory';
/** The snapshot's consumer name: its stored feed position is the snapshot's. */
export const DIRECTORY_CONSUMER = 'ticket-directory';
const META_ID = 'meta';
/**
 * The form of the rows: a snapshot in another form (older rows lack a later column) is not read,
 * but built again from the records. 2: the counted solve time was added.
 */
const SNAPSHOT_FORMAT = 2;
/**
 * The removed tickets' tombstones (`[id, version, position, at]` as JSON; older ones `[id, version]`):
 * kept apart from the chunks, whose rows they are not, and pruned once past their horizon.
 */
const TOMBSTONES_ID = 'removed';
/** About 600 KB a chunk: well under the 16 MB document limit, and 250 reads at a million tickets. */
const CHUNK_SIZE = 4096;
const READ_CONCURRENCY = 8;
const SCAN_BATCH = 5000;

interface ChunkDocument {
  _id: string;
  /** The rows as JSON text: FerretDB stores and reads one string far faster than arrays. */
  rows: string;
}

interface MetaDocument {
  _id: typeof META_ID;
  /** The chunk ids, separated by spaces. */
  chunks: string;
  /** SNAPSHOT_FORMAT when written; absent before the format was numbered (form 1). */
  format?: number;
}

interface TombstonesDocument {
  _id: typeof TOMBSTONES_ID;
  tickets: string;
}

/** A removed ticket as the directory keeps it: its id and last version, and what its tombstone guards (unknown for tombstones stored before that was kept). */
export interface DirectoryTombstone {
  id: string;
  version: number;
  guard: TombstoneGuard | null;
}

type StoredTombstone = [id: string, version: number, position?: number, at?: number];

const chunks = () => mongoose.connection.collection<ChunkDocument | MetaDocument | TombstonesDocument>(DIRECTORY_COLLECTION);

/** The removed tickets' tombstones, by id. */
export async function readDirectoryTombstones(): Promise<Map<string, DirectoryTombstone>> {
  const document = (await chunks().findOne({ _id: TOMBSTONES_ID })) as TombstonesDocument | null;
  const stored = document ? (JSON.parse(document.tickets) as StoredTombstone[]) : [];
  return new Map(
    stored.map(([id, version, position, at]) => [id, { id, version, guard: position === undefined || at === undefined ? null : { position, at } }]),
  );
}

async function writeDirectoryTombstones(tombstones: Map<string, DirectoryTombstone>): Promise<void> {
  const stored = [...tombstones.values()].map(({ id, version, guard }): StoredTombstone => (guard ? [id, version, guard.position, guard.at] : [id, version]));
  await chunks().replaceOne({ _id: TOMBSTONES_ID }, { tickets: JSON.stringify(stored) }, { upsert: true });
}

/** The chunk a ticket's summary lives in: by its reference's year and number, or (another form) by its id. */
export function chunkOf(summary: Pick<TicketSummary, 'id' | 'reference'>): string {
  const match = /^T-(\d{4})-(\d+)$/.exec(summary.reference);
  if (match) return `${match[1]}:${String(Math.floor(Number(match[2]) / CHUNK_SIZE)).padStart(4, '0')}`;
  return `other:${parseInt(summary.id.slice(-2), 16) % 16}`;
}

async function readMeta(): Promise<string[] | null> {
  const meta = (await chunks().findOne({ _id: META_ID })) as MetaDocument | null;
  return meta && meta.format === SNAPSHOT_FORMAT ? meta.chunks.split(' ').filter(Boolean) : null;
}

async function readChunk(id: string): Promise<SummaryRow[]> {
  const chunk = (await chunks().findOne({ _id: id })) as ChunkDocument | null;
  return chunk ? (JSON.parse(chunk.rows) as SummaryRow[]) : [];
}

async function writeChunk(id: string, rows: SummaryRow[]): Promise<void> {
  await chunks().replaceOne({ _id: id }, { rows: JSON.stringify(rows) }, { upsert: true });
}

/**
 * The persisted directory, chunk by chunk, and the feed position it includes, or null when there is
 * none yet. The position is read first: chunks read after it hold at least every change up to it
 * (perhaps later ones too, which replaying the feed by version then leaves as they are).
 */
export async function readDirectorySnapshot(): Promise<{ position: number; chunks: AsyncIterable<TicketSummary[]>; tombstones: Map<string, DirectoryTombstone> } | null> {
  const position = await getStorage().readFeedPosition(DIRECTORY_CONSUMER);
  const ids = await readMeta();
  if (!ids) return null;
  async function* read(): AsyncGenerator<TicketSummary[]> {
    // A few reads ahead, so the database reads while the previous chunk is decoded.
    const ahead: Array<Promise<SummaryRow[]>> = [];
    let next = 0;
    while (next < ids!.length || ahead.length > 0) {
      while (next < ids!.length && ahead.length < READ_CONCURRENCY) ahead.push(readChunk(ids![next++]!));
      yield (await ahead.shift()!).map(fromSummaryRow);
    }
  }
  return { position, chunks: read(), tombstones: await readDirectoryTombstones() };
}

/** Applies ticket changes of the feed to the chunks they belong to, each only if newer than the held row. */
export async function applyToDirectorySnapshot(entries: FeedEntry[]): Promise<void> {
  const byChunk = new Map<string, TicketSummary[]>();
  const removals = new Map<string, Array<DirectoryTombstone & { guard: TombstoneGuard }>>();
  for (const entry of entries) {
    if (entry.stream !== TICKET_STREAM) continue;
    if (entry.type === TICKET_REMOVED) {
      const removed = entry.payload as { ticketId: string; reference: string; version: number };
      const chunk = chunkOf({ id: removed.ticketId, reference: removed.reference });
      const tombstone = { id: removed.ticketId, version: removed.version, guard: { position: entry.position, at: new Date(entry.at).getTime() } };
      removals.set(chunk, [...(removals.get(chunk) ?? []), tombstone]);
      continue;
    }
    const summary = summarizeTicket((entry.payload as { ticket: TTicket }).ticket);
    const chunk = chunkOf(summary);
    byChunk.set(chunk, [...(byChunk.get(chunk) ?? []), summary]);
  }
  if (byChunk.size === 0 && removals.size === 0) return;
  const tombstones = await readDirectoryTombstones();
  let tombstonesChanged = false;
  for (const removed of [...removals.values()].flat()) {
    const held = tombstones.get(removed.id);
    if (held && held.version >= removed.version && held.guard) continue;
    // The earliest removal entry is the one guarded (a repeated delivery is the same removal).
    const guard = held?.guard && held.guard.position < removed.guard.position ? held.guard : removed.guard;
    tombstones.set(removed.id, { id: removed.id, version: Math.max(held?.version ?? 0, removed.version), guard });
    tombstonesChanged = true;
  }
  // A tombstone is there for the late entries about its ticket: once none can come, it goes.
  const lastApplied = entries.at(-1)!.position;
  tombstonesChanged = pruneTombstones(tombstones, lastApplied, getStorage().clock.now().getTime()) || tombstonesChanged;
  // Tombstones first: a crash after them leaves rows that the next start drops again.
  if (tombstonesChanged) await writeDirectoryTombstones(tombstones);
  const known = new Set((await readMeta()) ?? []);
  for (const chunk of new Set([...byChunk.keys(), ...removals.keys()])) {
    const summaries = byChunk.get(chunk) ?? [];
    const rows = new Map((await readChunk(chunk)).map((row) => [row[0], row]));
    let changed = false;
    for (const removed of removals.get(chunk) ?? []) changed = rows.delete(removed.id) || changed;
    for (const summary of summaries) {
      if (tombstones.has(summary.id)) continue;
      const held = rows.get(summary.id);
      if (held && held[1] >= summary.version) continue;
      rows.set(summary.id, toSummaryRow(summary));
      changed = true;
    }
    if (changed) await writeChunk(chunk, [...rows.values()]);
  }
  const added = [...byChunk.keys()].filter((chunk) => !known.has(chunk) && byChunk.get(chunk)!.some((summary) => !tombstones.has(summary.id)));
  if (added.length > 0) await chunks().replaceOne({ _id: META_ID }, { chunks: [...known, ...added].join(' '), format: SNAPSHOT_FORMAT }, { upsert: true });
}

/**
 * Forgets the tombstones past their horizon, the snapshot having applied the feed up to
 * `appliedPosition` (nodes that load it replay only what comes after). One stored before guards were
 * kept is given this position and time, so it goes after the grace like the others. Says whether
 * anything changed.
 */
function pruneTombstones(tombstones: Map<string, DirectoryTombstone>, appliedPosition: number, now: number): boolean {
  let changed = false;
  for (const [id, tombstone] of tombstones) {
    if (!tombstone.guard) {
      tombstone.guard = { position: appliedPosition, at: now };
      changed = true;
    } else if (isTombstonePrunable(tombstone.guard, { appliedPosition, now })) {
      tombstones.delete(id);
      changed = true;
    }
  }
  return changed;
}

/** Every ticket's summary, read from the records in batches (a scan: for a rebuild, never for a request). */
export async function* readSummariesFromRecords(): AsyncGenerator<TicketSummary[]> {
  // No projection: FerretDB applies one after reading each whole document, which made the scan half as fast again.
  const cursor = TicketModel.collection.find({}, { batchSize: SCAN_BATCH });
  let batch: TicketSummary[] = [];
  for await (const document of cursor) {
    // A ticket being removed is gone already for the directory.
    if ((document as { removedAt?: unknown }).removedAt) continue;
    batch.push(summarizeTicket(toTicketDto(document as unknown as TicketDocument)));
    if (batch.length === SCAN_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Writes the persisted directory again from the records, and the feed position it includes (the
 * head read before the scan: later changes are replayed over it, by version). Returns that position.
 * Run by the snapshot's consumer when there is no snapshot, and by `npm run index:rebuild`.
 */
export async function rebuildDirectorySnapshot(onProgress: (done: number, total: number) => void = () => undefined): Promise<number> {
  const storage = getStorage();
  const { head } = await storage.readFeed(0, 0);
  const total = await TicketModel.estimatedDocumentCount();
  const byChunk = new Map<string, SummaryRow[]>();
  let done = 0;
  onProgress(0, total);
  for await (const batch of readSummariesFromRecords()) {
    for (const summary of batch) {
      const chunk = chunkOf(summary);
      let rows = byChunk.get(chunk);
      if (!rows) byChunk.set(chunk, (rows = []));
      rows.push(toSummaryRow(summary));
    }
    done += batch.length;
    onProgress(done, Math.max(total, done));
  }
  const stale = ((await readMeta()) ?? []).filter((chunk) => !byChunk.has(chunk));
  for (const [chunk, rows] of byChunk) await writeChunk(chunk, rows);
  await Promise.all(stale.map((chunk) => chunks().deleteOne({ _id: chunk })));
  await chunks().replaceOne({ _id: META_ID }, { chunks: [...byChunk.keys()].join(' '), format: SNAPSHOT_FORMAT }, { upsert: true });
  await storage.saveFeedPosition(DIRECTORY_CONSUMER, head);
  onProgress(done, done);
  return head;
}

/** Whether a persisted directory exists. */
export async function hasDirectorySnapshot(): Promise<boolean> {
  return (await readMeta()) !== null;
}
