import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { TMessage } from '@mowakaba/shared/schemas/messages';
import type { TTicketEntry } from '@mowakaba/shared/schemas/tickets';
import { apiRequest } from '../../lib/api-client';
import { applyDeliveryUpdate } from './apply-delivery-update';
import { ticketKeys } from './ticket-keys';

export type TimelinePage = { items: TTicketEntry[]; nextCursor: string | null };
/** The loaded pages of a ticket's timeline, newest first: the first page holds the latest entries. */
export type TimelinePages = InfiniteData<TimelinePage, string>;

export const TIMELINE_PAGE_SIZE = 50;

export const timelinePagePath = (ticketId: string, cursor: string) =>
  `/api/tickets/${ticketId}/timeline?order=newest-first&limit=${TIMELINE_PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

/** Every loaded entry, oldest first, as the timeline shows them. */
export const loadedEntries = (loaded: { pages: TimelinePage[] } | undefined): TTicketEntry[] => (loaded?.pages ?? []).flatMap((page) => page.items).reverse();

/**
 * The newest page, just read, merged into the loaded pages: entries already loaded take their fresh
 * state (a delivery, a recording), new ones join the first page, and the older pages and their
 * cursors stay as they are. Undefined when the newest page does not reach what is loaded (more new
 * entries than a page) or disagrees with it (a merge moved entries in or out): then the whole
 * timeline is read again.
 */
export function mergeNewestPage(loaded: TimelinePages, newest: TimelinePage): TimelinePages | undefined {
  const known = new Set(loaded.pages.flatMap((page) => page.items.map((entry) => entry.id)));
  const reachesLoaded = newest.nextCursor === null || newest.items.some((entry) => known.has(entry.id)) || known.size === 0;
  if (!reachesLoaded) return undefined;
  const fresh = new Map(newest.items.map((entry) => [entry.id, entry]));
  const added = newest.items.filter((entry) => !known.has(entry.id));
  // A merge moves older entries in (or out, on the duplicate): they belong among the loaded ones, read again.
  const newestKnown = loaded.pages[0]?.items[0]?.createdAt ?? '';
  const oldestRead = newest.nextCursor === null ? '' : (newest.items.at(-1)?.createdAt ?? '');
  const movedIn = added.some((entry) => entry.createdAt < newestKnown);
  const movedOut = loaded.pages.some((page) => page.items.some((entry) => entry.createdAt >= oldestRead && !fresh.has(entry.id)));
  if (movedIn || movedOut) return undefined;
  const pages = loaded.pages.map((page, index) => ({
    ...page,
    items: [...(index === 0 ? added : []), ...page.items.map((entry) => fresh.get(entry.id) ?? entry)],
  }));
  return { ...loaded, pages };
}

/** A delivery report applied to every loaded page; undefined when no loaded entry sent the message. */
export function applyDeliveryToPages(loaded: TimelinePages, message: TMessage): TimelinePages | undefined {
  let found = false;
  const pages = loaded.pages.map((page) => {
    const updated = applyDeliveryUpdate(page, message);
    if (updated) found = true;
    return updated ?? page;
  });
  return found ? { ...loaded, pages } : undefined;
}

// One refresh at a time per ticket, in order: an answer read before a change never lands after one read since.
const refreshes = new Map<string, Promise<void>>();

/**
 * Something changed on a ticket (a new entry, a delivery, a recording): read its newest page and
 * patch the loaded pages with it, instead of reading every loaded page again. Nothing to do when the
 * timeline is not open.
 */
export function refreshTimeline(queryClient: QueryClient, ticketId: string): Promise<void> {
  const key = ticketKeys.timeline(ticketId);
  const run = async () => {
    if (!queryClient.getQueryData<TimelinePages>(key)) return;
    const newest = await apiRequest<TimelinePage>(timelinePagePath(ticketId, ''));
    const loaded = queryClient.getQueryData<TimelinePages>(key);
    const merged = loaded ? mergeNewestPage(loaded, newest) : undefined;
    if (merged) queryClient.setQueryData(key, merged);
    // Every loaded page is read again (not only the first): the older entries an agent opened stay open.
    else if (loaded) await queryClient.invalidateQueries({ queryKey: key, exact: true });
  };
  const next = (refreshes.get(ticketId) ?? Promise.resolve()).then(run, run).catch(() => queryClient.invalidateQueries({ queryKey: key, exact: true }));
  refreshes.set(ticketId, next);
  void next.finally(() => {
    if (refreshes.get(ticketId) === next) refreshes.delete(ticketId);
  });
  return next;
}
