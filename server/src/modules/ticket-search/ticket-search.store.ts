import type mongoose from 'mongoose';
import { mapConcurrently } from '../../database/map-concurrently.js';
import type { TContentLanguage } from '@mowakaba/shared/constants';
import { decodeTermImpacts, encodeTermImpacts, type SearchSource, type TermImpact, type TicketSearchState } from './domain/ticket-search-document.js';
import {
  TicketSearchDocumentModel,
  TicketSearchPostingsModel,
  TicketSearchReferenceModel,
  TicketSearchVocabularyModel,
} from './ticket-search.model.js';

/** A ticket's state in the index with its terms as stored, and the feed position last applied to it. */
export interface StoredTicketSearch {
  state: TicketSearchState;
  terms: Map<string, TermImpact>;
  position: number;
}

interface SearchDocumentRecord {
  _id: string;
  shard: string;
  version: number;
  language: string;
  teamId: string | null;
  assigneeId: string | null;
  erased: boolean;
  sources: string;
  terms: string;
  position?: number;
  ticket?: string;
}

const READ_CONCURRENCY = 8;
/**
 * Writes go in bulk commands this small: FerretDB 1.24 applies one update command's statements in
 * one transaction, which slows down far faster than the statement count (measured: 50 replacements
 * of 20 KB documents 0.24 s, 200 of them over two minutes).
 */
const WRITE_BATCH = 16;

function toState(record: Omit<SearchDocumentRecord, 'terms'>): TicketSearchState {
  return {
    ticketId: record._id,
    shard: record.shard,
    version: record.version,
    language: record.language as TContentLanguage,
    teamId: record.teamId,
    assigneeId: record.assigneeId,
    erased: record.erased,
    sources: JSON.parse(record.sources) as SearchSource[],
    ...(record.ticket ? { ticket: JSON.parse(record.ticket) as TicketSearchState['ticket'] } : {}),
  };
}

function toStored(record: SearchDocumentRecord): StoredTicketSearch {
  return {
    state: toState(record),
    terms: decodeTermImpacts(record.terms),
    position: record.position ?? 0,
  };
}

export function toSearchDocumentRecord(state: TicketSearchState, terms: Map<string, TermImpact>, position: number) {
  return {
    _id: state.ticketId,
    shard: state.shard,
    version: state.version,
    language: state.language,
    teamId: state.teamId,
    assigneeId: state.assigneeId,
    erased: state.erased,
    sources: JSON.stringify(state.sources),
    terms: encodeTermImpacts(terms),
    position,
    ...(state.ticket ? { ticket: JSON.stringify(state.ticket) } : {}),
  };
}

export async function readTicketSearchDocuments(ticketIds: readonly string[]): Promise<Map<string, StoredTicketSearch>> {
  const records = await mapConcurrently(ticketIds, READ_CONCURRENCY, (id) => TicketSearchDocumentModel.findById(id).lean<SearchDocumentRecord>());
  return new Map(records.filter((record) => record !== null).map((record) => [record._id, toStored(record)]));
}

/**
 * What a result page shows of each ticket (texts for snippets, the row, who may see it), without the
 * terms only the indexer reads: the native driver, no mongoose documents, a third of the bytes.
 */
export async function readSearchResultStates(ticketIds: readonly string[]): Promise<Array<{ state: TicketSearchState; position: number }>> {
  const collection = TicketSearchDocumentModel.collection;
  const records = await mapConcurrently(ticketIds, READ_CONCURRENCY, (id) =>
    collection.findOne<Omit<SearchDocumentRecord, 'terms'>>({ _id: id as never }, { projection: { terms: 0 } }),
  );
  return records.filter((record) => record !== null).map((record) => ({ state: toState(record), position: record.position ?? 0 }));
}

/** Who works each ticket, as the index knows it (the access check of a merged list search). */
export async function readSearchAccess(ticketIds: readonly string[]): Promise<Map<string, Pick<TicketSearchState, 'teamId' | 'assigneeId'>>> {
  const collection = TicketSearchDocumentModel.collection;
  const records = await mapConcurrently(ticketIds, READ_CONCURRENCY, (id) =>
    collection.findOne<{ _id: string; teamId: string | null; assigneeId: string | null }>({ _id: id as never }, { projection: { teamId: 1, assigneeId: 1 } }),
  );
  return new Map(records.filter((record) => record !== null).map((record) => [record._id, { teamId: record.teamId, assigneeId: record.assigneeId }]));
}

export async function writeTicketSearchDocuments(documents: ReturnType<typeof toSearchDocumentRecord>[]): Promise<void> {
  for (let start = 0; start < documents.length; start += WRITE_BATCH) {
    await TicketSearchDocumentModel.bulkWrite(
      documents.slice(start, start + WRITE_BATCH).map((document) => ({ replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true } })),
      { ordered: false },
    );
  }
}

/** Forgets removed tickets: their documents and the references that led to them. */
export async function deleteTicketSearchDocuments(removed: Array<{ ticketId: string; reference: string }>): Promise<void> {
  if (removed.length === 0) return;
  await Promise.all([
    TicketSearchDocumentModel.deleteMany({ _id: { $in: removed.map((ticket) => ticket.ticketId) } }),
    ...removed.map(({ reference, ticketId }) => TicketSearchReferenceModel.deleteOne({ _id: reference, ticketId })),
  ]);
}

/** The encoded postings of each key, absent keys left out. */
export async function readPostings(keys: readonly string[]): Promise<Map<string, string>> {
  const records = await mapConcurrently(keys, READ_CONCURRENCY, (key) => TicketSearchPostingsModel.findById(key).lean<{ _id: string; postings: string }>());
  return new Map(records.filter((record) => record !== null).map((record) => [record._id, record.postings]));
}

