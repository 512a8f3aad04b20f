import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { TContentLanguage, TTopicKey } from '@mowakaba/shared/constants';
import type { TArticleStatus, TArticleVisibility } from '@mowakaba/shared/schemas/kb';
import { defineAppState } from '../../platform/app-state.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { withNewerVersions } from './article-revisions.service.js';
import { ArticleVersionModel } from './article-version.model.js';
import { ArticleModel, type ArticleDocument } from './article.model.js';
import { markdownToPlainText } from './markdown.js';
import { analyzeArticle } from '../../platform/text-analysis/analyze.js';
import { getStorage, type Fence } from '../../platform/storage/index.js';
import { SearchIndex, type IndexedArticle } from './search/search-index.js';
import { SearchEntryModel, SearchStateModel } from './search-entry.model.js';

const STATE_ID = 'kb-search';
/** The storage seam's mutex that every writer of the index holds: entries are numbered in order. */
const INDEX_MUTEX = 'kb-search-index';
/** A node further behind than this many saves reloads the whole index instead of catching up. */
const MAX_CATCH_UP = 500;
const REBUILD_BATCH = 500;
/** A rebuild holds the index for a while (its lease is renewed as it works): who waits for it waits long. */
const REBUILD_WAIT = { waitMs: 10 * 60_000 };

type ArticleFields = Pick<ArticleDocument, 'lang' | 'topic' | 'status' | 'visibility' | 'title' | 'summary' | 'tags' | 'body'> & {
  _id: mongoose.Types.ObjectId;
};

interface StoredEntry {
  _id: mongoose.Types.ObjectId;
  articleId: mongoose.Types.ObjectId;
  generation: string;
  seq: number;
  lang: string;
  topic: string;
  status: string;
  visibility: string;
  title: string;
  text: string;
  terms: string;
  counts: string;
  lengths: number[];
}

/** Analyses an article into what the index stores for it. */
export function toIndexedArticle(article: ArticleFields): IndexedArticle {
  const bodyText = markdownToPlainText(article.body);
  const analyzed = analyzeArticle({ lang: article.lang, title: article.title, summary: article.summary, tags: article.tags, bodyText });
  return {
    articleId: article._id.toString(),
    lang: article.lang,
    topic: article.topic,
    status: article.status,
    visibility: article.visibility,
    title: article.title,
    text: article.summary ? `${article.summary}\n${bodyText}` : bodyText,
    ...analyzed,
  };
}

/** The _id of the entry with this seq in this generation: 4 bytes of generation, 8 of seq. */
export function entryIdFor(generation: string, seq: number): mongoose.Types.ObjectId {
  return new mongoose.Types.ObjectId(`${generation}${seq.toString(16).padStart(16, '0')}`);
}

function toStoredFields(indexed: IndexedArticle) {
  const { articleId, terms, counts, ...fields } = indexed;
  return { ...fields, articleId: new mongoose.Types.ObjectId(articleId), terms: terms.join(' '), counts: counts.join(',') };
}

function fromStoredEntry(entry: StoredEntry): IndexedArticle {
  return {
    articleId: entry.articleId.toString(),
    lang: entry.lang as TContentLanguage,
    topic: entry.topic as TTopicKey,
    status: entry.status as TArticleStatus,
    visibility: entry.visibility as TArticleVisibility,
    title: entry.title,
    text: entry.text,
    terms: entry.terms === '' ? [] : entry.terms.split(' '),
    counts: entry.counts === '' ? [] : entry.counts.split(',').map(Number),
    lengths: entry.lengths as [number, number, number],
  };
}

// --- the in-memory copy --------------------------------------------------------------------------

export interface CachedIndex {
  index: SearchIndex;
  generation: string;
  /** Every entry up to this seq has been applied. */
  seq: number;
  /** The seq of the entry applied for each article, so an older entry never replaces a newer one. */
  appliedSeq: Map<string, number>;
}

interface NodeCopy {
  cached: CachedIndex | undefined;
  synchronizing: Promise<SearchIndex> | undefined;
  /** Entries this node saw replaced by newer ones of the same article, for the cleanup pass to delete. */
  superseded: mongoose.Types.ObjectId[];
}
// This node's (this app's) copy of the index; an app started on another database starts empty.
const nodeCopyOfApp = defineAppState((): NodeCopy => ({ cached: undefined, synchronizing: undefined, superseded: [] }));
const MAX_SUPERSEDED_KEPT = 50_000;

