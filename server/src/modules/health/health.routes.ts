import { createRoute } from '@hono/zod-openapi';
import { ZHealth, ZReadiness } from '@mowakaba/shared/schemas/health';
import type { DatabaseAvailability } from '../../database/database-availability.js';
import { createOpenApiApp } from '../../openapi-app.js';

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'The process is up',
  responses: { 200: { description: 'Up', content: { 'application/json': { schema: ZHealth } } } },
});

const readyRoute = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['health'],
  summary: 'The process can serve requests: the database answers',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: ZReadiness } } },
    503: { description: 'The database does not answer', content: { 'application/json': { schema: ZReadiness } } },
  },
});

export function createHealthRoutes(database: DatabaseAvailability) {
  return createOpenApiApp()
    .openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readyRoute, async (c) => {
      const up = await database.check();
      return up
        ? c.json({ status: 'ready' as const, database: 'up' as const }, 200)
        : c.json({ status: 'unavailable' as const, database: 'down' as const }, 503);
    });
}