/** Replaces postings documents; an empty string removes one. */
export async function writePostings(postings: Map<string, string>): Promise<void> {
  const operations = [...postings].map(([key, encoded]) =>
    encoded ? { replaceOne: { filter: { _id: key }, replacement: { _id: key, postings: encoded }, upsert: true } } : { deleteOne: { filter: { _id: key } } },
  );
  for (let start = 0; start < operations.length; start += WRITE_BATCH) {
    await TicketSearchPostingsModel.bulkWrite(operations.slice(start, start + WRITE_BATCH), { ordered: false });
  }
}

const REVISIONS_ID = 'revisions';
const bucketId = (bucket: number) => `b${bucket}`;

export async function readVocabularyBuckets(buckets: readonly number[]): Promise<Map<number, { terms: string; revision: number }>> {
  const records = await mapConcurrently(buckets, READ_CONCURRENCY, (bucket) =>
    TicketSearchVocabularyModel.findById(bucketId(bucket)).lean<{ terms: string; revision: number }>(),
  );
  return new Map(buckets.map((bucket, index) => [bucket, { terms: records[index]?.terms ?? '', revision: records[index]?.revision ?? 0 }]));
}

/** Every bucket at once: one pass over a small collection, at a node's first search. */
export async function readAllVocabularyBuckets(): Promise<Map<number, { terms: string; revision: number }>> {
  const records = await TicketSearchVocabularyModel.find({}).lean<Array<{ _id: string; terms: string; revision: number }>>();
  return new Map(records.filter((record) => record._id !== REVISIONS_ID).map((record) => [Number(record._id.slice(1)), { terms: record.terms, revision: record.revision }]));
}

/** Writes buckets, then the revisions that tell every node to reload them. */
export async function writeVocabularyBuckets(buckets: Map<number, { terms: string; revision: number }>, revisions: number[]): Promise<void> {
  const operations = [...buckets].map(([bucket, { terms, revision }]) => ({
    replaceOne: { filter: { _id: bucketId(bucket) }, replacement: { _id: bucketId(bucket), terms, revision }, upsert: true },
  }));
  for (let start = 0; start < operations.length; start += WRITE_BATCH) {
    await TicketSearchVocabularyModel.bulkWrite(operations.slice(start, start + WRITE_BATCH), { ordered: false });
  }
  await TicketSearchVocabularyModel.replaceOne({ _id: REVISIONS_ID }, { _id: REVISIONS_ID, revisions: revisions.join(',') }, { upsert: true });
}

/** Each bucket's revision (0 for a bucket never written). */
export async function readVocabularyRevisions(bucketCount: number): Promise<number[]> {
  const record = await TicketSearchVocabularyModel.findById(REVISIONS_ID).lean<{ revisions: string }>();
  const revisions = record?.revisions ? record.revisions.split(',').map(Number) : [];
  return Array.from({ length: bucketCount }, (_, bucket) => revisions[bucket] ?? 0);
}

export async function writeReferences(references: Array<{ reference: string; ticketId: string }>): Promise<void> {
  if (references.length === 0) return;
  await TicketSearchReferenceModel.bulkWrite(
    references.map(({ reference, ticketId }) => ({ replaceOne: { filter: { _id: reference }, replacement: { _id: reference, ticketId }, upsert: true } })),
    { ordered: false },
  );
}

export async function findTicketIdByReference(reference: string): Promise<string | null> {
  return (await TicketSearchReferenceModel.findById(reference).lean<{ ticketId: string }>())?.ticketId ?? null;
}

/** Empties the index (before a rebuild). */
export async function clearTicketSearch(): Promise<void> {
  await Promise.all([
    TicketSearchDocumentModel.deleteMany({}),
    TicketSearchPostingsModel.deleteMany({}),
    TicketSearchVocabularyModel.deleteMany({}),
    TicketSearchReferenceModel.deleteMany({}),
  ]);
}

const INSERT_BATCH = 1_000;

/** Inserts a rebuild's documents into the emptied collections: inserts cost FerretDB far less than upserts. */
export async function insertRebuilt(built: {
  postings?: Array<{ _id: string; postings: string }>;
  documents?: ReturnType<typeof toSearchDocumentRecord>[];
  references?: Array<{ reference: string; ticketId: string }>;
}): Promise<void> {
  const insert = async <T>(model: mongoose.Model<any>, items: T[]) => {
    for (let start = 0; start < items.length; start += INSERT_BATCH) await model.insertMany(items.slice(start, start + INSERT_BATCH), { ordered: false, lean: true });
  };
  await insert(TicketSearchPostingsModel, built.postings ?? []);
  await insert(TicketSearchDocumentModel, built.documents ?? []);
  await insert(TicketSearchReferenceModel, (built.references ?? []).map(({ reference, ticketId }) => ({ _id: reference, ticketId })));
}

/** Everything the index holds, for comparing a maintained index with a rebuild (tests). */
export async function readWholeTicketSearch() {
  const [documents, postings, vocabulary, references] = await Promise.all([
    TicketSearchDocumentModel.find({}).lean<SearchDocumentRecord[]>(),
    TicketSearchPostingsModel.find({}).lean<Array<{ _id: string; postings: string }>>(),
    TicketSearchVocabularyModel.find({ _id: { $ne: REVISIONS_ID } }).lean<Array<{ _id: string; terms: string }>>(),
    TicketSearchReferenceModel.find({}).lean<Array<{ _id: string; ticketId: string }>>(),
  ]);
  return { documents, postings, vocabulary, references };
}
