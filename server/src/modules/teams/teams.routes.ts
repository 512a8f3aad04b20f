import { createRoute } from '@hono/zod-openapi';
import { ZIdParams } from '@mowakaba/shared/schemas/common';
import { ZCreateTeamRequest, ZTeam, ZTeamList, ZUpdateTeamRequest } from '@mowakaba/shared/schemas/teams';
import { requireRole } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { createTeam, listTeams, updateTeam } from './teams.service.js';

const tags = ['teams'];
const adminOnly = requireRole('admin');

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Teams with their skills and members',
  responses: { 200: jsonResponse('Teams', ZTeamList), 401: errorResponses[401] },
});

const createTeamRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create a team with its skills (languages, topics) and, optionally, its members (admins)',
  middleware: [adminOnly] as const,
  request: { body: jsonBody(ZCreateTeamRequest) },
  responses: {
    201: jsonResponse('Created', ZTeam),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
  },
});

const updateTeamRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Rename a team, change its skills or replace its members (admins)',
  middleware: [adminOnly] as const,
  request: { params: ZIdParams, body: jsonBody(ZUpdateTeamRequest) },
  responses: {
    200: jsonResponse('Updated', ZTeam),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

export function createTeamsRoutes() {
  return createOpenApiApp()
    .openapi(listRoute, async (c) => c.json({ items: await listTeams() }, 200))
    .openapi(createTeamRoute, async (c) => c.json(await createTeam(c.req.valid('json')), 201))
    .openapi(updateTeamRoute, async (c) => c.json(await updateTeam(c.req.valid('param').id, c.req.valid('json')), 200));
}
