import type { TContentLanguage, TTopicKey } from '@mowakaba/shared/constants';
import type { TArticleVisibility, TSearchResponse } from '@mowakaba/shared/schemas/kb';
import { normalizeArabic } from '../../platform/text-analysis/arabic-text.js';
import { analyzeQuery, type QueryWord } from '../../platform/text-analysis/analyze.js';
import { foldLatin } from '../../platform/text-analysis/latin-text.js';
import type { SearchHit } from './search/search-index.js';
import { buildSnippet } from '../../platform/text-analysis/snippet.js';
import { tokenize } from '../../platform/text-analysis/tokenize.js';
import { getSearchIndex } from './search-index.service.js';
import { ZeroResultSearchModel } from './zero-result-search.model.js';

/** Who is searching: the public sees published public articles; staff also internal ones. */
export type SearchAudience = 'public' | 'staff';

const TICKET_SUGGESTIONS = 5;
const TYPING_SUGGESTIONS = 5;
const MAX_RECORDED_QUERY = 300;

function visibilitiesFor(audience: SearchAudience): TArticleVisibility[] {
  return audience === 'staff' ? ['public', 'internal'] : ['public'];
}

function toResults(hits: SearchHit[], withVisibility = false): TSearchResponse {
  return {
    results: hits.map((hit) => ({
      ...(withVisibility ? { visibility: hit.article.visibility } : {}),
      id: hit.article.articleId,
      title: hit.article.title,
      lang: hit.article.lang,
      topic: hit.article.topic,
      score: Math.round(hit.score * 1000) / 1000,
      snippet: buildSnippet(hit.article.text, hit.article.lang, hit.matchedTerms),
    })),
  };
}

async function runSearch(
  words: QueryWord[],
  options: { audience: SearchAudience; lang?: TContentLanguage | undefined; topic?: TTopicKey | undefined; limit: number },
): Promise<SearchHit[]> {
  if (words.length === 0) return [];
  const index = await getSearchIndex();
  return index.search(words, { visibilities: visibilitiesFor(options.audience), lang: options.lang, topic: options.topic }, options.limit);
}

/** The query's words with accents and Arabic letter variants folded, to group gaps. */
function gapKey(query: string): string {
  return tokenize(query)
    .map((token) => (token.script === 'arabic' ? normalizeArabic(token.text) : foldLatin(token.text)))
    .join(' ')
    .slice(0, MAX_RECORDED_QUERY);
}

/**
 * Ranked published articles for a query. A query with words that finds nothing is recorded as a
 * content gap; a query without any word (empty, punctuation, emoji) simply finds nothing.
 */
export async function searchArticles(
  params: { q: string; lang?: TContentLanguage | undefined; topic?: TTopicKey | undefined; limit: number },
  audience: SearchAudience,
): Promise<TSearchResponse> {
  const words = analyzeQuery(params.q);
  const hits = await runSearch(words, { audience, lang: params.lang, topic: params.topic, limit: params.limit });
  const key = gapKey(params.q);
  if (hits.length === 0 && words.length > 0 && key.length > 0) {
    await ZeroResultSearchModel.create({ query: params.q.trim().slice(0, MAX_RECORDED_QUERY), key, audience });
  }
  return toResults(hits);
}

/** The articles most likely to answer a ticket, from its subject, description and last message. */
export async function suggestArticlesForText(text: string, lang?: TContentLanguage): Promise<TSearchResponse> {
  return toResults(await runSearch(analyzeQuery(text), { audience: 'staff', lang, limit: TICKET_SUGGESTIONS }), true);
}

/** Public articles matching a request while it is typed: the last, unfinished word matches as a prefix. */
export async function suggestWhileTyping(text: string, lang?: TContentLanguage): Promise<TSearchResponse> {
  return toResults(await runSearch(analyzeQuery(text, { typing: true }), { audience: 'public', lang, limit: TYPING_SUGGESTIONS }));
}
