import type { TTicketSearchQuery, TTicketSearchResult, TTicketSearchResults } from '@mowakaba/shared/schemas/ticket-search';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { getVisibility, isVisible, type Actor, type Visibility } from '../../access/access-rule.js';
import { AppError } from '../../errors.js';
import { getStorage } from '../../platform/storage/index.js';
import { analyzeQuery, MAX_QUERY_WORDS } from '../../platform/text-analysis/analyze.js';
import { resolveQueryWord } from '../../platform/text-analysis/resolve-query-word.js';
import { findSnippet } from '../../platform/text-analysis/snippet.js';
import { getTicketById, parseTicketSearch } from '../tickets/tickets.service.js';
import {
  accessCodeOf,
  decodePostings,
  IMPACT_LEVELS,
  INTERNAL_KINDS,
  kindBit,
  kindsOfMask,
  postingsKey,
  SOURCE_KINDS,
  termsOfText,
  type PostingAccess,
  type SearchSource,
  type TicketSearchState,
} from './domain/ticket-search-document.js';
import { defineAppState } from '../../platform/app-state.js';
import { findTicketIdByReference, readPostings, readSearchAccess, readSearchResultStates } from './ticket-search.store.js';
import { TicketSearchVocabulary } from './ticket-search-vocabulary.js';
import { postingsCacheOfApp } from './postings-cache.js';
import { searchResultCacheOfApp } from './search-result-cache.js';

// Each app's copy of the vocabulary (an app started on another database loads it afresh).
const vocabularyOfApp = defineAppState(() => new TicketSearchVocabulary());

/** This process changed the index: the next search of each of its apps reads the vocabulary's revisions. */
export const markTicketSearchVocabularyStale = () => vocabularyOfApp.forEach((vocabulary) => vocabulary.markStale());

/** Staff read internal notes and call notes; every console role is staff today. */
const readsInternalTexts = (actor: Actor) => ['agent', 'supervisor', 'admin'].includes(actor.role);
const PUBLIC_MASK = SOURCE_KINDS.filter((kind) => !INTERNAL_KINDS.has(kind)).reduce((mask, kind) => mask | kindBit(kind), 0);

/** Postings documents read per query at most: past it, the best of the newest shards answer. */
const MAX_POSTINGS_READS = 48;
/**
 * Postings documents read together at most, so they come in one round of parallel reads. The first
 * round reads the newest shards (days) that together hold enough tickets with the query's rarest
 * word to fill the page — no fewer can, since only those tickets can match every word — and each
 * round after twice as many: a query of common words often finds enough full matches in its first
 * day (at a million tickets, a first round of six days' postings of three common words, decoded
 * whole, cost most of an 800 ms answer under load), a rare one reads the days it needs at once
 * rather than one, two, four… in turn, each round waiting for its slowest read.
 */
const READS_PER_ROUND = 16;
/** Enough tickets matching every word, beyond the page asked for, to stop reading older shards. */
const FULL_MATCH_MARGIN = 10;
export const MAX_CANDIDATES = 1_000;

interface Candidate {
  ticketId: string;
  score: number;
  matchedWords: number;
  mask: number;
}

interface RankedQuery {
  candidates: Candidate[];
  /** Every index term the query matched, for marking words in snippets. */
  terms: Set<string>;
  /** Older shards were left unread: a later page may find more. */
  partial: boolean;
}

const newerFirst = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

/**
 * Whether a posting may be the actor's, from the codes it carries: an agent's search drops another
 * team's tickets there, unread. A posting without codes (written before them) is kept for the full check.
 */
function postingScreen(visibility: Visibility): (access: PostingAccess | undefined) => boolean {
  if (visibility.everything) return () => true;
  const teams = new Set(['-', ...visibility.teamIds.map(accessCodeOf)]);
  const actor = accessCodeOf(visibility.actorId);
  return (access) => access === undefined || teams.has(access.team) || access.assignee === actor;
}