function recordApplied(cache: CachedIndex, articleId: string, seq: number): void {
  const previous = cache.appliedSeq.get(articleId);
  const { superseded } = nodeCopyOfApp();
  if (previous !== undefined && superseded.length < MAX_SUPERSEDED_KEPT) superseded.push(entryIdFor(cache.generation, previous));
  cache.appliedSeq.set(articleId, seq);
}

function apply(cache: CachedIndex, entry: StoredEntry): void {
  const articleId = entry.articleId.toString();
  if ((cache.appliedSeq.get(articleId) ?? -1) >= entry.seq) return;
  cache.index.upsert(fromStoredEntry(entry));
  recordApplied(cache, articleId, entry.seq);
}

/**
 * Deletes the entries that newer entries of the same article replaced since the last pass (one
 * deleteMany by _id per 500: FerretDB scans the collection once per call, never during a save).
 * Readers ignore superseded entries anyway; this only keeps the collection from growing.
 */
export async function deleteSupersededSearchEntries(): Promise<number> {
  // The cleanup job of this process serves every app of it (two in the two-node tests).
  const ids: mongoose.Types.ObjectId[] = [];
  nodeCopyOfApp.forEach((copy) => {
    for (const id of copy.superseded) ids.push(id);
    copy.superseded = [];
  });
  let deleted = 0;
  for (let start = 0; start < ids.length; start += 500) {
    deleted += (await SearchEntryModel.deleteMany({ _id: { $in: ids.slice(start, start + 500) } })).deletedCount;
  }
  return deleted;
}

/**
 * Reads the whole current generation of the index from the database into a new in-memory index,
 * and deletes the entries that newer ones of the same article have superseded.
 */
export async function loadSearchIndex(): Promise<CachedIndex> {
  let state = await SearchStateModel.findById(STATE_ID).lean();
  if (!state) {
    // Never built (a database from before the index existed): the first node to get here builds it.
    await getStorage().withMutex(
      [INDEX_MUTEX],
      async (fence) => {
        if (!(await SearchStateModel.exists({ _id: STATE_ID }))) await rebuildLocked(fence);
      },
      REBUILD_WAIT,
    );
    state = await SearchStateModel.findById(STATE_ID).lean();
    if (!state) throw new Error('the search index state is missing right after a rebuild');
  }
  const cache: CachedIndex = { index: new SearchIndex(), generation: state.generation, seq: state.seq, appliedSeq: new Map() };
  const latest = new Map<string, StoredEntry>();
  const stale: mongoose.Types.ObjectId[] = [];
  const entries = await SearchEntryModel.find({ generation: state.generation }).lean<StoredEntry[]>();
  for (const entry of entries) {
    const articleId = entry.articleId.toString();
    const previous = latest.get(articleId);
    if (previous && previous.seq >= entry.seq) {
      stale.push(entry._id);
      continue;
    }
    if (previous) stale.push(previous._id);
    latest.set(articleId, entry);
  }
  for (const entry of latest.values()) apply(cache, entry);
  for (let start = 0; start < stale.length; start += 500) {
    await SearchEntryModel.deleteMany({ _id: { $in: stale.slice(start, start + 500) } });
  }
  return cache;
}

async function synchronize(copy: NodeCopy): Promise<SearchIndex> {
  const state = await SearchStateModel.findById(STATE_ID).lean();
  const cache = copy.cached;
  if (!state || !cache || cache.generation !== state.generation || state.seq - cache.seq > MAX_CATCH_UP) {
    copy.cached = await loadSearchIndex();
    return copy.cached.index;
  }
  if (state.seq === cache.seq) return cache.index;
  const missing = Array.from({ length: state.seq - cache.seq }, (_, offset) => entryIdFor(state.generation, cache.seq + 1 + offset));
  const entries = await Promise.all(missing.map((entryId) => SearchEntryModel.findById(entryId).lean<StoredEntry>()));
  // An entry already deleted was superseded by a newer one of the same article, read here too.
  for (const entry of entries) if (entry) apply(cache, entry);
  cache.seq = Math.max(cache.seq, state.seq);
  return cache.index;
}

