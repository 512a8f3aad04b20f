import { rebuildOrderedLists } from '../../database/rebuild-ordered-lists.js';
import { AppError } from '../../errors.js';
import { getStorage } from '../../platform/storage/index.js';
import { TicketEntryModel, type TicketEntryDocument } from './ticket-entry.model.js';

/** The ordered list holding a ticket's timeline: one key per entry, `<createdAt ISO>|<entry id>`. */
export const timelineListOf = (ticketId: string) => `ticket-timeline:${ticketId}`;

const entryKey = (entry: Pick<TicketEntryDocument, '_id' | 'createdAt'>) => `${entry.createdAt.toISOString()}|${entry._id.toHexString()}`;
const KEY_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|[0-9a-f]{24}$/;

const invalidCursor = () =>
  new AppError('validation_failed', 'the request is not valid', [{ path: 'cursor', code: 'invalid_cursor', message: 'is not a cursor this list returned' }]);

/**
 * Puts entries just written on their tickets' timeline pages; called by the one writer of entries
 * (`appendTicketEntries`). An entry already there changes nothing.
 */
export async function addTimelineEntriesToPages(entries: Array<Pick<TicketEntryDocument, '_id' | 'createdAt' | 'ticketId'>>): Promise<void> {
  const byTicket = new Map<string, string[]>();
  for (const entry of entries) {
    const ticketId = entry.ticketId.toString();
    const keys = byTicket.get(ticketId) ?? byTicket.set(ticketId, []).get(ticketId)!;
    keys.push(entryKey(entry));
  }
  await Promise.all([...byTicket].map(([ticketId, keys]) => getStorage().lists.add(timelineListOf(ticketId), keys)));
}

/** Entries that moved from one ticket to another (a merge): their keys leave the one's pages for the other's. */
export async function moveTimelineEntriesBetweenPages(entries: Array<Pick<TicketEntryDocument, '_id' | 'createdAt'>>, fromTicketId: string, toTicketId: string): Promise<void> {
  const keys = entries.map(entryKey);
  await getStorage().lists.add(timelineListOf(toTicketId), keys);
  await getStorage().lists.remove(timelineListOf(fromTicketId), keys);
}

/**
 * One page of a ticket's timeline entries, read from its pages and then each entry by `_id` (the
 * one lookup FerretDB 1.24 indexes). The cursor is the last entry's key, so pages stay put while
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
  const keys = await getStorage().lists.read(timelineListOf(ticketId), {
    limit: page.limit + 1,
    after,
    direction: page.order === 'oldest-first' ? 'ascending' : 'descending',
  });
  const shown = keys.slice(0, page.limit);
  const found = await Promise.all(shown.map((key) => TicketEntryModel.findById(key.slice(key.indexOf('|') + 1)).lean<TicketEntryDocument>()));
  const entries = found.filter((entry): entry is TicketEntryDocument => entry !== null);
  return { entries, nextCursor: keys.length > page.limit ? Buffer.from(shown.at(-1)!, 'latin1').toString('base64url') : null };
}

/** Rebuilds every ticket's timeline pages from the entries (for `npm run index:rebuild`). */
export function rebuildTimelinePages(onProgress?: (done: number, total: number) => void): Promise<void> {
  return rebuildOrderedLists(
    [
      {
        collection: TicketEntryModel.collection,
        projection: { _id: 1, ticketId: 1, createdAt: 1 },
        toKeys: (entry) => [{ list: timelineListOf(String(entry.ticketId)), key: entryKey(entry as unknown as TicketEntryDocument) }],
      },
    ],
    'ticket-timeline:',
    onProgress,
  );
}
