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
  private readonly kept = new Map<string, { revision: number; encoded: string }>();

  get(key: string, revision: number): string | undefined {
    const kept = this.kept.get(key);
    if (!kept || kept.revision !== revision) return undefined;
    this.kept.delete(key);
    this.kept.set(key, kept);
    return kept.encoded;
  }

  keep(key: string, revision: number, encoded: string): void {
    this.kept.delete(key);
    this.kept.set(key, { revision, encoded });
    if (this.kept.size > CAPACITY) this.kept.delete(this.kept.keys().next().value!);
  }
}

export const postingsCacheOfApp = defineAppState(() => new PostingsCache());
