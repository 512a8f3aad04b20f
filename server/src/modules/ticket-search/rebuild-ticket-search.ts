import { getStorage } from '../../platform/storage/index.js';
import { callRecordSets } from '../calls/call-record.js';
import { toEntryDto, toTicketDto } from '../tickets/ticket-dto.js';
import type { TicketEntryDocument } from '../tickets/ticket-entry.model.js';
import { ticketEntryRecordSet, ticketRecordSet, type TicketDocument } from '../tickets/ticket-records.js';
import { applyTicketSearchChange, stateOfTicket } from './domain/ticket-search-change.js';
import {
  bucketOf,
  computeTermImpacts,
  encodePostings,
  encodeVocabularyBucket,
  postingAccessOf,
  postingsKey,
  type Posting,
  VOCABULARY_BUCKETS,
  type TermImpact,
  type TicketSearchState,
} from './domain/ticket-search-document.js';
import {
  clearTicketSearch,
  insertRebuilt,
  readVocabularyRevisions,
  toSearchDocumentRecord,
  writeVocabularyBuckets,
} from './ticket-search.store.js';

export const TICKET_SEARCH_CONSUMER = 'ticket-search';
const BATCH = 1_000;

/**
 * Rebuilds ticket search from the records (tickets, their timeline entries, calls' notes) with the
 * same pure functions the change-feed consumer applies, then sets the consumer's position to the
 * feed's head as it was read first: changes made meanwhile are applied again, harmlessly.
 * Holds every ticket's indexed text in memory while it runs (clipped per source); stop the server
 * first on the embedded database. Reports progress as tickets written over all tickets.
 */
export async function rebuildTicketSearch(onProgress: (done: number, total: number) => void = () => undefined): Promise<{ tickets: number; postings: number; terms: number }> {
  const storage = getStorage();
  const { head } = await storage.readFeed(0, 0);
  const revisions = await readVocabularyRevisions(VOCABULARY_BUCKETS);
  await clearTicketSearch();

  const states = new Map<string, TicketSearchState>();
  let references: Array<{ reference: string; ticketId: string }> = [];
  for await (const ticket of ticketRecordSet().each({})) {
    const dto = toTicketDto(ticket as unknown as TicketDocument);
    states.set(dto.id, stateOfTicket(dto));
    references.push({ reference: dto.reference, ticketId: dto.id });
    if (references.length === BATCH) {
      await insertRebuilt({ references });
      references = [];
    }
  }
  await insertRebuilt({ references });
  const total = states.size;
  onProgress(0, total);

  const textEntries = { kind: { $in: ['public-reply', 'internal-note', 'message'] as Array<TicketEntryDocument['kind']> }, body: { $ne: '' } };
  for await (const entry of ticketEntryRecordSet().each({}, textEntries)) {
    const dto = toEntryDto(entry as unknown as TicketEntryDocument);
    const state = states.get(dto.ticketId);
    if (state) states.set(dto.ticketId, applyTicketSearchChange(state, { type: 'entry', entry: dto }));
  }
  for (const calls of callRecordSets()) {
    for await (const call of calls.each({ ticketId: 1, notes: 1 }, { ticketId: { $ne: null }, notes: { $ne: '' } })) {
      const ticketId = String(call.ticketId);
      const state = states.get(ticketId);
      if (state) states.set(ticketId, applyTicketSearchChange(state, { type: 'call-notes', ticketId, callSid: String(call._id), notes: String(call.notes ?? '') }));
    }
  }

  // Shard by shard, newest first: a shard's postings are built whole and written once, and each
  // term's `shard:count` list comes out already in the stored order.
  const byShard = new Map<string, TicketSearchState[]>();
  for (const state of states.values()) byShard.set(state.shard, [...(byShard.get(state.shard) ?? []), state]);
  states.clear();
  const shardCounts = new Map<string, string[]>();
  let done = 0;
  let postingsWritten = 0;
  for (const shard of [...byShard.keys()].sort().reverse()) {
    const postings = new Map<string, Map<string, Posting>>();
    const documents: Array<ReturnType<typeof toSearchDocumentRecord>> = [];
    for (const state of byShard.get(shard)!) {
      const terms = computeTermImpacts(state);
      const access = postingAccessOf(state);
      for (const [term, impact] of terms) {
        const termPostings = postings.get(term) ?? new Map<string, Posting>();
        termPostings.set(state.ticketId, { ...impact, access });
        postings.set(term, termPostings);
      }
      documents.push(toSearchDocumentRecord(state, terms, head));
    }
    await insertRebuilt({ postings: [...postings].map(([term, termPostings]) => ({ _id: postingsKey(term, shard), postings: encodePostings(termPostings) })), documents });
    for (const [term, termPostings] of postings) shardCounts.set(term, [...(shardCounts.get(term) ?? []), `${shard}:${termPostings.size}`]);
    postingsWritten += postings.size;
    done += documents.length;
    onProgress(done, total);
  }

  const buckets = new Map<number, Map<string, string>>();
  for (const [term, counts] of shardCounts) {
    const bucket = bucketOf(term);
    const terms = buckets.get(bucket) ?? new Map<string, string>();
    terms.set(term, counts.join(','));
    buckets.set(bucket, terms);
  }
  const nextRevisions = revisions.map((revision) => revision + 1);
  await writeVocabularyBuckets(
    new Map(Array.from({ length: VOCABULARY_BUCKETS }, (_, bucket) => [bucket, { terms: encodeVocabularyBucket(buckets.get(bucket) ?? new Map()), revision: nextRevisions[bucket]! }])),
    nextRevisions,
  );
  await storage.saveFeedPosition(TICKET_SEARCH_CONSUMER, head);
  return { tickets: total, postings: postingsWritten, terms: shardCounts.size };
}
