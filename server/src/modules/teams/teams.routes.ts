import { createRoute } from '@hono/zod-openapi';
import { ZTeamList } from '../../../../shared/src/schemas/teams.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonResponse } from '../openapi-responses.js';
import { listTeams } from './teams.service.js';

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['teams'],
  summary: 'Teams with their skills and members',
  responses: { 200: jsonResponse('Teams', ZTeamList), 401: errorResponses[401] },
});

export function createTeamsRoutes() {
  return createOpenApiApp().openapi(listRoute, async (c) => c.json({ items: await listTeams() }, 200));
}
