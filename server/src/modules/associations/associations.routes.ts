import { createRoute } from '@hono/zod-openapi';
import {
  ZAssociation,
  ZAssociationList,
  ZAssociationListQuery,
  ZCreateAssociationRequest,
  ZMergeAssociationsRequest,
  ZPageQuery,
  ZPhoneLookupQuery,
  ZPhoneLookupResponse,
  ZUpdateAssociationRequest,
} from '@mowakaba/shared/schemas/associations';
import { ZIdParams } from '@mowakaba/shared/schemas/common';
import { ZAssociationTimeline } from '@mowakaba/shared/schemas/timeline';
import type { AppDependencies } from '../../app-env.js';
import { requireActor, requireRole } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { maskAssociationListPhones } from '../privacy/phone-masking.js';
import { createAssociation, getAssociationById, listAssociations, updateAssociation } from './associations.service.js';
import { listAssociationTimeline } from './association-history.service.js';
import { mergeAssociations } from './association-merge.service.js';
import { lookupAssociationsByPhone } from './phone-directory.js';

const tags = ['associations'];
const readErrors = { 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] };

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Search associations by name (Arabic or French), registration reference or city',
  request: { query: ZAssociationListQuery },
  responses: { 200: jsonResponse('A page of associations', ZAssociationList), 400: errorResponses[400], 401: errorResponses[401] },
});

const lookupRoute = createRoute({
  method: 'get',
  path: '/lookup',
  tags,
  summary: 'Caller ID: the associations and contacts with this phone number, in any common form',
  request: { query: ZPhoneLookupQuery },
  responses: { 200: jsonResponse('Matches, possibly none', ZPhoneLookupResponse), 400: errorResponses[400], 401: errorResponses[401] },
});

const createAssociationRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Register an association and its contacts',
  request: { body: jsonBody(ZCreateAssociationRequest) },
  responses: { 201: jsonResponse('Created', ZAssociation), ...readErrors, 409: errorResponses[409] },
});

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One association with its contacts',
  request: { params: ZIdParams },
  responses: { 200: jsonResponse('The association', ZAssociation), ...readErrors },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change an association; send the version you saw',
  request: { params: ZIdParams, body: jsonBody(ZUpdateAssociationRequest) },
  responses: { 200: jsonResponse('Updated', ZAssociation), ...readErrors, 409: errorResponses[409] },
});

const timelineRoute = createRoute({
  method: 'get',
  path: '/{id}/timeline',
  tags,
  summary: "The association's tickets, calls and messages, newest first",
  request: { params: ZIdParams, query: ZPageQuery },
  responses: { 200: jsonResponse('A page of history', ZAssociationTimeline), ...readErrors },
});

const mergeRoute = createRoute({
  method: 'post',
  path: '/{id}/merge',
  tags,
  summary: 'Merge another association (a duplicate) into this one, moving its history (supervisors, admins)',
  middleware: [requireRole('supervisor', 'admin')] as const,
  request: { params: ZIdParams, body: jsonBody(ZMergeAssociationsRequest) },
  responses: { 200: jsonResponse('The merged association', ZAssociation), ...readErrors, 403: errorResponses[403], 409: errorResponses[409] },
});

export function createAssociationsRoutes({ publisher }: AppDependencies) {
  return createOpenApiApp()
    .openapi(listRoute, async (c) => c.json(maskAssociationListPhones(await listAssociations(c.req.valid('query')), requireActor(c)), 200))
    .openapi(lookupRoute, async (c) => c.json(await lookupAssociationsByPhone(c.req.valid('query').phone), 200))
    .openapi(createAssociationRoute, async (c) => c.json(await createAssociation(c.req.valid('json')), 201))
    .openapi(getRoute, async (c) => c.json(await getAssociationById(c.req.valid('param').id), 200))
    .openapi(updateRoute, async (c) => c.json(await updateAssociation(c.req.valid('param').id, c.req.valid('json'), publisher), 200))
    .openapi(timelineRoute, async (c) => c.json(await listAssociationTimeline(c.req.valid('param').id, c.req.valid('query'), requireActor(c)), 200))
    .openapi(mergeRoute, async (c) => c.json(await mergeAssociations(c.req.valid('param').id, c.req.valid('json').sourceId, publisher), 200));
}
