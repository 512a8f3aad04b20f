import type { TContentLanguage } from '@mowakaba/shared/constants';
import { ARABIC_STOPWORDS, arabicSkeleton, normalizeArabic, stemArabic, stripArabicPrefix } from './arabic-text.js';
import { hasArabiziDigits, transliterateArabizi } from './arabizi.js';
import { standardArabicFor } from './darija-dictionary.js';
import { foldLatin, LATIN_STOPWORDS, stemEnglish, stemFrench } from './latin-text.js';
import { tokenize, type Token } from './tokenize.js';

/** The searchable parts of an article, weighted differently by the ranking. */
export interface ArticleText {
  lang: TContentLanguage;
  title: string;
  summary: string;
  tags: string[];
  /** The body as plain text (Markdown syntax removed). */
  bodyText: string;
}

/** What the index stores for one article: its terms with their count in each field. */
export interface AnalyzedArticle {
  terms: string[];
  /** Three counts per term: in the title, the summary (with the tags), the body. */
  counts: number[];
  /** Number of indexed words in each field. */
  lengths: [number, number, number];
}

function numberTerms(text: string): string[] {
  const parts = text.split(/[./-]/).map((part) => part.replace(/^0+(?=\d)/, ''));
  return parts.length > 1 ? [text.replace(/[./]/g, '-'), ...parts] : parts;
}

function computeDocumentTerms(token: Token, lang: TContentLanguage): string[] {
  switch (token.script) {
    case 'arabic': {
      const normalized = normalizeArabic(token.text);
      if (normalized.length === 0 || ARABIC_STOPWORDS.has(normalized)) return [];
      return stemArabic(normalized);
    }
    case 'latin': {
      const folded = foldLatin(token.text);
      if (folded.length === 0 || LATIN_STOPWORDS.has(folded)) return [];
      return [lang === 'en' ? stemEnglish(folded) : stemFrench(folded)];
    }
    case 'number':
      return numberTerms(token.text);
    case 'other':
      return [token.text.toLowerCase()];
  }
}

const TERM_CACHE_LIMIT = 100_000;
// Words repeat a lot across articles and snippets; normalising and stemming each once is enough.
const termCache = new Map<string, string[]>();

/** Index terms of one token of an article written in `lang`. */
export function documentTerms(token: Token, lang: TContentLanguage): string[] {
  const key = `${lang === 'en' ? 'en' : ''}\u0000${token.script}\u0000${token.text}`;
  let terms = termCache.get(key);
  if (terms === undefined) {
    if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
    terms = computeDocumentTerms(token, lang);
    termCache.set(key, terms);
  }
  return terms;
}

/** Turns an article into index terms and per-field counts. */
export function analyzeArticle(article: ArticleText): AnalyzedArticle {
  const counts = new Map<string, [number, number, number]>();
  const lengths: [number, number, number] = [0, 0, 0];
  const fieldTexts = [article.title, `${article.summary}\n${article.tags.join('\n')}`, article.bodyText];
  fieldTexts.forEach((text, field) => {
    for (const token of tokenize(text)) {
      const terms = documentTerms(token, article.lang);
      if (terms.length === 0) continue;
      lengths[field as 0 | 1 | 2] += 1;
      for (const term of terms) {
        const termCounts = counts.get(term) ?? [0, 0, 0];
        termCounts[field as 0 | 1 | 2] += 1;
        counts.set(term, termCounts);
      }
    }
  });
  return { terms: [...counts.keys()], counts: [...counts.values()].flat(), lengths };
}

/** One word of a query and every way it may appear in the index. */
export interface QueryWord {
  /** Index terms the word stands for, with their weight (1 for the word itself). */
  terms: Map<string, number>;
  /** Arabic readings of a Latin-letter word, tried when its Latin reading finds nothing. */
  arabizi?: { terms: string[]; skeletons: string[]; certain: boolean };
  /** Typo tolerance: the word as typed, 5 letters or more, for spelling variants at distance 1. */
  typo?: { script: 'arabic' | 'latin'; word: string };
  /** The last word of a query still being typed: terms starting with it match too. */
  prefix?: string | undefined;
}

const MIN_TYPO_LENGTH = 5;
/** Longer "words" are not words people misspell but pasted strings; their variants cost too much. */
const MAX_TYPO_LENGTH = 24;
export const MAX_QUERY_WORDS = 32;

const isTypoLength = (length: number) => length >= MIN_TYPO_LENGTH && length <= MAX_TYPO_LENGTH;

function addTerms(target: Map<string, number>, terms: string[], weight: number): void {
  for (const term of terms) target.set(term, Math.max(target.get(term) ?? 0, weight));
}

function arabicQueryTerms(normalized: string): Map<string, number> {
  const terms = new Map<string, number>();
  addTerms(terms, stemArabic(normalized), 1);
  const standard = standardArabicFor(normalized);
  if (standard) {
    for (const word of standard) if (!ARABIC_STOPWORDS.has(word)) addTerms(terms, stemArabic(word), 1);
  }
  return terms;
}

