import mongoose from 'mongoose';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { AppError } from '../../errors.js';
import { runDueJobs, scheduleJob, type DueJob } from '../../jobs/job-runner.js';
import { getStorage } from '../../platform/storage/index.js';
import { ArticleVersionModel, type ArticleVersionDocument } from './article-version.model.js';
import { ArticleModel, type ArticleDocument } from './article.model.js';

/**
 * How an article is stored so that a save stays fast on FerretDB 1.24, which scans the whole
 * collection for every update even by _id (1.3 s per update at 20,000 articles): a save only
 * inserts its version, whose _id is `<articleId>:v<version>`. The article document is a snapshot
 * that may be a few versions behind; reading an article reads the snapshot by _id and then the next
 * versions by _id until one is missing. The snapshot catches up in the background (foldArticle, a
 * stored job a few seconds after the save, on one node), or at the next cleanup pass; until then only
 * the list filters (status, language …) of the staff's article list can lag behind.
 */

export const VERSIONED_FIELDS = ['title', 'summary', 'body', 'topic', 'tags', 'status', 'visibility'] as const;

/** A burst of saves of one article is folded once. */
const FOLD_DELAY_MS = 1_000;

export function versionIdFor(articleId: string | mongoose.Types.ObjectId, version: number): string {
  return `${articleId.toString()}:v${version}`;
}

function withVersion(article: ArticleDocument, version: ArticleVersionDocument): ArticleDocument {
  return {
    ...article,
    ...Object.fromEntries(VERSIONED_FIELDS.map((field) => [field, version[field]])),
    version: version.version,
    updatedById: version.editorId ?? null,
    updatedAt: version.createdAt,
    publishedAt: version.publishedAt ?? article.publishedAt,
  } as ArticleDocument;
}

/** The snapshot with every newer version applied: the article as it now is. */
export async function withNewerVersions(snapshot: ArticleDocument): Promise<ArticleDocument> {
  let current = snapshot;
  for (;;) {
    const next = await ArticleVersionModel.findById(versionIdFor(snapshot._id, current.version + 1)).lean<ArticleVersionDocument>();
    if (!next) return current;
    current = withVersion(current, next);
  }
}

/** The article as it now is, or undefined. */
export async function findCurrentArticle(id: string | mongoose.Types.ObjectId): Promise<ArticleDocument | undefined> {
  const snapshot = await ArticleModel.findById(id).lean<ArticleDocument>();
  return snapshot ? withNewerVersions(snapshot) : undefined;
}

/**
 * Stores `article` (already carrying its new version number) as that version. The insert is the
 * compare-and-set: a version number can be taken once, so a concurrent save gets 409.
 */
export async function insertArticleVersion(
  article: ArticleDocument,
  editorId: string | undefined,
  restoredFrom?: number,
): Promise<void> {
  try {
    await ArticleVersionModel.create({
      _id: versionIdFor(article._id, article.version),
      articleId: article._id,
      version: article.version,
      ...Object.fromEntries(VERSIONED_FIELDS.map((field) => [field, article[field]])),
      editorId,
      restoredFrom,
      publishedAt: article.publishedAt ?? undefined,
      createdAt: article.updatedAt,
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    throw new AppError('conflict', `version ${article.version} of this article was saved by someone else; reload it`);
  }
}

/**
 * Brings an article's snapshot up to its newest version; returns whether it was behind. Needs no
 * lock: readers never trust the snapshot to be current, and it is always one whole version.
 */
export async function foldArticle(id: string): Promise<boolean> {
  const snapshot = await ArticleModel.findById(id).lean<ArticleDocument>();
  if (!snapshot) return false;
  const current = await withNewerVersions(snapshot);
  if (current.version === snapshot.version) return false;
  const fields = Object.fromEntries(VERSIONED_FIELDS.map((field) => [field, current[field]]));
  // By _id alone, the one filter FerretDB answers from an index. Two folds racing can at worst
  // leave an older whole version in the snapshot, which the next read or fold makes up for.
  await ArticleModel.updateOne(
    { _id: id },
    { $set: { ...fields, version: current.version, updatedById: current.updatedById, updatedAt: current.updatedAt, publishedAt: current.publishedAt } },
    { timestamps: false },
  );
  return true;
}

/** The stored job that folds an article a moment after a save, on whichever node takes it first. */
export const ARTICLE_FOLD_JOB = 'kb-article-fold';

/**
 * Folds the article in the background, after the response, as a stored job: it runs once across the
 * nodes (under the job's lease) and survives the node that saved going away. Saves of one article
 * within one `FOLD_DELAY_MS` share a job, so a burst is folded once; a failure is retried by the job
 * runner, and the cleanup pass (foldRecentlySavedArticles) still finds any article left behind.
 */
export async function scheduleArticleFold(id: string): Promise<void> {
  const now = getStorage().clock.now().getTime();
  const slot = Math.floor(now / FOLD_DELAY_MS);
  await scheduleJob(`${ARTICLE_FOLD_JOB}:${id}:${slot}`, ARTICLE_FOLD_JOB, new Date((slot + 1) * FOLD_DELAY_MS), { articleId: id });
}

/**
 * The job run a moment after saves of an article: brings its snapshot up to the newest version. It
 * needs no fence: a run that lost its lease only writes what the run that took over writes too.
 */
export const foldSavedArticle = async (job: Pick<DueJob, 'payload'>): Promise<void> => {
  await foldArticle(String(job.payload.articleId));
};

/** Runs the folds scheduled so far without waiting for them to fall due (tests, benchmarks). */
export async function waitForArticleFolds(): Promise<void> {
  const now = new Date(getStorage().clock.now().getTime() + FOLD_DELAY_MS);
  while ((await runDueJobs({ now, owner: `article-folds:${process.pid}`, handlers: { [ARTICLE_FOLD_JOB]: foldSavedArticle }, types: [ARTICLE_FOLD_JOB] })) > 0);
}

/** Folds every article saved since `since` whose snapshot is still behind; returns how many were. */
export async function foldRecentlySavedArticles(since: Date): Promise<number> {
  const saved = await ArticleVersionModel.find({ createdAt: { $gte: since } }).select('articleId').lean<Pick<ArticleVersionDocument, 'articleId'>[]>();
  let folded = 0;
  for (const articleId of new Set(saved.map((version) => version.articleId.toString()))) {
    if (await foldArticle(articleId)) folded += 1;
  }
  return folded;
}
