import { typoTerms, type QueryWord } from './analyze.js';

/** What an index knows of its terms, for turning query words into the terms it holds. */
export interface TermVocabulary {
  /** True when at least one live document holds the term. */
  isKnown(term: string): boolean;
  documentFrequency(term: string): number;
  /** Arabic terms sharing a consonant skeleton (see arabicSkeleton). */
  termsWithSkeleton(skeleton: string): Iterable<string>;
  termsWithPrefix(prefix: string): Iterable<string>;
}

const ARABIZI_WEIGHT = 0.9;
const SKELETON_WEIGHT = 0.7;
const TYPO_WEIGHT = 0.6;
const PREFIX_WEIGHT = 0.8;
const MAX_EXPANSIONS = 6;
const MAX_PREFIX_EXPANSIONS = 10;

function mostFrequent(vocabulary: TermVocabulary, terms: Iterable<string>, limit: number): string[] {
  return [...terms]
    .filter((term) => vocabulary.isKnown(term))
    .sort((a, b) => vocabulary.documentFrequency(b) - vocabulary.documentFrequency(a))
    .slice(0, limit);
}

/**
 * The index terms a query word matches, with their weights (exact 1, Arabizi 0.9, prefix 0.8,
 * skeleton 0.7, typo 0.6); empty when it matches nothing. Variants are tried only when the
 * stronger readings find nothing, so a known word is never diluted by its look-alikes.
 */
export function resolveQueryWord(word: QueryWord, vocabulary: TermVocabulary): Map<string, number> {
  const resolved = new Map<string, number>();
  const add = (terms: Iterable<string>, weight: number) => {
    for (const term of terms) if (vocabulary.isKnown(term) && (resolved.get(term) ?? 0) < weight) resolved.set(term, weight);
  };
  for (const [term, weight] of word.terms) add([term], weight);
  const arabizi = word.arabizi;
  if (arabizi && (arabizi.certain || resolved.size === 0)) add(arabizi.terms, ARABIZI_WEIGHT);
  if (resolved.size === 0 && word.typo) {
    add(mostFrequent(vocabulary, typoTerms(word.typo, (term) => vocabulary.isKnown(term)), MAX_EXPANSIONS), TYPO_WEIGHT);
  }
  if (arabizi && resolved.size === 0) {
    // Without Arabizi digits a Latin word is more likely French: only long skeletons then.
    const skeletons = arabizi.skeletons.filter((skeleton) => skeleton.length >= (arabizi.certain ? 2 : 3));
    const sameSkeleton = skeletons.flatMap((skeleton) => [...vocabulary.termsWithSkeleton(skeleton)]);
    add(mostFrequent(vocabulary, sameSkeleton, MAX_EXPANSIONS), SKELETON_WEIGHT);
  }
  if (word.prefix !== undefined && word.prefix.length >= 2) {
    add(mostFrequent(vocabulary, vocabulary.termsWithPrefix(word.prefix), MAX_PREFIX_EXPANSIONS), PREFIX_WEIGHT);
  }
  return resolved;
}