/** The encoded postings of each key: those this node kept under their term's current revision, the others read (and kept). */
async function readPostingsKept(keys: Array<{ key: string; term: string }>, vocabulary: TicketSearchVocabulary): Promise<Map<string, string>> {
  const kept = postingsCacheOfApp();
  const postings = new Map<string, string>();
  const missing: Array<{ key: string; revision: number }> = [];
  for (const { key, term } of keys) {
    const revision = vocabulary.revisionOf(term);
    const encoded = kept.get(key, revision);
    if (encoded === undefined) missing.push({ key, revision });
    else postings.set(key, encoded);
  }
  const read = await readPostings(missing.map(({ key }) => key));
  for (const { key, revision } of missing) {
    const encoded = read.get(key) ?? '';
    kept.keep(key, revision, encoded);
    postings.set(key, encoded);
  }
  return postings;
}

/**
 * Ranks tickets for a query. Each word stands for the terms it resolves to (exact, Darija, Arabizi,
 * typo), each worth BM25's inverse document frequency times the impact stored in the postings; a
 * word adds its best term, and a ticket's sum is scaled by the share of words it matched. Postings
 * are read shard by shard, newest first, only in the shards where the query's rarest word occurs,
 * until enough tickets match every word: the strongest recent matches come first, and a query over
 * common words never reads a million postings.
 */
async function rankTickets(q: string, actor: Actor, visibility: Visibility, wanted: number): Promise<RankedQuery> {
  const vocabulary = vocabularyOfApp();
  await vocabulary.refresh(getStorage().clock.now().getTime());
  const seen = new Set<string>();
  const words = analyzeQuery(q)
    .map((word) => resolveQueryWord(word, vocabulary))
    .filter((terms) => {
      const key = [...terms.keys()].sort().join(' ');
      if (terms.size === 0 || seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_QUERY_WORDS);
  const terms = new Set(words.flatMap((word) => [...word.keys()]));
  if (words.length === 0) return { candidates: [], terms, partial: false };

  const total = Math.max(vocabulary.ticketCount, 1);
  const termInfo = new Map(
    [...terms].map((term) => {
      const shards = vocabulary.shardsOf(term);
      const frequency = [...shards.values()].reduce((sum, count) => sum + count, 0);
      return [term, { shards, frequency, idf: Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5)) }];
    }),
  );
  const frequencyOfWord = (word: Map<string, number>) => [...word.keys()].reduce((sum, term) => sum + termInfo.get(term)!.frequency, 0);
  const rarest = words.reduce((best, word) => (frequencyOfWord(word) < frequencyOfWord(best) ? word : best));
  const shards = [...new Set([...rarest.keys()].flatMap((term) => [...termInfo.get(term)!.shards.keys()]))].sort(newerFirst);

  const internal = readsInternalTexts(actor);
  const mayBeVisible = postingScreen(visibility);
  const scores = new Map<string, Candidate>();
  let fullMatches = 0;
  let reads = 0;
  let shardIndex = 0;
  let budgetSpent = false;
  const rarestWordTickets = (shard: string) => [...rarest.keys()].reduce((sum, term) => sum + (termInfo.get(term)!.shards.get(shard) ?? 0), 0);
  let shardsPerRound = 1;
  for (let held = shards.length > 0 ? rarestWordTickets(shards[0]!) : 0; shardsPerRound < shards.length && held < wanted + FULL_MATCH_MARGIN; shardsPerRound += 1) {
    held += rarestWordTickets(shards[shardsPerRound]!);
  }
  while (shardIndex < shards.length && !budgetSpent && fullMatches < wanted + FULL_MATCH_MARGIN) {
    const keys: Array<{ key: string; term: string }> = [];
    const roundEnd = shardIndex + shardsPerRound;
    shardsPerRound *= 2;
    while (shardIndex < shards.length && shardIndex < roundEnd && keys.length < READS_PER_ROUND) {
      const shard = shards[shardIndex]!;
      const shardKeys = [...terms].filter((term) => termInfo.get(term)!.shards.has(shard)).map((term) => ({ key: postingsKey(term, shard), term }));
      // The budget counts documents, not shards: a query of many terms (typos, Arabizi spellings)
      // reads fewer shards. A shard is read whole or not at all, and the first one always.
      if (reads + keys.length > 0 && reads + keys.length + shardKeys.length > MAX_POSTINGS_READS) {
        budgetSpent = true;
        break;
      }
      keys.push(...shardKeys);
      shardIndex += 1;
    }
    reads += keys.length;
    const postings = await readPostingsKept(keys, vocabulary);
    // Per ticket, each word's best term score in this round (a ticket lives in one shard).
    const wordScores = new Map<string, Float64Array>();
    for (const { key, term } of keys) {
      const { idf } = termInfo.get(term)!;
      for (const [ticketId, { impact, mask, access }] of decodePostings(postings.get(key) ?? '')) {
        if (!internal && (mask & PUBLIC_MASK) === 0) continue;
        if (!mayBeVisible(access)) continue;
        let perWord = wordScores.get(ticketId);
        if (!perWord) wordScores.set(ticketId, (perWord = new Float64Array(words.length)));
        let candidate = scores.get(ticketId);
        if (!candidate) scores.set(ticketId, (candidate = { ticketId, score: 0, matchedWords: 0, mask: 0 }));
        candidate.mask |= internal ? mask : mask & PUBLIC_MASK;
        words.forEach((word, index) => {
          const weight = word.get(term);
          if (weight !== undefined) perWord![index] = Math.max(perWord![index]!, idf * weight * (impact / IMPACT_LEVELS));
        });
      }
    }
    for (const [ticketId, perWord] of wordScores) {
      const candidate = scores.get(ticketId)!;
      candidate.matchedWords = perWord.reduce((count, score) => count + (score > 0 ? 1 : 0), 0);
      candidate.score = (perWord.reduce((sum, score) => sum + score, 0) * candidate.matchedWords) / words.length;
      if (candidate.matchedWords === words.length) fullMatches += 1;
    }
  }
  const candidates = [...scores.values()]
    .sort((a, b) => b.score - a.score || newerFirst(a.ticketId, b.ticketId))
    .slice(0, MAX_CANDIDATES);
  return { candidates, terms, partial: shardIndex < shards.length };
}

