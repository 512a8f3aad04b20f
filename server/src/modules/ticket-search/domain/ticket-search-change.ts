import type { TTicket, TTicketEntry } from '@mowakaba/shared/schemas/tickets';
import { ERASED_TEXT } from '@mowakaba/shared/schemas/privacy';
import { MAX_SOURCE_CHARS, shardOf, type SearchSource, type TicketSearchState } from './ticket-search-document.js';

/** A change the index follows, from the change feed. */
export type TicketSearchChange =
  | { type: 'ticket'; ticket: TTicket }
  | { type: 'entry'; entry: TTicketEntry }
  | { type: 'call-notes'; ticketId: string; callSid: string; notes: string }
  | { type: 'entries-erased'; ticketId: string; entryIds: string[] }
  /** The ticket is gone for good (demo data removed): every text it had is forgotten, and nothing after counts. */
  | { type: 'removed'; ticketId: string; reference: string };

export const ticketIdOfChange = (change: TicketSearchChange) =>
  change.type === 'ticket' ? change.ticket.id : change.type === 'entry' ? change.entry.ticketId : change.ticketId;

/** Timeline entries with a text worth finding; status changes and assignments have none. */
const TEXT_ENTRY_KINDS = new Set<TTicketEntry['kind']>(['public-reply', 'internal-note', 'message']);

const clip = (text: string) => (text.length > MAX_SOURCE_CHARS ? text.slice(0, MAX_SOURCE_CHARS) : text);

function withSource(sources: SearchSource[], source: SearchSource | null, key: string): SearchSource[] {
  const others = sources.filter((existing) => existing.key !== key);
  // Kept in key order, so the same texts give the same document whatever order they came in.
  return source ? [...others, source].sort((a, b) => (a.key < b.key ? -1 : 1)) : others;
}

/** The index's view of a ticket from the ticket itself (its first change, or a ticket the index did not know). */
export function stateOfTicket(ticket: TTicket): TicketSearchState {
  return applyTicketSearchChange(
    { ticketId: ticket.id, shard: shardOf(ticket.createdAt), version: 0, language: ticket.language, teamId: null, assigneeId: null, erased: false, sources: [] },
    { type: 'ticket', ticket },
  );
}

/**
 * What one change makes of a ticket's state. Pure: the indexer and the rebuild both use it, which is
 * what keeps a maintained index equal to a rebuilt one. Anonymisation (the subject becomes
 * ERASED_TEXT) forgets every text the ticket had; what is written after it is new and indexed.
 */
export function applyTicketSearchChange(state: TicketSearchState, change: TicketSearchChange): TicketSearchState {
  switch (change.type) {
    case 'ticket': {
      const { ticket } = change;
      if (ticket.version < state.version) return state;
      const erased = ticket.subject === ERASED_TEXT;
      let sources = erased && !state.erased ? [] : state.sources;
      sources = withSource(sources, erased || !ticket.subject.trim() ? null : { key: 'subject', kind: 'subject', text: clip(ticket.subject) }, 'subject');
      sources = withSource(sources, erased || !ticket.description.trim() ? null : { key: 'description', kind: 'description', text: clip(ticket.description) }, 'description');
      return { ...state, version: ticket.version, language: ticket.language, teamId: ticket.teamId, assigneeId: ticket.assigneeId, erased, sources, ticket };
    }
    case 'entry': {
      const { entry } = change;
      if (!TEXT_ENTRY_KINDS.has(entry.kind) || !entry.body.trim()) return state;
      const key = `e:${entry.id}`;
      return { ...state, sources: withSource(state.sources, { key, kind: entry.kind as SearchSource['kind'], text: clip(entry.body) }, key) };
    }
    case 'call-notes': {
      const key = `c:${change.callSid}`;
      return { ...state, sources: withSource(state.sources, change.notes.trim() ? { key, kind: 'call', text: clip(change.notes) } : null, key) };
    }
    case 'removed':
      return { ...state, sources: [] };
    case 'entries-erased': {
      const erasedKeys = new Set(change.entryIds.map((id) => `e:${id}`));
      return { ...state, sources: state.sources.filter((source) => !erasedKeys.has(source.key)) };
    }
  }
}
