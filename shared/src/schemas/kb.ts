import { z } from 'zod';
import { ARTICLE_STATUSES, ARTICLE_VISIBILITIES, CONTENT_LANGUAGES, TOPIC_KEYS } from '../constants.js';
import { ZObjectId } from './common.js';

export { ARTICLE_STATUSES, ARTICLE_VISIBILITIES };
export const ZArticleStatus = z.enum(ARTICLE_STATUSES);
export type TArticleStatus = z.infer<typeof ZArticleStatus>;

export const ZArticleVisibility = z.enum(ARTICLE_VISIBILITIES);
export type TArticleVisibility = z.infer<typeof ZArticleVisibility>;

export const ZContentLanguage = z.enum(CONTENT_LANGUAGES);
export const ZTopic = z.enum(TOPIC_KEYS);

const ZTitle = z.string().trim().min(1).max(200);
const ZSummary = z.string().trim().max(600);
const ZBody = z.string().max(100_000).refine((body) => body.trim().length > 0, { message: 'must not be empty' });
const ZTags = z.array(z.string().trim().min(1).max(80)).max(20);

export const ZCreateArticleRequest = z
  .object({
    title: ZTitle,
    body: ZBody,
    lang: ZContentLanguage,
    topic: ZTopic,
    status: ZArticleStatus,
    visibility: ZArticleVisibility,
    summary: ZSummary.optional(),
    tags: ZTags.optional(),
    /** The id of an article this one translates: both join the same translation group. */
    translationOf: ZObjectId.optional(),
  })
  .strict();
export type TCreateArticleRequest = z.infer<typeof ZCreateArticleRequest>;

const contentFields = ['title', 'body', 'summary', 'tags', 'topic', 'status', 'visibility'] as const;

