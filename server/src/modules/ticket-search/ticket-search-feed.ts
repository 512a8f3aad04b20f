import type { TTicket, TTicketEntry } from '@mowakaba/shared/schemas/tickets';
import type { ChangeFeed, FeedFollower } from '../../platform/events/change-feed.js';
import { getStorage, type FeedEntry } from '../../platform/storage/index.js';
import { CALL_NOTES_CHANGED } from '../calls/call-notes-feed.js';
import { TICKET_ENTRIES_ERASED, TICKET_REMOVED } from '../tickets/ticket.store.js';
import { getTicketById } from '../tickets/tickets.service.js';
import { ticketIdOfChange, type TicketSearchChange } from './domain/ticket-search-change.js';
import { searchResultCacheOfApp } from './search-result-cache.js';
import { applyTicketSearchChanges, type TicketLookup } from './ticket-search-indexer.js';
import { TICKET_SEARCH_CONSUMER } from './rebuild-ticket-search.js';
import { markTicketSearchVocabularyStale } from './ticket-search.service.js';


/** Search reads tickets whole, whatever their team. */
const INDEX_READER = { id: 'ticket-search', role: 'supervisor' } as const;

export const lookupTicketForIndex: TicketLookup = (ticketId) => getTicketById(ticketId, INDEX_READER).catch(() => null);

/** What a feed entry means for the index, or null when it is about nothing the index reads. */
export function changeOfFeedEntry(entry: FeedEntry): TicketSearchChange | null {
  const payload = entry.payload;
  switch (entry.type) {
    case 'ticket.created':
    case 'ticket.updated':
      return { type: 'ticket', ticket: payload.ticket as TTicket };
    case 'ticket.entry.added':
      return { type: 'entry', entry: payload.entry as TTicketEntry };
    case CALL_NOTES_CHANGED:
      return payload.ticketId ? { type: 'call-notes', ticketId: String(payload.ticketId), callSid: String(payload.callSid), notes: String(payload.notes ?? '') } : null;
    case TICKET_REMOVED:
      return { type: 'removed', ticketId: String(payload.ticketId), reference: String(payload.reference) };
    case TICKET_ENTRIES_ERASED:
      return { type: 'entries-erased', ticketId: String(payload.ticketId), entryIds: (payload.entryIds as string[]).map(String) };
    default:
      return null;
  }
}

/**
 * Keeps ticket search current from the change feed: a durable consumer (it resumes where it stopped)
 * on one node at a time, applying each batch of entries together.
 */
export function followTicketSearch(changeFeed: ChangeFeed, name = TICKET_SEARCH_CONSUMER): FeedFollower {
  return changeFeed.follow({
    name,
    durable: true,
    exclusive: true,
    apply: async (entries) => {
      const changes = entries.flatMap((entry) => {
        const change = changeOfFeedEntry(entry);
        return change ? [{ position: entry.position, change }] : [];
      });
      if (changes.length === 0) return;
      await applyTicketSearchChanges(changes, lookupTicketForIndex);
      markTicketSearchVocabularyStale();
    },
  });
}

/**
 * Tells this node's search-result cache which tickets change (every node follows, none stores a
 * position): the cache keeps documents only once this runs. It starts with the changes the index
 * has not applied yet, so a document read before the index catches up with them is not kept.
 */
export function followSearchResults(changeFeed: ChangeFeed): FeedFollower {
  const cache = searchResultCacheOfApp();
  return changeFeed.follow({
    name: 'ticket-search-results',
    startAfter: async () => {
      const [{ head }, indexed] = await Promise.all([getStorage().readFeed(0, 0), getStorage().readFeedPosition(TICKET_SEARCH_CONSUMER)]);
      cache.follow();
      return Math.min(head, indexed);
    },
    apply: (entries) => {
      for (const entry of entries) {
        const change = changeOfFeedEntry(entry);
        if (change) cache.changed(ticketIdOfChange(change), entry.position);
      }
    },
  });
}