function arabiziReadings(folded: string): QueryWord['arabizi'] {
  const terms = new Map<string, number>();
  for (const spelling of transliterateArabizi(folded)) {
    const normalized = normalizeArabic(spelling);
    if (ARABIC_STOPWORDS.has(normalized)) return undefined;
    addTerms(terms, [...arabicQueryTerms(normalized).keys()], 1);
  }
  if (terms.size === 0) return undefined;
  const skeletons = [...new Set([...terms.keys()].map(arabicSkeleton))].filter((skeleton) => skeleton.length >= 2);
  return { terms: [...terms.keys()], skeletons, certain: hasArabiziDigits(folded) };
}

function queryWord(token: Token, isPrefix: boolean): QueryWord | undefined {
  switch (token.script) {
    case 'arabic': {
      const normalized = normalizeArabic(token.text);
      if (normalized.length === 0) return undefined;
      const prefix = isPrefix ? stripArabicPrefix(normalized) : undefined;
      if (ARABIC_STOPWORDS.has(normalized)) return prefix ? { terms: new Map(), prefix } : undefined;
      const word: QueryWord = { terms: arabicQueryTerms(normalized), prefix };
      if (isTypoLength([...normalized].length)) word.typo = { script: 'arabic', word: normalized };
      return word;
    }
    case 'latin': {
      const folded = foldLatin(token.text);
      if (folded.length === 0) return undefined;
      const prefix = isPrefix ? folded : undefined;
      if (LATIN_STOPWORDS.has(folded)) return prefix ? { terms: new Map(), prefix } : undefined;
      const word: QueryWord = { terms: new Map(), prefix };
      if (!hasArabiziDigits(folded)) addTerms(word.terms, [stemFrench(folded), stemEnglish(folded)], 1);
      word.arabizi = arabiziReadings(folded);
      if (isTypoLength(folded.length) && !hasArabiziDigits(folded)) word.typo = { script: 'latin', word: folded };
      return word;
    }
    case 'number':
      return { terms: new Map(numberTerms(token.text).map((term, index) => [term, index === 0 ? 1 : 0.5])) };
    case 'other': {
      const lower = token.text.toLowerCase();
      return isPrefix ? { terms: new Map(), prefix: lower } : { terms: new Map([[lower, 1]]) };
    }
  }
}

/**
 * Splits a query into words with their index terms. With `typing`, the last word is treated as
 * unfinished (a prefix), as in suggestions shown while a request is being written.
 */
export function analyzeQuery(text: string, options: { typing?: boolean } = {}): QueryWord[] {
  const tokens = tokenize(text);
  const lastIsOpen = options.typing === true && tokens.length > 0 && tokens.at(-1)!.end === text.length;
  const words: QueryWord[] = [];
  tokens.forEach((token, index) => {
    const word = queryWord(token, lastIsOpen && index === tokens.length - 1);
    if (word) words.push(word);
  });
  return words;
}

const ARABIC_LETTERS = [...'ابتثجحخدذرزسشصضطظعغفقكلمنهويء'];
const LATIN_LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];

/** Every spelling at edit distance 1 (deletion, insertion, substitution, transposition). */
function spellingsAtDistanceOne(word: string, alphabet: string[]): Set<string> {
  const letters = [...word];
  const variants = new Set<string>();
  for (let index = 0; index <= letters.length; index++) {
    const before = letters.slice(0, index).join('');
    const after = letters.slice(index).join('');
    if (index < letters.length) {
      variants.add(before + letters.slice(index + 1).join(''));
      for (const letter of alphabet) variants.add(before + letter + letters.slice(index + 1).join(''));
    }
    if (index < letters.length - 1) variants.add(before + letters[index + 1] + letters[index] + letters.slice(index + 2).join(''));
    for (const letter of alphabet) variants.add(before + letter + after);
  }
  variants.delete(word);
  return variants;
}

/**
 * Index terms reachable from a misspelt word by one edit: each variant spelling is analysed like
 * the word itself and kept if the index knows it. Working on the spelling, not the stem, keeps
 * "petiton" → pétition even though the stemmer treats the two differently.
 */
export function typoTerms(typo: NonNullable<QueryWord['typo']>, isKnown: (term: string) => boolean): string[] {
  const found = new Set<string>();
  const alphabet = typo.script === 'arabic' ? ARABIC_LETTERS : LATIN_LETTERS;
  for (const variant of spellingsAtDistanceOne(typo.word, alphabet)) {
    const terms =
      typo.script === 'arabic' ? (ARABIC_STOPWORDS.has(variant) ? [] : stemArabic(variant)) : [stemFrench(variant), stemEnglish(variant)];
    for (const term of terms) if (isKnown(term)) found.add(term);
  }
  return [...found];
}
