import { diffLines, diffWordsWithSpace, type Change } from 'diff';
import mongoose from 'mongoose';
import type {
  TArticle,
  TArticleDiff,
  TArticleList,
  TArticleVersion,
  TCreateArticleRequest,
  TUpdateArticleRequest,
} from '../../../../shared/src/schemas/kb.js';
import { withLock } from '../../database/with-lock.js';
import { AppError, notFound } from '../../errors.js';
import { ArticleFeedbackModel } from './article-feedback.model.js';
import { ArticleVersionModel, type ArticleVersionDocument } from './article-version.model.js';
import { ArticleModel, type ArticleDocument } from './article.model.js';
import { renderMarkdown } from './markdown.js';
import type { SearchAudience } from './search.service.js';
import { indexArticle } from './search-index.service.js';

type ArticleContent = Pick<ArticleDocument, 'title' | 'summary' | 'body' | 'topic' | 'tags' | 'status' | 'visibility'>;

const VERSIONED_FIELDS = ['title', 'summary', 'body', 'topic', 'tags', 'status', 'visibility'] as const;

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
  const translations = await ArticleModel.find({ groupId: article.groupId, _id: { $ne: article._id } })
    .select('lang title status visibility')
    .lean<ArticleDocument[]>();
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

async function saveVersion(article: ArticleDocument, editorId: string | undefined, restoredFrom?: number): Promise<void> {
  await ArticleVersionModel.create({
    articleId: article._id,
    version: article.version,
    ...Object.fromEntries(VERSIONED_FIELDS.map((field) => [field, article[field]])),
    editorId,
    restoredFrom,
  });
}

async function groupForTranslation(translationOf: string, lang: TCreateArticleRequest['lang']): Promise<mongoose.Types.ObjectId> {
  const source = await ArticleModel.findById(translationOf).select('groupId').lean<ArticleDocument>();
  if (!source) {
    throw new AppError('validation_failed', 'the request is not valid', [
      { path: 'translationOf', code: 'not_found', message: 'no article has this id' },
    ]);
  }
  if (await ArticleModel.exists({ groupId: source.groupId, lang })) {
    throw new AppError('conflict', `this article already has a translation in ${lang}`);
  }
  return source.groupId;
}

/**
 * Creates an article (version 1) and indexes it for search in the same request. A translation
 * joins the group of the article it translates; one article per language and group.
 */
export async function createArticle(
  input: TCreateArticleRequest,
  authorId: string | undefined,
  options: { slug?: string } = {},
): Promise<TArticle> {
  const create = async (groupId: mongoose.Types.ObjectId) => {
    const _id = new mongoose.Types.ObjectId();
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
      publishedAt: input.status === 'published' ? new Date() : undefined,
    });
    const article = created.toObject<ArticleDocument>();
    await saveVersion(article, authorId);
    await indexArticle(article);
    return toArticleDto(article, 'staff');
  };
  if (input.translationOf === undefined) return create(new mongoose.Types.ObjectId());
  const translationOf = input.translationOf;
  const source = await ArticleModel.findById(translationOf).select('groupId').lean<ArticleDocument>();
  // Serialised per group, so two translators cannot both add the same language.
  return withLock(`kb-group:${source?.groupId.toString() ?? translationOf}`, async () =>
    create(await groupForTranslation(translationOf, input.lang)),
  );
}

async function findArticle(id: string): Promise<ArticleDocument> {
  const article = await ArticleModel.findById(id).lean<ArticleDocument>();
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
  return {
    items: articles.map((article) => ({
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
 * Saves changes as a new version and reindexes the article, all under the article's lock:
 * FerretDB loses concurrent read-modify-writes, and the version number is one.
 */
export async function updateArticle(
  id: string,
  changes: TUpdateArticleRequest,
  editorId: string | undefined,
  options: { restoredFrom?: number } = {},
): Promise<TArticle> {
  return withLock(`kb-article:${id}`, async () => {
    const current = await findArticle(id);
    if (changes.expectedVersion !== undefined && changes.expectedVersion !== current.version) {
      throw new AppError('conflict', `the article is at version ${current.version}, not ${changes.expectedVersion}; reload it`, {
        currentVersion: current.version,
      });
    }
    const { expectedVersion: _expected, ...fields } = changes;
    const content = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<ArticleContent>;
    const publishedNow = content.status === 'published' && !current.publishedAt;
    const updated = await ArticleModel.findByIdAndUpdate(
      id,
      {
        $set: {
          ...content,
          version: current.version + 1,
          updatedById: editorId,
          ...(publishedNow ? { publishedAt: new Date() } : {}),
        },
      },
      { returnDocument: 'after', runValidators: true },
    ).lean<ArticleDocument>();
    if (!updated) throw notFound('article');
    await saveVersion(updated, editorId, options.restoredFrom);
    await indexArticle(updated);
    return toArticleDto(updated, 'staff');
  });
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
  const found = await ArticleVersionModel.findOne({ articleId: id, version }).lean<ArticleVersionDocument>();
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
