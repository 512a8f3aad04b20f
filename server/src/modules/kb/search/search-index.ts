import type { TContentLanguage, TTopicKey } from '@mowakaba/shared/constants';
import type { TArticleStatus, TArticleVisibility } from '@mowakaba/shared/schemas/kb';
import { arabicSkeleton } from '../../../platform/text-analysis/arabic-text.js';
import { MAX_QUERY_WORDS, type AnalyzedArticle, type QueryWord } from '../../../platform/text-analysis/analyze.js';
import { resolveQueryWord, type TermVocabulary } from '../../../platform/text-analysis/resolve-query-word.js';

/** One article as the search index holds it. */
export interface IndexedArticle extends AnalyzedArticle {
  articleId: string;
  lang: TContentLanguage;
  topic: TTopicKey;
  status: TArticleStatus;
  visibility: TArticleVisibility;
  title: string;
  /** Summary and body as plain text, for snippets. */
  text: string;
}

export interface SearchFilter {
  visibilities: readonly TArticleVisibility[];
  lang?: TContentLanguage | undefined;
  topic?: TTopicKey | undefined;
}

export interface SearchHit {
  article: IndexedArticle;
  score: number;
  /** The index terms that matched, to mark the words in a snippet. */
  matchedTerms: Set<string>;
}

interface Posting {
  slots: number[];
  /** Field-weighted term frequency in each slot. */
  frequencies: number[];
  /** Live articles holding the term. */
  documentFrequency: number;
}

// BM25F-style weights: a word in the title counts three times a word in the body.
const FIELD_WEIGHTS = [3, 2, 1] as const;
const K1 = 1.2;
const B = 0.75;
const ARABIC_TERM = /^[\u0600-\u06FF]/;

/** The `limit` best slots by score (ties: older slot first), without sorting every candidate. */
function topSlots(candidates: number[], scores: Float64Array, limit: number): number[] {
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  const top: number[] = [];
  for (const slot of candidates) {
    if (top.length === limit && !better(slot, top[limit - 1]!)) continue;
    let position = top.length === limit ? limit - 1 : top.length;
    while (position > 0 && better(slot, top[position - 1]!)) {
      top[position] = top[position - 1]!;
      position -= 1;
    }
    top[position] = slot;
  }
  return top;
}

/**
 * The inverted index in memory: postings per term and BM25 ranking. It is a cache of the entries
 * stored in the database (see search-index.service.ts), rebuilt from them at will.
 * Replacing an article leaves its old postings behind as dead slots, skipped while searching and
 * dropped by a compaction once they are many.
 */
export class SearchIndex implements TermVocabulary {
  private slots: (IndexedArticle | undefined)[] = [];
  private weightedLengths: number[] = [];
  private slotByArticle = new Map<string, number>();
  private postings = new Map<string, Posting>();
  private termsBySkeleton = new Map<string, Set<string>>();
  private totalLength = 0;
  private deadSlots = 0;

  get size(): number {
    return this.slotByArticle.size;
  }

  /** True when at least one live article holds the term. */
  isKnown = (term: string): boolean => (this.postings.get(term)?.documentFrequency ?? 0) > 0;

  documentFrequency(term: string): number {
    return this.postings.get(term)?.documentFrequency ?? 0;
  }

  termsWithSkeleton(skeleton: string): Iterable<string> {
    return this.termsBySkeleton.get(skeleton) ?? [];
  }

  *termsWithPrefix(prefix: string): Iterable<string> {
    for (const term of this.postings.keys()) if (term.startsWith(prefix)) yield term;
  }

  upsert(article: IndexedArticle): void {
    this.remove(article.articleId);
    const slot = this.slots.length;
    const weightedLength = article.lengths.reduce((sum, length, field) => sum + length * FIELD_WEIGHTS[field as 0 | 1 | 2], 0);
    this.slots.push(article);
    this.weightedLengths.push(weightedLength);
    this.slotByArticle.set(article.articleId, slot);
    this.totalLength += weightedLength;
    article.terms.forEach((term, index) => {
      let posting = this.postings.get(term);
      if (!posting) {
        posting = { slots: [], frequencies: [], documentFrequency: 0 };
        this.postings.set(term, posting);
        if (ARABIC_TERM.test(term)) this.addSkeleton(term);
      }
      const base = index * 3;
      const frequency =
        article.counts[base]! * FIELD_WEIGHTS[0] + article.counts[base + 1]! * FIELD_WEIGHTS[1] + article.counts[base + 2]! * FIELD_WEIGHTS[2];
      posting.slots.push(slot);
      posting.frequencies.push(frequency);
      posting.documentFrequency += 1;
    });
  }