/**
 * The search index, brought up to date with the database: one read of the state document by _id
 * when nothing changed, a few reads by _id after saves on any node, a full load after a rebuild.
 */
export function getSearchIndex(): Promise<SearchIndex> {
  const copy = nodeCopyOfApp();
  copy.synchronizing ??= synchronize(copy).finally(() => {
    copy.synchronizing = undefined;
  });
  return copy.synchronizing;
}

// --- writing ---------------------------------------------------------------------------------

/**
 * Stores the index entry of an article that was just saved, and applies it to this node's copy.
 * Callers hold the article's mutex, so the entries of one article are written in save order.
 */
export async function indexArticle(article: ArticleFields): Promise<void> {
  const indexed = toIndexedArticle(article);
  const storage = getStorage();
  const written = await storage.withMutex([INDEX_MUTEX], async (fence) => {
    const state = await SearchStateModel.findById(STATE_ID).lean();
    // Never built: the rebuild reads every article, this one included.
    if (!state) return rebuildLocked(fence).then(() => undefined);
    const seq = state.seq + 1;
    await fence.assertHeld();
    await insertEntry({ _id: entryIdFor(state.generation, seq), ...toStoredFields(indexed), generation: state.generation, seq });
    // Readers trust every entry up to the state's seq to be written: it moves only after the entry.
    await storage.updateVersioned(SearchStateModel.collection.collectionName, STATE_ID, () => ({ set: { seq } }), { fence });
    return { generation: state.generation, seq };
  });
  const cache = nodeCopyOfApp().cached;
  if (written && cache && cache.generation === written.generation && cache.seq === written.seq - 1) {
    cache.index.upsert(indexed);
    recordApplied(cache, indexed.articleId, written.seq);
    cache.seq = written.seq;
  }
}

/**
 * Inserts an entry. Its _id can only be taken already by a save that stored its entry but died
 * before advancing the state; that entry never counted, so it is replaced.
 */
async function insertEntry(entry: ReturnType<typeof toStoredFields> & { _id: mongoose.Types.ObjectId; generation: string; seq: number }) {
  try {
    await SearchEntryModel.collection.insertOne(entry);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await SearchEntryModel.deleteOne({ _id: entry._id });
    await SearchEntryModel.collection.insertOne(entry);
  }
}

async function rebuildLocked(fence: Fence): Promise<number> {
  const generation = randomBytes(4).toString('hex');
  let count = 0;
  let batch: ReturnType<typeof toStoredFields>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await fence.assertHeld();
    await SearchEntryModel.collection.insertMany(
      batch.map((fields, offset) => ({ _id: entryIdFor(generation, count + offset + 1), ...fields, generation, seq: count + offset + 1 })),
    );
    count += batch.length;
    batch = [];
  };
  // Article documents may be a few saves behind their versions (see article-revisions.service.ts).
  const newest = new Map<string, number>();
  for (const { articleId, version } of await ArticleVersionModel.find().select('articleId version').lean()) {
    const id = articleId.toString();
    newest.set(id, Math.max(newest.get(id) ?? 0, version));
  }
  const cursor = ArticleModel.find().lean<ArticleDocument[]>().cursor();
  for await (const snapshot of cursor) {
    const article = (newest.get(snapshot._id.toString()) ?? 0) > snapshot.version ? await withNewerVersions(snapshot) : snapshot;
    batch.push(toStoredFields(toIndexedArticle(article)));
    if (batch.length >= REBUILD_BATCH) await flush();
  }
  await flush();
  await fence.assertHeld();
  await SearchStateModel.replaceOne({ _id: STATE_ID }, { generation, seq: count }, { upsert: true });
  await SearchEntryModel.deleteMany({ generation: { $ne: generation } });
  return count;
}

/** Rebuilds the stored index from the articles, from scratch; returns how many were indexed. */
export function rebuildSearchIndex(): Promise<number> {
  return getStorage().withMutex([INDEX_MUTEX], rebuildLocked, REBUILD_WAIT);
}
