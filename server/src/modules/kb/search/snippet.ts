import type { TContentLanguage } from '../../../../../shared/src/constants.js';
import { documentTerms } from './analyze.js';
import { tokenize } from './tokenize.js';

const SNIPPET_CHARS = 220;
const LEAD_CHARS = 50;
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function plain(text: string): string {
  return escapeHtml(text.replace(/\s+/g, ' '));
}

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

/**
 * The passage of `text` with the most matched words, HTML-escaped, the matched words wrapped in
 * <mark>. Words are found by analysing the text as the index did, so "الجمعيات" is marked for a
 * search on "جمعية"; no regular expression is ever built from the query.
 */
export function buildSnippet(text: string, lang: TContentLanguage, matchedTerms: Set<string>): string {
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
  let snippet = windowStart > 0 ? '… ' : '';
  let cursor = windowStart;
  for (const mark of marks) {
    if (mark.start < windowStart || mark.end > windowEnd) continue;
    snippet += `${plain(text.slice(cursor, mark.start))}<mark>${plain(text.slice(mark.start, mark.end))}</mark>`;
    cursor = mark.end;
  }
  snippet += plain(text.slice(cursor, windowEnd));
  return windowEnd < text.length ? `${snippet.trimEnd()} …` : snippet;
}