  remove(articleId: string): void {
    const slot = this.slotByArticle.get(articleId);
    if (slot === undefined) return;
    const article = this.slots[slot]!;
    for (const term of article.terms) this.postings.get(term)!.documentFrequency -= 1;
    this.totalLength -= this.weightedLengths[slot]!;
    this.slots[slot] = undefined;
    this.slotByArticle.delete(articleId);
    this.deadSlots += 1;
    if (this.deadSlots > 1_000 && this.deadSlots > this.size / 4) this.compact();
  }

  private addSkeleton(term: string): void {
    const skeleton = arabicSkeleton(term);
    if (skeleton.length < 2) return;
    const terms = this.termsBySkeleton.get(skeleton) ?? new Set<string>();
    terms.add(term);
    this.termsBySkeleton.set(skeleton, terms);
  }

  private compact(): void {
    const live = this.slots.filter((article): article is IndexedArticle => article !== undefined);
    this.slots = [];
    this.weightedLengths = [];
    this.slotByArticle.clear();
    this.postings.clear();
    this.termsBySkeleton.clear();
    this.totalLength = 0;
    this.deadSlots = 0;
    for (const article of live) this.upsert(article);
  }

  private inverseDocumentFrequency(documentFrequency: number): number {
    return Math.log(1 + (this.size - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  private passes(article: IndexedArticle, filter: SearchFilter): boolean {
    return (
      article.status === 'published' &&
      filter.visibilities.includes(article.visibility) &&
      (filter.lang === undefined || article.lang === filter.lang) &&
      (filter.topic === undefined || article.topic === filter.topic)
    );
  }

  /**
   * Ranks published articles passing the filter by BM25 over the weighted fields. Each query word
   * adds the score of its best-matching term, so a word and its variants are not counted twice.
   * Scores live in typed arrays indexed by slot: a common word touches thousands of articles.
   */
  search(words: QueryWord[], filter: SearchFilter, limit: number): SearchHit[] {
    if (this.size === 0) return [];
    const averageLength = this.totalLength / this.size;
    const resolvedWords = this.strongestWords(words.map((word) => resolveQueryWord(word, this)).filter((terms) => terms.size > 0));
    const slotCount = this.slots.length;
    const passes = new Int8Array(slotCount); // 0 not checked yet, 1 passes, -1 filtered out
    const totals = new Float64Array(slotCount);
    const wordScores = new Float64Array(slotCount);
    const touched: number[] = [];
    for (const terms of resolvedWords) {
      const wordTouched: number[] = [];
      for (const [term, weight] of terms) {
        const posting = this.postings.get(term)!;
        const idf = this.inverseDocumentFrequency(posting.documentFrequency) * weight;
        for (let index = 0; index < posting.slots.length; index++) {
          const slot = posting.slots[index]!;
          if (passes[slot] === 0) {
            const article = this.slots[slot];
            passes[slot] = article !== undefined && this.passes(article, filter) ? 1 : -1;
          }
          if (passes[slot] === -1) continue;
          const frequency = posting.frequencies[index]!;
          const score =
            (idf * frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * this.weightedLengths[slot]!) / averageLength));
          if (wordScores[slot] === 0) wordTouched.push(slot);
          if (score > wordScores[slot]!) wordScores[slot] = score;
        }
      }
      for (const slot of wordTouched) {
        if (totals[slot] === 0) touched.push(slot);
        totals[slot] = totals[slot]! + wordScores[slot]!;
        wordScores[slot] = 0;
      }
    }
    const queryTerms = resolvedWords.flatMap((terms) => [...terms.keys()]);
    return topSlots(touched, totals, limit).map((slot) => {
      const article = this.slots[slot]!;
      const articleTerms = new Set(article.terms);
      return { article, score: totals[slot]!, matchedTerms: new Set(queryTerms.filter((term) => articleTerms.has(term))) };
    });
  }

  /** Long texts (a whole ticket) keep their most telling words: the rarest in the index. */
  private strongestWords(words: Map<string, number>[]): Map<string, number>[] {
    const seen = new Set<string>();
    const distinct = words.filter((terms) => {
      const key = [...terms.keys()].sort().join(' ');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (distinct.length <= MAX_QUERY_WORDS) return distinct;
    const rarity = (terms: Map<string, number>) =>
      Math.max(...[...terms.keys()].map((term) => this.inverseDocumentFrequency(this.postings.get(term)!.documentFrequency)));
    return distinct.sort((a, b) => rarity(b) - rarity(a)).slice(0, MAX_QUERY_WORDS);
  }
}
