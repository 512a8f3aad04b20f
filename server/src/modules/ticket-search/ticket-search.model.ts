import mongoose from 'mongoose';

// Ticket search lives in documents keyed by _id, the one lookup FerretDB 1.24 answers without
// reading the whole collection; lists are stored as joined strings, since FerretDB stores every
// array element with its own type information and reads arrays slowly.

/** One ticket as the index knows it (`_id`: the ticket id): its texts and terms, to replace or remove its postings. */
const ticketSearchDocumentSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    shard: { type: String, required: true },
    version: { type: Number, required: true },
    language: { type: String, required: true },
    teamId: { type: String, default: null },
    assigneeId: { type: String, default: null },
    erased: { type: Boolean, default: false },
    /** JSON of [{ key, kind, text }]. */
    sources: { type: String, default: '[]' },
    /** `term<TAB>impact<TAB>kind mask` lines (see encodeTermImpacts). */
    terms: { type: String, default: '' },
    /** JSON of the ticket as a result row shows it, at `version` (absent on documents from before). */
    ticket: { type: String },
    /** The change-feed position last applied: a replayed entry at or before it changes nothing. */
    position: { type: Number, default: 0 },
  },
  { versionKey: false, collection: 'ticket_search_documents' },
);
export const TicketSearchDocumentModel = mongoose.model('TicketSearchDocument', ticketSearchDocumentSchema);

/** The tickets of one shard holding one term (`_id`: `term|shard`): `ticketId,impact,mask;…`. */
const ticketSearchPostingsSchema = new mongoose.Schema(
  { _id: { type: String, required: true }, postings: { type: String, required: true } },
  { versionKey: false, collection: 'ticket_search_postings' },
);
export const TicketSearchPostingsModel = mongoose.model('TicketSearchPostings', ticketSearchPostingsSchema);

/**
 * The vocabulary, spread over buckets (`_id`: `b<number>`): every term with its shards and counts.
 * The document `revisions` holds each bucket's revision, so a node reloads only what changed.
 */
const ticketSearchVocabularySchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    terms: { type: String, default: '' },
    revision: { type: Number, default: 0 },
    /** On `revisions` only: each bucket's revision, comma-separated. */
    revisions: { type: String },
  },
  { versionKey: false, collection: 'ticket_search_vocabulary' },
);
export const TicketSearchVocabularyModel = mongoose.model('TicketSearchVocabulary', ticketSearchVocabularySchema);

/** A ticket reference (`_id`: `T-2026-000123`) and its ticket, so a reference typed as a query is one read. */
const ticketSearchReferenceSchema = new mongoose.Schema(
  { _id: { type: String, required: true }, ticketId: { type: String, required: true } },
  { versionKey: false, collection: 'ticket_search_references' },
);
export const TicketSearchReferenceModel = mongoose.model('TicketSearchReference', ticketSearchReferenceSchema);