// A kept result document's sources are the same objects from one search to the next: analysed once.
const analysedSources = new WeakMap<SearchSource, Set<string>>();
function termsOfSource(source: SearchSource, language: TicketSearchState['language']): Set<string> {
  let terms = analysedSources.get(source);
  if (!terms) analysedSources.set(source, (terms = new Set(termsOfText(source.text, language))));
  return terms;
}

/** The source that shows best why a ticket matched: the most query terms, then the subject before the rest. */
function bestSource(sources: SearchSource[], terms: Set<string>, language: TicketSearchState['language'], internal: boolean) {
  let best: { source: SearchSource; matched: number } | undefined;
  for (const source of sources) {
    if (!internal && INTERNAL_KINDS.has(source.kind)) continue;
    let matched = 0;
    for (const term of termsOfSource(source, language)) if (terms.has(term)) matched += 1;
    if (matched === 0) continue;
    if (!best || matched > best.matched || (matched === best.matched && SOURCE_KINDS.indexOf(source.kind) < SOURCE_KINDS.indexOf(best.source.kind))) {
      best = { source, matched };
    }
  }
  return best?.source;
}

/** The result documents of these tickets: those this node kept, the others read (and kept). */
async function resultStates(ticketIds: readonly string[]): Promise<Map<string, TicketSearchState>> {
  const cache = searchResultCacheOfApp();
  const states = new Map<string, TicketSearchState>();
  const missing: string[] = [];
  for (const id of ticketIds) {
    const kept = cache.get(id);
    if (kept) states.set(id, kept);
    else missing.push(id);
  }
  for (const { state, position } of await readSearchResultStates(missing)) {
    cache.offer(state, position);
    states.set(state.ticketId, state);
  }
  return states;
}

const isForbidden = (error: unknown) => error instanceof AppError && (error.code === 'forbidden' || error.code === 'not_found');

/**
 * This node's ticket directory, as far as search uses it: the version it holds of each ticket
 * (current with this node's own changes once `settled`), as the lists use it.
 */
export interface TicketVersions {
  ensureLoaded(): Promise<number>;
  settled(): Promise<void>;
  readonly directory: { versionOf(id: string): number | undefined };
}

