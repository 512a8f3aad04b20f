import { diffLines, diffWordsWithSpace, type Change } from 'diff';
import mongoose from 'mongoose';
import type {
  TArticle,
  TArticleDiff,
  TArticleList,
  TArticleVersion,
  TCreateArticleRequest,
  TUpdateArticleRequest,
} from '@mowakaba/shared/schemas/kb';
import { AppError, notFound } from '../../errors.js';
import { getStorage } from '../../platform/storage/index.js';
import { ArticleFeedbackModel } from './article-feedback.model.js';
import {
  findCurrentArticle,
  insertArticleVersion,
  scheduleArticleFold,
  VERSIONED_FIELDS,
  versionIdFor,
  withNewerVersions,
} from './article-revisions.service.js';
import { ArticleVersionModel, type ArticleVersionDocument } from './article-version.model.js';
import { ArticleModel, type ArticleDocument } from './article.model.js';
import { claimLanguageSlot, ensureGroupSlots, findTranslationIds } from './language-slots.service.js';
import { renderMarkdown } from './markdown.js';
import type { SearchAudience } from './search.service.js';
import { indexArticle } from './search-index.service.js';

type ArticleContent = Pick<ArticleDocument, 'title' | 'summary' | 'body' | 'topic' | 'tags' | 'status' | 'visibility'>;

const isoOrNull = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const idOrNull = (id: mongoose.Types.ObjectId | null | undefined) => (id ? id.toString() : null);

function isVisibleTo(article: Pick<ArticleDocument, 'status' | 'visibility'>, audience: SearchAudience): boolean {
  return audience === 'staff' || (article.status === 'published' && article.visibility === 'public');
}

async function feedbackCounts(articleId: mongoose.Types.ObjectId): Promise<TArticle['feedback']> {
  const groups = await ArticleFeedbackModel.aggregate<{ _id: boolean; count: number }>([
    { $match: { articleId } },
    { $group: { _id: '$helpful', count: { $sum: 1 } } },
  ]);
  return {
    helpful: groups.find((group) => group._id === true)?.count ?? 0,
    unhelpful: groups.find((group) => group._id === false)?.count ?? 0,
  };
}

async function toArticleDto(article: ArticleDocument, audience: SearchAudience): Promise<TArticle> {
  const translationIds = await findTranslationIds(article);
  const translations = (await Promise.all(translationIds.map((id) => findCurrentArticle(id)))).filter(
    (translation): translation is ArticleDocument => translation !== undefined,
  );
  return {
    id: article._id.toString(),
    groupId: article.groupId.toString(),
    lang: article.lang,
    slug: article.slug,
    title: article.title,
    summary: article.summary,
    body: article.body,
    bodyHtml: renderMarkdown(article.body),
    topic: article.topic,
    tags: article.tags,
    status: article.status,
    visibility: article.visibility,
    version: article.version,
    // Visitors have no use for staff ids.
    authorId: audience === 'staff' ? idOrNull(article.authorId) : null,
    updatedById: audience === 'staff' ? idOrNull(article.updatedById) : null,
    publishedAt: isoOrNull(article.publishedAt),
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    feedback: await feedbackCounts(article._id),
    translations: translations
      .filter((translation) => isVisibleTo(translation, audience))
      .map((translation) => ({ id: translation._id.toString(), lang: translation.lang, title: translation.title, status: translation.status })),
  };
}

