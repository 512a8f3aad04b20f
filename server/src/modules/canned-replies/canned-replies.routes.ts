import { createRoute } from '@hono/zod-openapi';
import {
  ZCannedReply,
  ZCannedReplyList,
  ZCannedReplyParams,
  ZCannedReplyQuery,
  ZCreateCannedReplyRequest,
  ZUpdateCannedReplyRequest,
} from '@mowakaba/shared/schemas/canned-replies';
import { requireRole, requireUser } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { createCannedReply, deleteCannedReply, listCannedReplies, updateCannedReply } from './canned-replies.service.js';

const tags = ['canned-replies'];
const managers = requireRole('supervisor', 'admin');
const writeErrors = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] };

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Canned replies, by language; with a topic, that topic’s first, then those for any topic',
  request: { query: ZCannedReplyQuery },
  responses: { 200: jsonResponse('Canned replies', ZCannedReplyList), 400: errorResponses[400], 401: errorResponses[401] },
});

const createReplyRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Add a canned reply; its text may use {association}, {reference}, {agent} (supervisors, admins)',
  middleware: [managers] as const,
  request: { body: jsonBody(ZCreateCannedReplyRequest) },
  responses: { 201: jsonResponse('Created', ZCannedReply), ...writeErrors },
});

const updateReplyRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change a canned reply (supervisors, admins)',
  middleware: [managers] as const,
  request: { params: ZCannedReplyParams, body: jsonBody(ZUpdateCannedReplyRequest) },
  responses: { 200: jsonResponse('Updated', ZCannedReply), ...writeErrors, 404: errorResponses[404] },
});

const deleteReplyRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Remove a canned reply (supervisors, admins)',
  middleware: [managers] as const,
  request: { params: ZCannedReplyParams },
  responses: { 204: { description: 'Removed' }, ...writeErrors, 404: errorResponses[404] },
});

export function createCannedRepliesRoutes() {
  return createOpenApiApp()
    .openapi(listRoute, async (c) => c.json({ items: await listCannedReplies(c.req.valid('query')) }, 200))
    .openapi(createReplyRoute, async (c) => c.json(await createCannedReply(c.req.valid('json'), requireUser(c)._id.toString()), 201))
    .openapi(updateReplyRoute, async (c) => c.json(await updateCannedReply(c.req.valid('param').id, c.req.valid('json'), requireUser(c)._id.toString()), 200))
    .openapi(deleteReplyRoute, async (c) => {
      await deleteCannedReply(c.req.valid('param').id);
      return c.body(null, 204);
    });
}