export const ZUpdateArticleRequest = z
  .object({
    title: ZTitle.optional(),
    body: ZBody.optional(),
    summary: ZSummary.optional(),
    tags: ZTags.optional(),
    topic: ZTopic.optional(),
    status: ZArticleStatus.optional(),
    visibility: ZArticleVisibility.optional(),
    /** The version the editor started from; a save over a newer version is refused with 409. */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((body) => contentFields.some((field) => body[field] !== undefined), { message: 'at least one field to change is required' });
export type TUpdateArticleRequest = z.infer<typeof ZUpdateArticleRequest>;

export const ZArticleTranslation = z.object({ id: z.string(), lang: ZContentLanguage, title: z.string(), status: ZArticleStatus });

export const ZArticle = z.object({
  id: z.string(),
  groupId: z.string(),
  lang: ZContentLanguage,
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  /** Markdown as written. */
  body: z.string(),
  /** The body rendered to sanitised HTML: no scripts, event handlers or javascript: links. */
  bodyHtml: z.string(),
  topic: ZTopic,
  tags: z.array(z.string()),
  status: ZArticleStatus,
  visibility: ZArticleVisibility,
  version: z.number().int(),
  authorId: z.string().nullable(),
  updatedById: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  feedback: z.object({ helpful: z.number().int(), unhelpful: z.number().int() }),
  translations: z.array(ZArticleTranslation),
});
export type TArticle = z.infer<typeof ZArticle>;

export const ZArticleListItem = ZArticle.pick({
  id: true,
  groupId: true,
  lang: true,
  slug: true,
  title: true,
  summary: true,
  topic: true,
  tags: true,
  status: true,
  visibility: true,
  version: true,
  updatedAt: true,
});
export type TArticleListItem = z.infer<typeof ZArticleListItem>;

export const ZArticleListQuery = z.object({
  status: ZArticleStatus.optional(),
  visibility: ZArticleVisibility.optional(),
  lang: ZContentLanguage.optional(),
  topic: ZTopic.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const ZArticleList = z.object({ items: z.array(ZArticleListItem), total: z.number().int() });
export type TArticleList = z.infer<typeof ZArticleList>;

export const ZArticleVersionParams = z.object({ id: ZObjectId, version: z.coerce.number().int().min(1).max(1_000_000) });

export const ZArticleVersion = z.object({
  version: z.number().int(),
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  topic: ZTopic,
  tags: z.array(z.string()),
  status: ZArticleStatus,
  visibility: ZArticleVisibility,
  editorId: z.string().nullable(),
  /** Set when this version restored an older one. */
  restoredFrom: z.number().int().nullable(),
  createdAt: z.string(),
});
export type TArticleVersion = z.infer<typeof ZArticleVersion>;

export const ZArticleVersionList = z.object({ items: z.array(ZArticleVersion.omit({ body: true, summary: true })) });

export const ZArticleDiffQuery = z.object({
  from: z.coerce.number().int().min(1).max(1_000_000),
  to: z.coerce.number().int().min(1).max(1_000_000),
});

export const ZDiffPart = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
export const ZArticleDiff = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** Only the fields that differ, each as a sequence of kept, inserted and deleted text. */
  fields: z.array(z.object({ field: z.string(), parts: z.array(ZDiffPart) })),
});
export type TArticleDiff = z.infer<typeof ZArticleDiff>;

export const ZSearchQuery = z.object({
  q: z.string().max(2_000),
  lang: ZContentLanguage.optional(),
  topic: ZTopic.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type TSearchQuery = z.infer<typeof ZSearchQuery>;

export const ZSearchResult = z.object({
  id: z.string(),
  title: z.string(),
  lang: ZContentLanguage,
  topic: ZTopic,
  score: z.number(),
  /** Plain text, HTML-escaped, with the matched words wrapped in <mark>…</mark>: safe to insert as HTML. */
  snippet: z.string(),
  /** In staff suggestions only: whether associations may read it (only those are linked in replies). */
  visibility: z.enum(['public', 'internal']).optional(),
});
export type TSearchResult = z.infer<typeof ZSearchResult>;
export const ZSearchResponse = z.object({ results: z.array(ZSearchResult) });
export type TSearchResponse = z.infer<typeof ZSearchResponse>;

export const ZTypeaheadQuery = z.object({ q: z.string().max(300), lang: ZContentLanguage.optional() });

/** A ticket's text (subject, description, last message) for the articles that may answer it. */
export const ZTicketSuggestionRequest = z
  .object({ text: z.string().max(20_000), lang: ZContentLanguage.optional() })
  .strict();
export type TTicketSuggestionRequest = z.infer<typeof ZTicketSuggestionRequest>;

export const ZArticleFeedbackRequest = z
  .object({ helpful: z.boolean(), comment: z.string().trim().max(1_000).optional() })
  .strict();
export type TArticleFeedbackRequest = z.infer<typeof ZArticleFeedbackRequest>;
export const ZArticleFeedbackCounts = z.object({ helpful: z.number().int(), unhelpful: z.number().int() });

export const EDIT_SUGGESTION_STATUSES = ['open', 'accepted', 'rejected'] as const;

export const ZCreateEditSuggestionRequest = z
  .object({
    title: ZTitle.optional(),
    summary: ZSummary.optional(),
    body: ZBody.optional(),
    tags: ZTags.optional(),
    note: z.string().trim().min(1).max(2_000),
  })
  .strict()
  .refine((body) => ['title', 'summary', 'body', 'tags'].some((field) => body[field as 'title'] !== undefined), {
    message: 'suggest at least one of title, summary, body, tags',
  });
export type TCreateEditSuggestionRequest = z.infer<typeof ZCreateEditSuggestionRequest>;

export const ZEditSuggestion = z.object({
  id: z.string(),
  articleId: z.string(),
  authorId: z.string(),
  baseVersion: z.number().int(),
  changes: z.object({
    title: z.string().optional(),
    summary: z.string().optional(),
    body: z.string().optional(),
    tags: z.array(z.string()).optional(),
  }),
  note: z.string(),
  status: z.enum(EDIT_SUGGESTION_STATUSES),
  decidedById: z.string().nullable(),
  /** The article version that applied the suggestion, once accepted. */
  appliedVersion: z.number().int().nullable(),
  createdAt: z.string(),
});
export type TEditSuggestion = z.infer<typeof ZEditSuggestion>;
export const ZEditSuggestionList = z.object({ items: z.array(ZEditSuggestion) });

export const ZEditSuggestionParams = z.object({ id: ZObjectId, suggestionId: ZObjectId });
export const ZDecideEditSuggestionRequest = z.object({ decision: z.enum(['accept', 'reject']) }).strict();

export const ZContentGaps = z.object({
  zeroResultSearches: z.array(
    z.object({ query: z.string(), count: z.number().int(), lastSearchedAt: z.string() }),
  ),
  unhelpfulArticles: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      lang: ZContentLanguage,
      helpful: z.number().int(),
      unhelpful: z.number().int(),
      recentComments: z.array(z.string()),
    }),
  ),
});
export type TContentGaps = z.infer<typeof ZContentGaps>;