/**
 * The ticket if the actor may see it: the index's copy of its team screens first. The index's copy
 * of the ticket answers when the directory holds that same version (the lists' view of it: no read);
 * otherwise the ticket itself, read and judged by the access rule.
 */
async function visibleTicket(
  ticketId: string,
  state: TicketSearchState | undefined,
  visibility: Visibility,
  actor: Actor,
  versions: TicketVersions | undefined,
): Promise<TTicket | null> {
  if (state && !isVisible(visibility, { personIds: [state.assigneeId], teamIds: [state.teamId] })) return null;
  const row = state?.ticket;
  if (row && row.version === state.version && versions?.directory.versionOf(ticketId) === row.version) return row;
  return getTicketById(ticketId, actor).catch((error: unknown) => {
    if (isForbidden(error)) return null;
    throw error;
  });
}

/** One page of search results the actor may see, best first, with where each matched and a snippet. */
export async function searchTickets(query: TTicketSearchQuery, actor: Actor, versions?: TicketVersions): Promise<TTicketSearchResults> {
  const offset = query.cursor ? Number(query.cursor) : 0;
  const [visibility, referenced] = await Promise.all([getVisibility(actor), referencedTicketId(query.q), versions?.ensureLoaded()]);
  await versions?.settled();
  const ranked = await rankTickets(query.q, actor, visibility, offset + query.limit);
  const ordered: Candidate[] = referenced
    ? [{ ticketId: referenced, score: Number.POSITIVE_INFINITY, matchedWords: 0, mask: 0 }, ...ranked.candidates.filter((candidate) => candidate.ticketId !== referenced)]
    : ranked.candidates;
  const internal = readsInternalTexts(actor);
  const results: TTicketSearchResult[] = [];
  let next = offset;
  while (results.length < query.limit && next < ordered.length) {
    // A few more than the page for a reader who may not see them all (an agent); exactly the page for one who sees everything.
    const chunk = ordered.slice(next, next + (query.limit - results.length) + (visibility.everything ? 0 : 4));
    const stored = await resultStates(chunk.map((candidate) => candidate.ticketId));
    const tickets = await Promise.all(chunk.map((candidate) => visibleTicket(candidate.ticketId, stored.get(candidate.ticketId), visibility, actor, versions)));
    for (const [index, candidate] of chunk.entries()) {
      next += 1;
      const ticket = tickets[index];
      if (!ticket) continue;
      const state = stored.get(candidate.ticketId);
      const source = state ? bestSource(state.sources, ranked.terms, state.language, internal) : undefined;
      results.push({
        ticket,
        score: Number.isFinite(candidate.score) ? Math.round(candidate.score * 1000) / 1000 : 1_000,
        matchedIn: kindsOfMask(candidate.mask),
        snippet: source ? { kind: source.kind, ...findSnippet(source.text, state!.language, ranked.terms) } : null,
      });
      if (results.length === query.limit) break;
    }
  }
  const more = next < ordered.length || (ranked.partial && ordered.length > 0);
  return { results, nextCursor: more ? String(next) : null };
}

async function referencedTicketId(q: string): Promise<string | null> {
  const { reference } = parseTicketSearch(q.trim());
  return reference ? findTicketIdByReference(reference) : null;
}

/**
 * Ticket ids for a query, best first, limited to what the actor may see: for lists that merge a
 * text search with their own filters (GET /api/tickets?q=).
 */
export async function searchTicketIds(q: string, actor: Actor, limit: number): Promise<string[]> {
  const [visibility, referenced] = await Promise.all([getVisibility(actor), referencedTicketId(q)]);
  const ranked = await rankTickets(q, actor, visibility, limit);
  const ids = [...new Set([...(referenced ? [referenced] : []), ...ranked.candidates.map((candidate) => candidate.ticketId)])];
  if (visibility.everything) return ids.slice(0, limit);
  const stored = await readSearchAccess(ids.slice(0, Math.max(limit * 4, 100)));
  return ids
    .filter((id) => {
      const access = stored.get(id);
      return access !== undefined && isVisible(visibility, { personIds: [access.assigneeId], teamIds: [access.teamId] });
    })
    .slice(0, limit);
}
