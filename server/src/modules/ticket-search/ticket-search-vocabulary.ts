import { arabicSkeleton } from '../../platform/text-analysis/arabic-text.js';
import type { TermVocabulary } from '../../platform/text-analysis/resolve-query-word.js';
import { ALL_TICKETS_TERM, bucketOf, decodeShardCounts, decodeVocabularyBucket, documentFrequencyOf, VOCABULARY_BUCKETS } from './domain/ticket-search-document.js';
import { readAllVocabularyBuckets, readVocabularyBuckets, readVocabularyRevisions } from './ticket-search.store.js';

const ARABIC_TERM = /^[\u0600-\u06FF]/;
/** How stale another node's vocabulary changes may be here: the revisions are read at most this often. */
const REFRESH_INTERVAL_MS = 1_000;

/**
 * The index's terms in memory on each node, for resolving query words (typos, Arabizi skeletons)
 * and choosing which postings to read: each term with its shards and their counts, kept as the
 * stored string and decoded only when a query uses the term.
 */
export class TicketSearchVocabulary implements TermVocabulary {
  private readonly buckets = new Map<number, { revision: number; terms: Map<string, string>; decoded: Map<string, Map<string, number>> }>();
  private readonly termsBySkeleton = new Map<string, Set<string>>();
  private loaded = false;
  private checkedAt = 0;

  /** Reloads what changed since the last check: everything the first time, then the buckets whose revision moved. */
  async refresh(now: number, force = false): Promise<void> {
    if (this.loaded && !force && now - this.checkedAt < REFRESH_INTERVAL_MS) return;
    this.checkedAt = now;
    if (!this.loaded) {
      for (const [bucket, stored] of await readAllVocabularyBuckets()) this.replaceBucket(bucket, stored);
      this.loaded = true;
      return;
    }
    const revisions = await readVocabularyRevisions(VOCABULARY_BUCKETS);
    const changed = revisions.flatMap((revision, bucket) => (revision !== (this.buckets.get(bucket)?.revision ?? 0) ? [bucket] : []));
    if (changed.length === 0) return;
    for (const [bucket, stored] of await readVocabularyBuckets(changed)) this.replaceBucket(bucket, stored);
  }

  /** The next refresh reads the revisions whatever the time: this node just wrote the index. */
  markStale(): void {
    this.checkedAt = 0;
  }

  private replaceBucket(bucket: number, stored: { terms: string; revision: number }): void {
    for (const term of this.buckets.get(bucket)?.terms.keys() ?? []) this.termsBySkeleton.get(this.skeletonOf(term) ?? '')?.delete(term);
    const terms = decodeVocabularyBucket(stored.terms);
    this.buckets.set(bucket, { revision: stored.revision, terms, decoded: new Map() });
    for (const term of terms.keys()) {
      const skeleton = this.skeletonOf(term);
      if (skeleton === undefined) continue;
      const sameSkeleton = this.termsBySkeleton.get(skeleton) ?? new Set<string>();
      sameSkeleton.add(term);
      this.termsBySkeleton.set(skeleton, sameSkeleton);
    }
  }

  private skeletonOf(term: string): string | undefined {
    if (!ARABIC_TERM.test(term)) return undefined;
    const skeleton = arabicSkeleton(term);
    return skeleton.length >= 2 ? skeleton : undefined;
  }

  private encodedShards(term: string): string | undefined {
    return this.buckets.get(bucketOf(term))?.terms.get(term);
  }

  isKnown(term: string): boolean {
    return this.encodedShards(term) !== undefined;
  }

  documentFrequency(term: string): number {
    const shards = this.encodedShards(term);
    return shards ? documentFrequencyOf(shards) : 0;
  }

  /** The shards holding the term, with how many tickets of each (decoded once per revision of its bucket; not to be changed). */
  shardsOf(term: string): ReadonlyMap<string, number> {
    const bucket = this.buckets.get(bucketOf(term));
    if (!bucket) return new Map();
    let shards = bucket.decoded.get(term);
    if (!shards) bucket.decoded.set(term, (shards = decodeShardCounts(bucket.terms.get(term) ?? '')));
    return shards;
  }

  /**
   * The revision of the term's bucket as this node last read it. The indexer moves it with every
   * change to the term's postings, so a postings document read under one revision is current while
   * the revision stays.
   */
  revisionOf(term: string): number {
    return this.buckets.get(bucketOf(term))?.revision ?? 0;
  }

  /** How many tickets the index holds. */
  get ticketCount(): number {
    return this.documentFrequency(ALL_TICKETS_TERM);
  }

  termsWithSkeleton(skeleton: string): Iterable<string> {
    return this.termsBySkeleton.get(skeleton) ?? [];
  }

  *termsWithPrefix(prefix: string): Iterable<string> {
    for (const { terms } of this.buckets.values()) for (const term of terms.keys()) if (term.startsWith(prefix)) yield term;
  }
}
