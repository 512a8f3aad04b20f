import type { TContentLanguage } from '@mowakaba/shared/constants';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import type { TTicketSearchSourceKind } from '@mowakaba/shared/schemas/ticket-search';
import { documentTerms } from '../../../platform/text-analysis/analyze.js';
import { tokenize } from '../../../platform/text-analysis/tokenize.js';

/** One searchable text of a ticket: its subject, description, a timeline entry's body or a call's notes. */
export interface SearchSource {
  /** `subject`, `description`, `e:<entry id>` or `c:<call sid>`: a later change replaces the same key. */
  key: string;
  kind: TTicketSearchSourceKind;
  text: string;
}

/** What the index holds about one ticket, enough to remove or replace its postings later. */
export interface TicketSearchState {
  ticketId: string;
  /** The postings shard: the ticket's creation day (UTC), `YYYYMMDD`; the newest shards are read first. */
  shard: string;
  /** The ticket version last applied; 0 before any. */
  version: number;
  language: TContentLanguage;
  teamId: string | null;
  assigneeId: string | null;
  /** The ticket was anonymised: texts from before are forgotten. */
  erased: boolean;
  sources: SearchSource[];
  /**
   * The ticket as a result row shows it, at `version`: a search shows it without reading the ticket
   * when this node's ticket directory holds the same version. Absent in documents written before.
   */
  ticket?: TTicket;
}

/** A term's weight in one ticket: quantised BM25 term frequency, and the kinds of text it occurs in. */
export interface TermImpact {
  impact: number;
  mask: number;
}

export const SOURCE_KINDS: readonly TTicketSearchSourceKind[] = ['subject', 'description', 'public-reply', 'internal-note', 'call', 'message'];
/** Texts only staff may read (all console users today); kept apart so a future reader without the right never sees them. */
export const INTERNAL_KINDS: ReadonlySet<TTicketSearchSourceKind> = new Set(['internal-note', 'call']);
/** A subject word counts three times a word of the body. */
const KIND_WEIGHTS: Record<TTicketSearchSourceKind, number> = { subject: 3, description: 1, 'public-reply': 1, 'internal-note': 1, call: 1, message: 1 };
/** Every indexed ticket holds this term: its postings count the tickets of a shard, its document frequency all of them. */
export const ALL_TICKETS_TERM = '\u0000';
/** A long source is cut here: its start says what it is about, and it bounds what one ticket costs. */
export const MAX_SOURCE_CHARS = 4_000;

const K1 = 1.2;
const B = 0.75;
/** BM25's average length, fixed rather than measured, so a ticket's stored impacts never depend on the others. */
const AVERAGE_WEIGHTED_LENGTH = 60;
export const IMPACT_LEVELS = 99;

export const kindBit = (kind: TTicketSearchSourceKind) => 1 << SOURCE_KINDS.indexOf(kind);
export const kindsOfMask = (mask: number) => SOURCE_KINDS.filter((kind) => (mask & kindBit(kind)) !== 0);

/** The creation day of a ticket as its shard key. */
export function shardOf(createdAt: string | Date): string {
  return new Date(createdAt).toISOString().slice(0, 10).replace(/-/g, '');
}

/** The terms of one source text, analysed as the knowledge base does (the ticket's language picks the Latin stemmer). */
export function termsOfText(text: string, language: TContentLanguage): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) terms.push(...documentTerms(token, language));
  return terms;
}

/** Every term of the ticket with its impact; the all-tickets term included. */
export function computeTermImpacts(state: TicketSearchState): Map<string, TermImpact> {
  const frequencies = new Map<string, { frequency: number; mask: number }>();
  let length = 0;
  for (const source of state.sources) {
    const weight = KIND_WEIGHTS[source.kind];
    const bit = kindBit(source.kind);
    for (const term of termsOfText(source.text, state.language)) {
      length += weight;
      const current = frequencies.get(term) ?? { frequency: 0, mask: 0 };
      current.frequency += weight;
      current.mask |= bit;
      frequencies.set(term, current);
    }
  }
  const impacts = new Map<string, TermImpact>([[ALL_TICKETS_TERM, { impact: 0, mask: 0 }]]);
  const norm = K1 * (1 - B + (B * length) / AVERAGE_WEIGHTED_LENGTH);
  for (const [term, { frequency, mask }] of frequencies) {
    const score = (frequency * (K1 + 1)) / (frequency + norm);
    impacts.set(term, { impact: Math.max(1, Math.round((score / (K1 + 1)) * IMPACT_LEVELS)), mask });
  }
  return impacts;
}

