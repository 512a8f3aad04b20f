import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { applyTicketSearchChange, stateOfTicket, ticketIdOfChange, type TicketSearchChange } from './domain/ticket-search-change.js';
import {
  bucketOf,
  computeTermImpacts,
  decodePostings,
  decodeShardCounts,
  decodeVocabularyBucket,
  encodePostings,
  encodeShardCounts,
  encodeVocabularyBucket,
  postingAccessOf,
  postingsKey,
  VOCABULARY_BUCKETS,
  type Posting,
  type TermImpact,
  type TicketSearchState,
} from './domain/ticket-search-document.js';
import {
  deleteTicketSearchDocuments,
  readPostings,
  readTicketSearchDocuments,
  readVocabularyBuckets,
  readVocabularyRevisions,
  toSearchDocumentRecord,
  writePostings,
  writeReferences,
  writeTicketSearchDocuments,
  writeVocabularyBuckets,
} from './ticket-search.store.js';

/** A change with its change-feed position. */
export interface PositionedChange {
  position: number;
  change: TicketSearchChange;
}

/** Reads a ticket the index does not know yet (its first entry came before the index existed). */
export type TicketLookup = (ticketId: string) => Promise<TTicket | null>;

const sameImpact = (a: TermImpact | undefined, b: TermImpact | undefined) => a?.impact === b?.impact && a?.mask === b?.mask;

/**
 * Applies a batch of changes to the stored index. Every write sets a value rather than adding to
 * one, in an order that makes a batch safe to apply again after a crash: postings first, then each
 * term's count per shard read back from the postings just written, then the tickets' documents
 * (with the position), whose old terms are what the next attempt compares against.
 */
export async function applyTicketSearchChanges(changes: PositionedChange[], lookupTicket: TicketLookup): Promise<void> {
  const byTicket = new Map<string, PositionedChange[]>();
  for (const item of changes) {
    const id = ticketIdOfChange(item.change);
    byTicket.set(id, [...(byTicket.get(id) ?? []), item]);
  }
  const stored = await readTicketSearchDocuments([...byTicket.keys()]);
  const updated: Array<{ state: TicketSearchState; terms: Map<string, TermImpact>; position: number }> = [];
  const references: Array<{ reference: string; ticketId: string }> = [];
  const removed: Array<{ reference: string; ticketId: string }> = [];
  // postings key → ticket id → its new posting (null: removed)
  const postingChanges = new Map<string, { term: string; shard: string; tickets: Map<string, Posting | null> }>();

  for (const [ticketId, items] of byTicket) {
    const before = stored.get(ticketId);
    let state = before?.state;
    let position = before?.position ?? 0;
    let removal: { reference: string; ticketId: string } | undefined;
    for (const { position: at, change } of items) {
      if (at <= position || removal) continue;
      if (change.type === 'removed') {
        // Its postings go; its document goes last (see below), and a late change finds no ticket to read.
        removal = { reference: change.reference, ticketId };
        state = state && applyTicketSearchChange(state, change);
        position = at;
        continue;
      }
      if (change.type === 'ticket') references.push({ reference: change.ticket.reference, ticketId });
      if (!state) {
        const ticket = change.type === 'ticket' ? change.ticket : await lookupTicket(ticketId);
        if (!ticket) continue;
        state = stateOfTicket(ticket);
      }
      state = applyTicketSearchChange(state, change);
      position = at;
    }
    if (removal) removed.push(removal);
    if (!state || position === (before?.position ?? 0)) continue;
    const oldTerms = before?.terms ?? new Map<string, TermImpact>();
    const newTerms = removal ? new Map<string, TermImpact>() : computeTermImpacts(state);
    // A ticket moved to another team or person: every posting of it says so.
    const access = postingAccessOf(state);
    const oldAccess = before ? postingAccessOf(before.state) : undefined;
    const accessMoved = oldAccess?.team !== access.team || oldAccess?.assignee !== access.assignee;
    for (const term of new Set([...oldTerms.keys(), ...newTerms.keys()])) {
      const next = newTerms.get(term);
      if (sameImpact(oldTerms.get(term), next) && !accessMoved) continue;
      const key = postingsKey(term, state.shard);
      const entry = postingChanges.get(key) ?? { term, shard: state.shard, tickets: new Map() };
      entry.tickets.set(ticketId, next ? { ...next, access } : null);
      postingChanges.set(key, entry);
    }
    if (!removal) updated.push({ state, terms: newTerms, position });
  }

  const counts = await applyPostingChanges(postingChanges);
  await applyShardCounts(counts);
  await writeTicketSearchDocuments(updated.map(({ state, terms, position }) => toSearchDocumentRecord(state, terms, position)));
  await writeReferences(references.filter((reference) => !removed.some((gone) => gone.ticketId === reference.ticketId)));
  await deleteTicketSearchDocuments(removed);
}

async function applyPostingChanges(changes: Map<string, { term: string; shard: string; tickets: Map<string, Posting | null> }>) {
  const current = await readPostings([...changes.keys()]);
  const written = new Map<string, string>();
  const counts: Array<{ term: string; shard: string; count: number }> = [];
  for (const [key, { term, shard, tickets }] of changes) {
    const postings = decodePostings(current.get(key) ?? '');
    for (const [ticketId, impact] of tickets) {
      if (impact) postings.set(ticketId, impact);
      else postings.delete(ticketId);
    }
    written.set(key, encodePostings(postings));
    counts.push({ term, shard, count: postings.size });
  }
  await writePostings(written);
  return counts;
}

async function applyShardCounts(counts: Array<{ term: string; shard: string; count: number }>): Promise<void> {
  if (counts.length === 0) return;
  const byBucket = new Map<number, typeof counts>();
  for (const count of counts) {
    const bucket = bucketOf(count.term);
    byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), count]);
  }
  const [buckets, revisions] = await Promise.all([readVocabularyBuckets([...byBucket.keys()]), readVocabularyRevisions(VOCABULARY_BUCKETS)]);
  const written = new Map<number, { terms: string; revision: number }>();
  for (const [bucket, bucketCounts] of byBucket) {
    const terms = decodeVocabularyBucket(buckets.get(bucket)!.terms);
    for (const { term, shard, count } of bucketCounts) {
      const shards = decodeShardCounts(terms.get(term) ?? '');
      if (count > 0) shards.set(shard, count);
      else shards.delete(shard);
      if (shards.size > 0) terms.set(term, encodeShardCounts(shards));
      else terms.delete(term);
    }
    const revision = Math.max(buckets.get(bucket)!.revision, revisions[bucket]!) + 1;
    revisions[bucket] = revision;
    written.set(bucket, { terms: encodeVocabularyBucket(terms), revision });
  }
  await writeVocabularyBuckets(written, revisions);
}
