import mongoose from 'mongoose';
import { rebuildOrderedLists, recordSetOf } from '../../database/rebuild-ordered-lists.js';
import { AppError } from '../../errors.js';
import { getStorage } from '../../platform/storage/index.js';
import { TicketEntryModel, type TicketEntryDocument } from './ticket-entry.model.js';

/** The ordered list holding a ticket's timeline: one key per entry, `<createdAt ISO>|<entry id>`. */
export const timelineListOf = (ticketId: string) => `ticket-timeline:${ticketId}`;

const entryKey = (entry: Pick<TicketEntryDocument, '_id' | 'createdAt'>) => `${entry.createdAt.toISOString()}|${entry._id.toHexString()}`;

/** An entry as its timeline pages keep it: everything the row shows, so a page needs no read per entry. */
type PagedEntry = Pick<TicketEntryDocument, '_id' | 'createdAt' | 'ticketId' | 'kind' | 'authorId' | 'body' | 'data'>;

interface EntrySummary {
  kind: TicketEntryDocument['kind'];
  authorId: string | null;
  body: string;
  data: unknown;
}

const entryItem = (entry: Omit<PagedEntry, 'ticketId'>) => ({
  key: entryKey(entry),
  value: JSON.stringify({ kind: entry.kind, authorId: entry.authorId?.toString() ?? null, body: entry.body ?? '', data: entry.data ?? null } satisfies EntrySummary),
});

/** The entry a key and its summary describe, as a read of the entry would return it. */
function entryFromSummary(ticketId: string, key: string, value: string): TicketEntryDocument {
  const summary = JSON.parse(value) as EntrySummary;
  return {
    _id: new mongoose.Types.ObjectId(key.slice(key.indexOf('|') + 1)),
    ticketId: new mongoose.Types.ObjectId(ticketId),
    createdAt: new Date(key.slice(0, key.indexOf('|'))),
    kind: summary.kind,
    authorId: summary.authorId === null ? null : new mongoose.Types.ObjectId(summary.authorId),
    body: summary.body,
    data: summary.data,
  } as TicketEntryDocument;
}
const KEY_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|[0-9a-f]{24}$/;

const invalidCursor = () =>
  new AppError('validation_failed', 'the request is not valid', [{ path: 'cursor', code: 'invalid_cursor', message: 'is not a cursor this list returned' }]);

/**
 * Puts entries on their tickets' timeline pages with what their rows show; called by the one writer
 * of entries (`appendTicketEntries`) and again by whoever changes entries (an erasure), with the
 * entries as they now are. An entry already there as it is changes nothing.
 */
export async function addTimelineEntriesToPages(entries: PagedEntry[]): Promise<void> {
  const byTicket = new Map<string, Array<ReturnType<typeof entryItem>>>();
  for (const entry of entries) {
    const ticketId = entry.ticketId.toString();
    const items = byTicket.get(ticketId) ?? byTicket.set(ticketId, []).get(ticketId)!;
    items.push(entryItem(entry));
  }
  await Promise.all([...byTicket].map(([ticketId, keys]) => getStorage().lists.add(timelineListOf(ticketId), keys)));
}

/** Entries that moved from one ticket to another (a merge): their keys leave the one's pages for the other's. */
export async function moveTimelineEntriesBetweenPages(entries: Array<Omit<PagedEntry, 'ticketId'>>, fromTicketId: string, toTicketId: string): Promise<void> {
  await getStorage().lists.add(timelineListOf(toTicketId), entries.map(entryItem));
  await getStorage().lists.remove(timelineListOf(fromTicketId), entries.map(entryKey));
}

/**
 * One page of a ticket's timeline entries, read from its pages with their summaries (an entry
 * paged before summaries existed is read by `_id`, the one lookup FerretDB 1.24 indexes). The cursor is the last entry's key, so pages stay put while
 * new entries arrive: they come after the newest, never in between.
 */
export async function readTimelinePage(
  ticketId: string,
  page: { limit: number; cursor?: string; order: 'oldest-first' | 'newest-first' },
): Promise<{ entries: TicketEntryDocument[]; nextCursor: string | null }> {
  let after: string | undefined;
  if (page.cursor !== undefined) {
    after = Buffer.from(page.cursor, 'base64url').toString('latin1');
    if (!KEY_PATTERN.test(after)) throw invalidCursor();
  }
  const keys = await getStorage().lists.readEntries(timelineListOf(ticketId), {
    limit: page.limit + 1,
    after,
    direction: page.order === 'oldest-first' ? 'ascending' : 'descending',
  });
  const shown = keys.slice(0, page.limit);
  const found = await Promise.all(
    shown.map(({ key, value }) =>
      value === null ? TicketEntryModel.findById(key.slice(key.indexOf('|') + 1)).lean<TicketEntryDocument>() : entryFromSummary(ticketId, key, value),
    ),
  );
  const entries = found.filter((entry): entry is TicketEntryDocument => entry !== null);
  return { entries, nextCursor: keys.length > page.limit ? Buffer.from(shown.at(-1)!.key, 'latin1').toString('base64url') : null };
}

/** Rebuilds every ticket's timeline pages from the entries (for `npm run index:rebuild`). */
export function rebuildTimelinePages(onProgress?: (done: number, total: number) => void): Promise<void> {
  return rebuildOrderedLists(
    [
      {
        records: recordSetOf(() => TicketEntryModel.collection),
        projection: { _id: 1, ticketId: 1, createdAt: 1, kind: 1, authorId: 1, body: 1, data: 1 },
        toKeys: (entry) => [{ list: timelineListOf(String(entry.ticketId)), ...entryItem(entry as unknown as TicketEntryDocument) }],
      },
    ],
    'ticket-timeline:',
    onProgress,
  );
}