/** A ticket's terms as stored on its search document: `term impact mask` lines, sorted. */
export function encodeTermImpacts(impacts: Map<string, TermImpact>): string {
  return [...impacts]
    .map(([term, { impact, mask }]) => `${term}\t${impact}\t${mask}`)
    .sort()
    .join('\n');
}

export function decodeTermImpacts(encoded: string): Map<string, TermImpact> {
  const impacts = new Map<string, TermImpact>();
  if (!encoded) return impacts;
  for (const line of encoded.split('\n')) {
    const [term, impact, mask] = line.split('\t');
    impacts.set(term!, { impact: Number(impact), mask: Number(mask) });
  }
  return impacts;
}

/**
 * Who may see a posting's ticket, in a few characters: a short code of its team and of its assignee
 * (`-` for none). Different codes mean different ids, so a search drops another team's candidates
 * without reading them; equal codes may still differ (a collision costs a read, never a result).
 */
export interface PostingAccess {
  team: string;
  assignee: string;
}

/** The code of an id (a team's, a person's): 6 base-36 characters of its FNV-1a hash; `-` for none. */
export function accessCodeOf(id: string | null | undefined): string {
  if (!id) return '-';
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index += 1) hash = Math.imul(hash ^ id.charCodeAt(index), 0x01000193) >>> 0;
  return hash.toString(36).padStart(6, '0').slice(-6);
}

export const postingAccessOf = (state: Pick<TicketSearchState, 'teamId' | 'assigneeId'>): PostingAccess => ({
  team: accessCodeOf(state.teamId),
  assignee: accessCodeOf(state.assigneeId),
});

/** A posting: the term's weight in the ticket and, once written by this version, who may see it. */
export interface Posting extends TermImpact {
  access?: PostingAccess;
}

/** One ticket in a term's postings: `<ticket id>,<impact>,<mask>,<team code>,<assignee code>` (older postings end at the mask). */
export const encodePosting = (ticketId: string, { impact, mask, access }: Posting) =>
  access ? `${ticketId},${impact},${mask},${access.team},${access.assignee}` : `${ticketId},${impact},${mask}`;

export function decodePostings(encoded: string): Map<string, Posting> {
  const postings = new Map<string, Posting>();
  if (!encoded) return postings;
  for (const item of encoded.split(';')) {
    const [ticketId, impact, mask, team, assignee] = item.split(',');
    const posting: Posting = { impact: Number(impact), mask: Number(mask) };
    if (team !== undefined && assignee !== undefined) posting.access = { team, assignee };
    postings.set(ticketId!, posting);
  }
  return postings;
}

export function encodePostings(postings: Map<string, Posting>): string {
  return [...postings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([ticketId, posting]) => encodePosting(ticketId, posting)).join(';');
}

/** The postings document of a term in a shard. */
export const postingsKey = (term: string, shard: string) => `${term}|${shard}`;

/** A term's shards and how many tickets of each hold it: `shard:count,…`, newest first. */
export function encodeShardCounts(counts: Map<string, number>): string {
  return [...counts]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([shard, count]) => `${shard}:${count}`)
    .join(',');
}

export function decodeShardCounts(encoded: string): Map<string, number> {
  const counts = new Map<string, number>();
  if (!encoded) return counts;
  for (const item of encoded.split(',')) {
    const [shard, count] = item.split(':');
    counts.set(shard!, Number(count));
  }
  return counts;
}

/** Vocabulary documents: terms spread over this many, so a batch rewrites only the few its terms fall in. */
export const VOCABULARY_BUCKETS = 1024;

/** The vocabulary bucket of a term (FNV-1a). */
export function bucketOf(term: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < term.length; index++) {
    hash ^= term.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % VOCABULARY_BUCKETS;
}

/** A vocabulary bucket: `term<TAB>shard:count,…` lines. */
export function decodeVocabularyBucket(encoded: string): Map<string, string> {
  const terms = new Map<string, string>();
  if (!encoded) return terms;
  for (const line of encoded.split('\n')) {
    const tab = line.indexOf('\t');
    terms.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return terms;
}

export function encodeVocabularyBucket(terms: Map<string, string>): string {
  return [...terms]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([term, shards]) => `${term}\t${shards}`)
    .join('\n');
}

/** The number of tickets holding a term, from its `shard:count` list (without decoding it all). */
export function documentFrequencyOf(encodedShards: string): number {
  let total = 0;
  let index = encodedShards.indexOf(':');
  while (index !== -1) {
    const end = encodedShards.indexOf(',', index);
    total += Number(encodedShards.slice(index + 1, end === -1 ? undefined : end));
    index = end === -1 ? -1 : encodedShards.indexOf(':', end);
  }
  return total;
}
