import { LRUCache } from 'lru-cache';
import { defineAppState } from '../../platform/app-state.js';

/** Postings documents kept per node: those of the days searched lately, a few MB. */
const CAPACITY = 4_000;

/**
 * Postings documents this node read lately, each with the revision of its term's vocabulary bucket
 * it was read under (taken before the read). The indexer moves that revision with every change to
 * the term's postings, and each node reads the revisions at most a second apart (as it does for the
 * vocabulary itself): a kept document is used only while its revision is the node's.
 */
export class PostingsCache {
  private readonly kept = new LRUCache<string, { revision: number; encoded: string }>({ max: CAPACITY });

  get(key: string, revision: number): string | undefined {
    const kept = this.kept.get(key);
    return kept?.revision === revision ? kept.encoded : undefined;
  }

  keep(key: string, revision: number, encoded: string): void {
    this.kept.set(key, { revision, encoded });
  }
}

export const postingsCacheOfApp = defineAppState(() => new PostingsCache());
