import mongoose from 'mongoose';
import { CONTENT_LANGUAGES, TOPIC_KEYS } from '@mowakaba/shared/constants';
import { ARTICLE_STATUSES, ARTICLE_VISIBILITIES } from '@mowakaba/shared/schemas/kb';

/**
 * The search index as stored: one entry per article save, holding the article's terms and their
 * counts per field. Entries are only inserted, never updated: FerretDB 1.24 scans the whole
 * collection on every update, even by _id, while inserts and reads by _id stay fast at any size
 * (measured: 60 ms per update at 20,000 small documents, 1.2 ms per read). The newest entry
 * (highest seq) of an article wins; older ones are deleted when a node loads the index.
 */
const searchEntrySchema = new mongoose.Schema(
  {
    articleId: { type: mongoose.Schema.Types.ObjectId, required: true },
    // 8 hexadecimal digits, new with every rebuild from scratch; other generations are obsolete.
    generation: { type: String, required: true },
    seq: { type: Number, required: true },
    lang: { type: String, required: true, enum: CONTENT_LANGUAGES },
    topic: { type: String, required: true, enum: TOPIC_KEYS },
    status: { type: String, required: true, enum: ARTICLE_STATUSES },
    visibility: { type: String, required: true, enum: ARTICLE_VISIBILITIES },
    title: { type: String, required: true },
    text: { type: String, default: '' },
    // Terms joined by spaces and their counts by commas: FerretDB 1.24 stores every array element
    // with its own type information, which made loading 20,000 entries as arrays take minutes.
    terms: { type: String, default: '' },
    counts: { type: String, default: '' },
    lengths: { type: [Number], default: [] },
  },
  { versionKey: false },
);
searchEntrySchema.index({ generation: 1, seq: 1 });

export const SearchEntryModel = mongoose.model('SearchEntry', searchEntrySchema);

/**
 * One small document saying which generation is current and the last seq written. An entry's _id
 * is made of its generation and seq (see entryIdFor), so a node that is behind reads the entries
 * it misses by _id, the one lookup FerretDB 1.24 answers without scanning the collection.
 */
const searchStateSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    generation: { type: String, required: true },
    seq: { type: Number, required: true },
  },
  { versionKey: false },
);

export const SearchStateModel = mongoose.model('SearchState', searchStateSchema);
