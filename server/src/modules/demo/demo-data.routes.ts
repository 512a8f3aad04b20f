import { createRoute } from '@hono/zod-openapi';
import { ZDemoDataRemoval, ZDemoDataState } from '@mowakaba/shared/schemas/demo-data';
import type { AppDependencies } from '../../app-env.js';
import { requireRole, requireUser } from '../../middleware/session.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonResponse } from '../openapi-responses.js';
import { getDemoDataState, removeDemoData } from './remove-demo-data.js';

const tags = ['administration'];
const adminOnly = requireRole('admin');
const refusals = { 401: errorResponses[401], 403: errorResponses[403] };

const getDemoDataRoute = createRoute({
  method: 'get',
  path: '/demo-data',
  tags,
  summary: 'Whether the demo data was loaded, what is left of it and when it was removed (admins)',
  middleware: [adminOnly] as const,
  responses: { 200: jsonResponse('The demo data now', ZDemoDataState), ...refusals },
});

const removeDemoDataRoute = createRoute({
  method: 'delete',
  path: '/demo-data',
  tags,
  summary:
    'Remove the demo data: its tickets, its associations that hold no real work and its articles; its users are disabled (admins; idempotent; audited). The next start does not load it again',
  middleware: [adminOnly] as const,
  responses: { 200: jsonResponse('What was removed (counts)', ZDemoDataRemoval), ...refusals },
});

export function createDemoDataRoutes({ publisher }: AppDependencies) {
  return createOpenApiApp()
    .openapi(getDemoDataRoute, async (c) => c.json(await getDemoDataState(), 200))
    .openapi(removeDemoDataRoute, async (c) => {
      const user = requireUser(c);
      const actor = { _id: user._id, name: user.name, role: user.role };
      return c.json(await removeDemoData({ actor, publisher, requestId: c.get('requestId') }), 200);
    });
}
