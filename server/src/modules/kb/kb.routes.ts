import { createRoute } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { ZIdParams } from '@mowakaba/shared/schemas/common';
import {
  ZArticle,
  ZArticleDiff,
  ZArticleDiffQuery,
  ZArticleFeedbackCounts,
  ZArticleFeedbackRequest,
  ZArticleList,
  ZArticleListQuery,
  ZArticleVersion,
  ZArticleVersionList,
  ZArticleVersionParams,
  ZContentGaps,
  ZCreateArticleRequest,
  ZCreateEditSuggestionRequest,
  ZDecideEditSuggestionRequest,
  ZEditSuggestion,
  ZEditSuggestionList,
  ZEditSuggestionParams,
  ZSearchQuery,
  ZSearchResponse,
  ZTicketSuggestionRequest,
  ZTypeaheadQuery,
  ZUpdateArticleRequest,
} from '@mowakaba/shared/schemas/kb';
import type { AppDependencies, AppEnv } from '../../app-env.js';
import { requireRole, requireUser } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { limitByClientAddress } from '../rate-limit/rate-limit.middleware.js';
import type { RateLimitRule } from '../rate-limit/rate-limit.service.js';
import {
  createArticle,
  diffArticleVersions,
  getArticleById,
  getArticleVersion,
  listArticles,
  listArticleVersions,
  restoreArticleVersion,
  updateArticle,
} from './articles.service.js';
import { createEditSuggestion, decideEditSuggestion, listEditSuggestions } from './edit-suggestions.service.js';
import { listContentGaps, recordArticleFeedback } from './feedback.service.js';
import { searchArticles, suggestArticlesForText, suggestWhileTyping, type SearchAudience } from './search.service.js';

/** Limits per client address for visitors without a session; staff are not limited. */
export const KB_PUBLIC_LIMITS = {
  search: { bucket: 'kb-search', limit: 60, windowMs: 60_000 },
  typeahead: { bucket: 'kb-typeahead', limit: 120, windowMs: 60_000 },
  read: { bucket: 'kb-read', limit: 120, windowMs: 60_000 },
  feedback: { bucket: 'kb-feedback', limit: 10, windowMs: 10 * 60_000 },
} satisfies Record<string, RateLimitRule>;

const signedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireUser(c);
  await next();
};
const editors = requireRole('supervisor', 'admin');

const audienceOf = (c: Context<AppEnv>): SearchAudience => (c.get('user') ? 'staff' : 'public');

const common = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] };

