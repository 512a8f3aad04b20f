import { LRUCache } from 'lru-cache';
import { defineAppState } from '../../platform/app-state.js';
import type { TicketSearchState } from './domain/ticket-search-document.js';

/** Result documents kept per node: a few MB, the tickets searched for lately. */
const CAPACITY = 4_000;
/**
 * Tickets remembered as changed, with the feed position of their latest change, until their
 * document is read at or past it: a document the index has not caught up with is never kept. The
 * oldest are forgotten past this many (hours of changes behind an index that keeps up).
 */
const CHANGED_CAPACITY = 20_000;

/**
 * The search documents of recently shown results, on one node: a page of results reads each of its
 * tickets' texts (for the snippet) and row, and agents look up the same recent tickets again and
 * again. Correct only while this node follows the change feed (`follow`), which tells it which
 * tickets changed; until then it keeps nothing. A document is kept with the feed position it was
 * written at, and only when no change after that position has been seen for its ticket.
 */
export class SearchResultCache {
  private readonly states = new LRUCache<string, TicketSearchState>({ max: CAPACITY });
  private readonly changedAt = new LRUCache<string, number>({ max: CHANGED_CAPACITY });
  private following = false;
  hits = 0;
  misses = 0;

  follow(): void {
    this.following = true;
  }

  /** The ticket changed at `position`: its kept document (if any) is stale. */
  changed(ticketId: string, position: number): void {
    this.states.delete(ticketId);
    this.changedAt.set(ticketId, position);
  }

  get(ticketId: string): TicketSearchState | undefined {
    const state = this.states.get(ticketId);
    if (state === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    return state;
  }

  /** Keeps a document just read, written at feed position `position`, unless a later change of its ticket was seen. */
  offer(state: TicketSearchState, position: number): void {
    if (!this.following) return;
    const changedAt = this.changedAt.peek(state.ticketId);
    if (changedAt !== undefined) {
      if (position < changedAt) return;
      this.changedAt.delete(state.ticketId);
    }
    this.states.set(state.ticketId, state);
  }
}

export const searchResultCacheOfApp = defineAppState(() => new SearchResultCache());
