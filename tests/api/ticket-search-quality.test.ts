import { describe, expect, it } from 'vitest';
import type { TTicketEntry } from '@mowakaba/shared/schemas/tickets';
import type { TicketSearchChange } from '../../server/src/modules/ticket-search/domain/ticket-search-change.js';
import { searchTicketIds } from '../../server/src/modules/ticket-search/index.js';
import { applyTicketSearchChanges } from '../../server/src/modules/ticket-search/ticket-search-indexer.js';
import { markTicketSearchVocabularyStale } from '../../server/src/modules/ticket-search/ticket-search.service.js';
import { ticketSearchCorpus, ticketSearchDistractors, ticketSearchQueries, type CorpusTicket } from '../fixtures/ticket-search-corpus.js';
import { objectId, ticketRecord } from '../helpers/dashboard.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

/** The corpus as the change feed would carry it: each ticket created, then its replies, notes, messages and call notes. */
function corpusChanges(corpus: CorpusTicket[]) {
  const changes: TicketSearchChange[] = [];
  const tickets = new Map<string, { id: string; reference: string }>();
  corpus.forEach((item, index) => {
    const createdAt = new Date(Date.UTC(2026, 5, 1) + index * 7 * 3_600_000).toISOString();
    const ticket = ticketRecord({ subject: item.subject, description: item.description, language: item.language, reference: `T-2026-${String(index + 1).padStart(6, '0')}`, createdAt });
    tickets.set(item.key, { id: ticket.id, reference: ticket.reference });
    changes.push({ type: 'ticket', ticket });
    const entry = (kind: TTicketEntry['kind'], body: string): TicketSearchChange => ({
      type: 'entry',
      entry: { id: objectId(), ticketId: ticket.id, kind, authorId: null, body, data: null, createdAt },
    });
    for (const body of item.replies ?? []) changes.push(entry('public-reply', body));
    for (const body of item.notes ?? []) changes.push(entry('internal-note', body));
    for (const body of item.messages ?? []) changes.push(entry('message', body));
    (item.callNotes ?? []).forEach((notes, call) => changes.push({ type: 'call-notes', ticketId: ticket.id, callSid: `CA${index}x${call}`, notes }));
  });
  return { changes: changes.map((change, index) => ({ position: index + 1, change })), tickets };
}

describe('ticket search quality on a labelled set', () => {
  it('finds the ticket meant in the top 3 for at least 90% of the labelled queries', { timeout: 120_000 }, async () => {
    const { changes, tickets } = corpusChanges([...ticketSearchCorpus, ...ticketSearchDistractors]);
    await applyTicketSearchChanges(changes, async () => null);
    markTicketSearchVocabularyStale();
    const supervisor = { id: objectId(), role: 'supervisor' };
    const keyOf = new Map([...tickets].map(([key, { id }]) => [id, key]));

    expect(ticketSearchQueries.length).toBeGreaterThanOrEqual(40);
    let hitsAt1 = 0;
    let hitsAt3 = 0;
    const misses: string[] = [];
    for (const { kind, query, expected } of ticketSearchQueries) {
      // A reference as agents type it: lower case, without the zero padding.
      const typed = query.startsWith('REF:') ? tickets.get(query.slice(4))!.reference.toLowerCase().replace(/-0+/, '-') : query;
      const found = (await searchTicketIds(typed, supervisor, 10)).map((id) => keyOf.get(id));
      const rank = found.indexOf(expected) + 1;
      if (rank === 1) hitsAt1 += 1;
      if (rank >= 1 && rank <= 3) hitsAt3 += 1;
      if (rank !== 1) misses.push(`  rank ${rank || '>10'} [${kind}] ${typed} → ${found.slice(0, 3).join(', ')}`);
    }
    const count = ticketSearchQueries.length;
    console.log(`ticket search, ${count} labelled queries: hit@1 ${(hitsAt1 / count).toFixed(3)}, hit@3 ${(hitsAt3 / count).toFixed(3)}\n${misses.join('\n')}`);
    expect(hitsAt3 / count).toBeGreaterThanOrEqual(0.9);
  });
});