export function createKbRoutes({ config }: AppDependencies) {
  const limit = (rule: RateLimitRule) => limitByClientAddress(rule, config.TRUST_PROXY, { visitorsOnly: true });

  const searchRoute = createRoute({
    method: 'get',
    path: '/search',
    tags: ['kb'],
    summary: 'Search published articles (public: public articles only; staff: internal ones too)',
    middleware: [limit(KB_PUBLIC_LIMITS.search)] as const,
    request: { query: ZSearchQuery },
    responses: { 200: jsonResponse('Results, best first', ZSearchResponse), 400: errorResponses[400], 429: errorResponses[429] },
  });

  const typeaheadRoute = createRoute({
    method: 'get',
    path: '/typeahead',
    tags: ['kb'],
    summary: 'Public articles matching a request while it is typed (the last word may be unfinished)',
    middleware: [limit(KB_PUBLIC_LIMITS.typeahead)] as const,
    request: { query: ZTypeaheadQuery },
    responses: { 200: jsonResponse('Up to 5 articles', ZSearchResponse), 400: errorResponses[400], 429: errorResponses[429] },
  });

  const ticketSuggestionsRoute = createRoute({
    method: 'post',
    path: '/suggestions',
    tags: ['kb'],
    summary: "The 5 articles most likely to answer a ticket's text (subject, description, last message)",
    middleware: [signedIn] as const,
    request: { body: jsonBody(ZTicketSuggestionRequest) },
    responses: { 200: jsonResponse('Up to 5 articles', ZSearchResponse), 400: errorResponses[400], 401: errorResponses[401] },
  });

  const gapsRoute = createRoute({
    method: 'get',
    path: '/gaps',
    tags: ['kb'],
    summary: 'Content gaps: searches without results and articles voted unhelpful (supervisors)',
    middleware: [editors] as const,
    responses: { 200: jsonResponse('Content gaps', ZContentGaps), 401: errorResponses[401], 403: errorResponses[403] },
  });

  const listRoute = createRoute({
    method: 'get',
    path: '/articles',
    tags: ['kb'],
    summary: 'Articles in every status (staff)',
    middleware: [signedIn] as const,
    request: { query: ZArticleListQuery },
    responses: { 200: jsonResponse('A page of articles', ZArticleList), 400: errorResponses[400], 401: errorResponses[401] },
  });

  const createArticleRoute = createRoute({
    method: 'post',
    path: '/articles',
    tags: ['kb'],
    summary: 'Write an article or a translation (supervisors and admins)',
    middleware: [editors] as const,
    request: { body: jsonBody(ZCreateArticleRequest) },
    responses: { 201: jsonResponse('Created', ZArticle), ...common, 409: errorResponses[409] },
  });

  const getArticleRoute = createRoute({
    method: 'get',
    path: '/articles/{id}',
    tags: ['kb'],
    summary: 'One article with its sanitised HTML (public: published public articles only)',
    middleware: [limit(KB_PUBLIC_LIMITS.read)] as const,
    request: { params: ZIdParams },
    responses: { 200: jsonResponse('The article', ZArticle), 400: errorResponses[400], 404: errorResponses[404], 429: errorResponses[429] },
  });

  const updateArticleRoute = createRoute({
    method: 'patch',
    path: '/articles/{id}',
    tags: ['kb'],
    summary: 'Save changes as a new version; expectedVersion guards against overwriting (supervisors and admins)',
    middleware: [editors] as const,
    request: { params: ZIdParams, body: jsonBody(ZUpdateArticleRequest) },
    responses: { 200: jsonResponse('Saved', ZArticle), ...common, 409: errorResponses[409] },
  });

  const versionsRoute = createRoute({
    method: 'get',
    path: '/articles/{id}/versions',
    tags: ['kb'],
    summary: 'Every saved version, newest first (staff)',
    middleware: [signedIn] as const,
    request: { params: ZIdParams },
    responses: { 200: jsonResponse('Versions', ZArticleVersionList), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
  });

  const versionRoute = createRoute({
    method: 'get',
    path: '/articles/{id}/versions/{version}',
    tags: ['kb'],
    summary: 'One saved version in full (staff)',
    middleware: [signedIn] as const,
    request: { params: ZArticleVersionParams },
    responses: { 200: jsonResponse('The version', ZArticleVersion), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
  });

  const diffRoute = createRoute({
    method: 'get',
    path: '/articles/{id}/diff',
    tags: ['kb'],
    summary: 'What changed between two versions (staff)',
    middleware: [signedIn] as const,
    request: { params: ZIdParams, query: ZArticleDiffQuery },
    responses: { 200: jsonResponse('The differences', ZArticleDiff), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
  });

  const restoreRoute = createRoute({
    method: 'post',
    path: '/articles/{id}/versions/{version}/restore',
    tags: ['kb'],
    summary: "Restore an older version's content as a new version (supervisors and admins)",
    middleware: [editors] as const,
    request: { params: ZArticleVersionParams },
    responses: { 200: jsonResponse('Saved', ZArticle), ...common },
  });

  const feedbackRoute = createRoute({
    method: 'post',
    path: '/articles/{id}/feedback',
    tags: ['kb'],
    summary: 'Vote an article helpful or not, with an optional comment (public)',
    middleware: [limit(KB_PUBLIC_LIMITS.feedback)] as const,
    request: { params: ZIdParams, body: jsonBody(ZArticleFeedbackRequest) },
    responses: { 201: jsonResponse('The new counts', ZArticleFeedbackCounts), 400: errorResponses[400], 404: errorResponses[404], 429: errorResponses[429] },
  });

  const createSuggestionRoute = createRoute({
    method: 'post',
    path: '/articles/{id}/edit-suggestions',
    tags: ['kb'],
    summary: 'Suggest a change to an article (agents and up)',
    middleware: [signedIn] as const,
    request: { params: ZIdParams, body: jsonBody(ZCreateEditSuggestionRequest) },
    responses: { 201: jsonResponse('Suggested', ZEditSuggestion), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
  });

  const listSuggestionsRoute = createRoute({
    method: 'get',
    path: '/articles/{id}/edit-suggestions',
    tags: ['kb'],
    summary: 'Suggested changes to an article (staff)',
    middleware: [signedIn] as const,
    request: { params: ZIdParams },
    responses: { 200: jsonResponse('Suggestions', ZEditSuggestionList), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
  });

  const decideSuggestionRoute = createRoute({
    method: 'patch',
    path: '/articles/{id}/edit-suggestions/{suggestionId}',
    tags: ['kb'],
    summary: 'Accept (apply as a new version) or reject a suggestion (supervisors and admins)',
    middleware: [editors] as const,
    request: { params: ZEditSuggestionParams, body: jsonBody(ZDecideEditSuggestionRequest) },
    responses: { 200: jsonResponse('Decided', ZEditSuggestion), ...common, 409: errorResponses[409] },
  });

  return createOpenApiApp()
    .openapi(searchRoute, async (c) => c.json(await searchArticles(c.req.valid('query'), audienceOf(c)), 200))
    .openapi(typeaheadRoute, async (c) => {
      const { q, lang } = c.req.valid('query');
      return c.json(await suggestWhileTyping(q, lang), 200);
    })
    .openapi(ticketSuggestionsRoute, async (c) => {
      const { text, lang } = c.req.valid('json');
      return c.json(await suggestArticlesForText(text, lang), 200);
    })
    .openapi(gapsRoute, async (c) => c.json(await listContentGaps(), 200))
    .openapi(listRoute, async (c) => c.json(await listArticles(c.req.valid('query')), 200))
    .openapi(createArticleRoute, async (c) => c.json(await createArticle(c.req.valid('json'), requireUser(c)._id.toString()), 201))
    .openapi(getArticleRoute, async (c) => c.json(await getArticleById(c.req.valid('param').id, audienceOf(c)), 200))
    .openapi(updateArticleRoute, async (c) =>
      c.json(await updateArticle(c.req.valid('param').id, c.req.valid('json'), requireUser(c)._id.toString()), 200),
    )
    .openapi(versionsRoute, async (c) => c.json(await listArticleVersions(c.req.valid('param').id), 200))
    .openapi(versionRoute, async (c) => {
      const { id, version } = c.req.valid('param');
      return c.json(await getArticleVersion(id, version), 200);
    })
    .openapi(diffRoute, async (c) => {
      const { from, to } = c.req.valid('query');
      return c.json(await diffArticleVersions(c.req.valid('param').id, from, to), 200);
    })
    .openapi(restoreRoute, async (c) => {
      const { id, version } = c.req.valid('param');
      return c.json(await restoreArticleVersion(id, version, requireUser(c)._id.toString()), 200);
    })
    .openapi(feedbackRoute, async (c) => {
      const user = c.get('user');
      const counts = await recordArticleFeedback(c.req.valid('param').id, c.req.valid('json'), {
        audience: audienceOf(c),
        userId: user?._id.toString(),
      });
      return c.json(counts, 201);
    })
    .openapi(createSuggestionRoute, async (c) =>
      c.json(await createEditSuggestion(c.req.valid('param').id, c.req.valid('json'), requireUser(c)._id.toString()), 201),
    )
    .openapi(listSuggestionsRoute, async (c) => c.json(await listEditSuggestions(c.req.valid('param').id), 200))
    .openapi(decideSuggestionRoute, async (c) => {
      const { id, suggestionId } = c.req.valid('param');
      const { decision } = c.req.valid('json');
      return c.json(await decideEditSuggestion(id, suggestionId, decision, requireUser(c)._id.toString()), 200);
    });
}