/** A readable, unique slug: the title's words (any script) and the end of the id. */
function slugFor(title: string, id: mongoose.Types.ObjectId): string {
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${words || 'article'}-${id.toString().slice(-6)}`;
}

/**
 * Creates an article (version 1) and indexes it for search in the same request. A translation
 * joins the group of the article it translates; one article per language and group (claimed by a
 * unique insert, so two translators cannot both add the same language).
 */
export async function createArticle(
  input: TCreateArticleRequest,
  authorId: string | undefined,
  options: { slug?: string } = {},
): Promise<TArticle> {
  let groupId = new mongoose.Types.ObjectId();
  if (input.translationOf !== undefined) {
    const source = await ArticleModel.findById(input.translationOf).select('groupId').lean<ArticleDocument>();
    if (!source) {
      throw new AppError('validation_failed', 'the request is not valid', [
        { path: 'translationOf', code: 'not_found', message: 'no article has this id' },
      ]);
    }
    groupId = source.groupId;
    // A group from before language slots: its languages are claimed first.
    await ensureGroupSlots(groupId);
  }
  const _id = new mongoose.Types.ObjectId();
  await claimLanguageSlot(groupId, input.lang, _id);
  const now = getStorage().clock.now();
  const created = await ArticleModel.create({
    _id,
    groupId,
    lang: input.lang,
    slug: options.slug ?? slugFor(input.title, _id),
    title: input.title,
    summary: input.summary ?? '',
    body: input.body,
    topic: input.topic,
    tags: input.tags ?? [],
    status: input.status,
    visibility: input.visibility,
    authorId,
    updatedById: authorId,
    version: 1,
    publishedAt: input.status === 'published' ? now : undefined,
    createdAt: now,
    updatedAt: now,
  });
  const article = created.toObject<ArticleDocument>();
  await insertArticleVersion(article, authorId);
  await indexArticle(article);
  return toArticleDto(article, 'staff');
}

async function findArticle(id: string): Promise<ArticleDocument> {
  const article = await findCurrentArticle(id);
  if (!article) throw notFound('article');
  return article;
}

/** One article; the public sees it only when published and public, and gets 404 otherwise. */
export async function getArticleById(id: string, audience: SearchAudience): Promise<TArticle> {
  const article = await findArticle(id);
  if (!isVisibleTo(article, audience)) throw notFound('article');
  return toArticleDto(article, audience);
}

/** Articles for the staff, newest change first, with filters and pages. */
export async function listArticles(query: {
  status?: string | undefined;
  visibility?: string | undefined;
  lang?: string | undefined;
  topic?: string | undefined;
  page: number;
  pageSize: number;
}): Promise<TArticleList> {
  const { page, pageSize, ...filters } = query;
  const filter = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
  const [articles, total] = await Promise.all([
    ArticleModel.find(filter)
      .sort({ updatedAt: -1, _id: 1 })
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .select('-body')
      .lean<ArticleDocument[]>(),
    ArticleModel.countDocuments(filter),
  ]);
  // The snapshots may be a save or two behind (see article-revisions.service.ts).
  const current = await Promise.all(articles.map((article) => withNewerVersions(article)));
  return {
    items: current.map((article) => ({
      id: article._id.toString(),
      groupId: article.groupId.toString(),
      lang: article.lang,
      slug: article.slug,
      title: article.title,
      summary: article.summary,
      topic: article.topic,
      tags: article.tags,
      status: article.status,
      visibility: article.visibility,
      version: article.version,
      updatedAt: article.updatedAt.toISOString(),
    })),
    total,
  };
}

/**
 * Saves changes as a new version and reindexes the article, under the article's mutex so that its
 * index entries are written in save order. Only inserts, the version's being the compare-and-set, made
 * through the mutex's fence: the article document catches up later.
 */
export async function updateArticle(
  id: string,
  changes: TUpdateArticleRequest,
  editorId: string | undefined,
  options: { restoredFrom?: number } = {},
): Promise<TArticle> {
  const saved = await getStorage().withMutex([`kb-article:${id}`], async (fence) => {
    const current = await findArticle(id);
    if (changes.expectedVersion !== undefined && changes.expectedVersion !== current.version) {
      throw new AppError('conflict', `the article is at version ${current.version}, not ${changes.expectedVersion}; reload it`, {
        currentVersion: current.version,
      });
    }
    const { expectedVersion: _expected, ...fields } = changes;
    const content = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<ArticleContent>;
    const now = getStorage().clock.now();
    const next: ArticleDocument = {
      ...current,
      ...content,
      version: current.version + 1,
      updatedById: editorId ? new mongoose.Types.ObjectId(editorId) : null,
      updatedAt: now,
      publishedAt: content.status === 'published' && !current.publishedAt ? now : current.publishedAt,
    };
    await fence.assertHeld();
    await insertArticleVersion(next, editorId, options.restoredFrom);
    await indexArticle(next);
    return next;
  });
  await scheduleArticleFold(id);
  return toArticleDto(saved, 'staff');
}

function toVersionDto(version: ArticleVersionDocument): TArticleVersion {
  return {
    version: version.version,
    title: version.title,
    summary: version.summary,
    body: version.body,
    topic: version.topic,
    tags: version.tags,
    status: version.status,
    visibility: version.visibility,
    editorId: idOrNull(version.editorId),
    restoredFrom: version.restoredFrom ?? null,
    createdAt: version.createdAt.toISOString(),
  };
}

/** Every saved version of an article, newest first, without their texts. */
export async function listArticleVersions(id: string): Promise<{ items: Omit<TArticleVersion, 'body' | 'summary'>[] }> {
  await findArticle(id);
  const versions = await ArticleVersionModel.find({ articleId: id })
    .select('-body -summary')
    .sort({ version: -1 })
    .lean<ArticleVersionDocument[]>();
  return {
    items: versions.map((version) => {
      const { body: _body, summary: _summary, ...withoutTexts } = toVersionDto({ ...version, body: '', summary: '' });
      return withoutTexts;
    }),
  };
}

async function findVersion(id: string, version: number): Promise<ArticleVersionDocument> {
  const found =
    (await ArticleVersionModel.findById(versionIdFor(id, version)).lean<ArticleVersionDocument>()) ??
    // Versions saved before versions had ids of their own.
    (await ArticleVersionModel.findOne({ articleId: id, version }).lean<ArticleVersionDocument>());
  if (!found) throw notFound('version');
  return found;
}

export async function getArticleVersion(id: string, version: number): Promise<TArticleVersion> {
  return toVersionDto(await findVersion(id, version));
}

function toParts(changes: Change[]): TArticleDiff['fields'][number]['parts'] {
  return changes.map((change) => ({ op: change.added ? 'insert' : change.removed ? 'delete' : 'equal', text: change.value }));
}

/** What changed between two versions, field by field: lines for the body, words elsewhere. */
export async function diffArticleVersions(id: string, from: number, to: number): Promise<TArticleDiff> {
  const [older, newer] = await Promise.all([findVersion(id, from), findVersion(id, to)]);
  const fields: TArticleDiff['fields'] = [];
  for (const field of VERSIONED_FIELDS) {
    const before = field === 'tags' ? older.tags.join('\n') + '\n' : String(older[field]);
    const after = field === 'tags' ? newer.tags.join('\n') + '\n' : String(newer[field]);
    if (before === after) continue;
    const changes = field === 'body' || field === 'tags' ? diffLines(before, after) : diffWordsWithSpace(before, after);
    fields.push({ field, parts: toParts(changes) });
  }
  return { from, to, fields };
}

/**
 * Restores the content (title, summary, body, topic, tags) of an older version as a new version;
 * status and visibility stay as they are, so a restore never publishes or hides by surprise.
 */
export async function restoreArticleVersion(id: string, version: number, editorId: string | undefined): Promise<TArticle> {
  const old = await findVersion(id, version);
  return updateArticle(
    id,
    { title: old.title, summary: old.summary, body: old.body, topic: old.topic, tags: old.tags },
    editorId,
    { restoredFrom: version },
  );
}
