import type { TContentLanguage } from '@mowakaba/shared/constants';
import { documentTerms } from './analyze.js';
import { tokenize } from './tokenize.js';

const SNIPPET_CHARS = 220;
const LEAD_CHARS = 50;
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const collapse = (text: string) => text.replace(/\s+/g, ' ');

/** A start offset at or before `offset` that does not cut a word. */
function wordStartBefore(text: string, offset: number): number {
  if (offset <= 0) return 0;
  const space = text.lastIndexOf(' ', offset);
  const newline = text.lastIndexOf('\n', offset);
  return Math.max(space, newline) + 1;
}

/** An end offset no later than `offset` that does not cut a word. */
function wordEndBefore(text: string, offset: number): number {
  if (offset >= text.length) return text.length;
  const cut = Math.max(text.lastIndexOf(' ', offset), text.lastIndexOf('\n', offset));
  return cut > 0 ? cut : offset;
}

/** A passage of a longer text with the offsets (in the passage) of the words that matched. */
export interface SnippetRanges {
  text: string;
  highlights: Array<{ start: number; end: number }>;
  cutBefore: boolean;
  cutAfter: boolean;
}

/**
 * The passage of `text` with the most matched words, whitespace collapsed, and where those words
 * are. Words are found by analysing the text as the index did, so "الجمعيات" is marked for a
 * search on "جمعية"; no regular expression is ever built from the query.
 */
export function findSnippet(text: string, lang: TContentLanguage, matchedTerms: Set<string>): SnippetRanges {
  const marks = tokenize(text).filter((token) => documentTerms(token, lang).some((term) => matchedTerms.has(term)));
  let windowStart = 0;
  if (marks.length > 0) {
    let best = 0;
    let bestCount = 0;
    for (let first = 0, last = 0; first < marks.length; first++) {
      while (last + 1 < marks.length && marks[last + 1]!.end - marks[first]!.start <= SNIPPET_CHARS - LEAD_CHARS) last++;
      if (last - first + 1 > bestCount) {
        best = first;
        bestCount = last - first + 1;
      }
    }
    windowStart = wordStartBefore(text, Math.max(0, marks[best]!.start - LEAD_CHARS));
  }
  const windowEnd = wordEndBefore(text, windowStart + SNIPPET_CHARS);
  let passage = '';
  const highlights: SnippetRanges['highlights'] = [];
  let cursor = windowStart;
  for (const mark of marks) {
    if (mark.start < windowStart || mark.end > windowEnd) continue;
    passage += collapse(text.slice(cursor, mark.start));
    const start = passage.length;
    passage += collapse(text.slice(mark.start, mark.end));
    highlights.push({ start, end: passage.length });
    cursor = mark.end;
  }
  passage += collapse(text.slice(cursor, windowEnd));
  return { text: passage, highlights, cutBefore: windowStart > 0, cutAfter: windowEnd < text.length };
}

/** The passage of findSnippet, HTML-escaped, the matched words wrapped in <mark>. */
export function buildSnippet(text: string, lang: TContentLanguage, matchedTerms: Set<string>): string {
  const found = findSnippet(text, lang, matchedTerms);
  let snippet = found.cutBefore ? '… ' : '';
  let cursor = 0;
  for (const { start, end } of found.highlights) {
    snippet += `${escapeHtml(found.text.slice(cursor, start))}<mark>${escapeHtml(found.text.slice(start, end))}</mark>`;
    cursor = end;
  }
  snippet += escapeHtml(found.text.slice(cursor));
  return found.cutAfter ? `${snippet.trimEnd()} …` : snippet;
}
