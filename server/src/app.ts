import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { ROUTE_ACCESS } from './access/route-access.js';
import type { AppDependencies } from './app-env.js';
import { AppError } from './errors.js';
import { handleError, handleNotFound, respondNotFound } from './middleware/error-handler.js';
import { checkOrigin } from './middleware/origin-check.js';
import { requestContext } from './middleware/request-context.js';
import { loadSession, requireSession } from './middleware/session.js';
import { createAssociationsRoutes } from './modules/associations/associations.routes.js';
import { createAuthRoutes } from './modules/auth/auth.routes.js';
import { createCallsRoutes, createVoiceRoutes } from './modules/calls/calls.routes.js';
import { createVoiceWebhookRoutes } from './modules/calls/voice-webhooks.routes.js';
import { createMessagingWebhookRoutes } from './modules/messages/messaging-webhooks.routes.js';
import { createDashboardRoutes } from './modules/dashboard/index.js';
import { createDocsRoutes } from './modules/docs/docs.routes.js';
import { createHealthRoutes } from './modules/health/health.routes.js';
import { createKbRoutes } from './modules/kb/kb.routes.js';
import { createPortalRoutes } from './modules/portal/portal.routes.js';
import { createPresenceRoutes } from './modules/presence/presence.routes.js';
import { createSlaRoutes } from './modules/sla/sla.routes.js';
import { createTeamsRoutes } from './modules/teams/teams.routes.js';
import { createTicketsRoutes } from './modules/tickets/tickets.routes.js';
import { createUsersRoutes } from './modules/users/users.routes.js';
import { createOpenApiApp } from './openapi-app.js';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * API routes reachable without a session (declared `public` in the route access table); every other
 * /api route answers 401 to the anonymous. A `:name` segment stands for any one path segment.
 */
export const PUBLIC_API_ROUTES: ReadonlyArray<{ method: string; path: string }> = Object.entries(ROUTE_ACCESS)
  .filter(([, access]) => access === 'public')
  .map(([route]) => {
    const [method, path] = route.split(' ') as [string, string];
    return { method, path };
  });

function matchesRoutePath(pattern: string, path: string): boolean {
  const patternSegments = pattern.split('/');
  const pathSegments = path.split('/');
  return (
    patternSegments.length === pathSegments.length &&
    patternSegments.every((segment, index) => (segment.startsWith(':') ? pathSegments[index] !== '' : segment === pathSegments[index]))
  );
}

export function isPublicApiRoute(method: string, path: string): boolean {
  return PUBLIC_API_ROUTES.some((route) => route.method === method && matchesRoutePath(route.path, path));
}

/** Builds the whole HTTP application; it does not listen, so tests call `app.request()`. */
export function createApp(deps: AppDependencies) {
  const app = createOpenApiApp();

  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', requestContext(deps.logger));
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        // Recordings play through the server (/api/calls/:sid/recording); prompts are only played by Twilio.
        mediaSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', `the request body exceeds ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.use('/api/*', checkOrigin(deps.config.PUBLIC_URL));
  app.use('/api/*', loadSession(deps.sessionSettings));
  app.use('/api/*', requireSession(isPublicApiRoute));

  app.route('/', createHealthRoutes(deps.connection));
  app.route('/api/auth', createAuthRoutes(deps));
  app.route('/api/users', createUsersRoutes());
  app.route('/api/associations', createAssociationsRoutes(deps));
  app.route('/api/tickets', createTicketsRoutes(deps));
  app.route('/api/presence', createPresenceRoutes(deps));
  app.route('/api/sla', createSlaRoutes());
  app.route('/api/teams', createTeamsRoutes());
  app.route('/api/kb', createKbRoutes(deps));
  app.route('/api/portal', createPortalRoutes(deps));
  app.route('/api/docs', createDocsRoutes());
  app.route('/api/calls', createCallsRoutes(deps));
  app.route('/api/voice', createVoiceRoutes(deps));
  app.route('/api/dashboard', createDashboardRoutes(deps));
  app.route('/webhooks/twilio/voice', createVoiceWebhookRoutes(deps));
  app.route('/webhooks/twilio/messaging', createMessagingWebhookRoutes(deps));

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Mowakaba API',
      version: '0.1.0',
      description: 'Contact-and-support center for civil-society associations. Errors: { error: { code, message, details? } }.',
    },
  });

  app.all('/api/*', respondNotFound);
  app.all('/webhooks/*', respondNotFound);
  if (deps.webDistDir && existsSync(join(deps.webDistDir, 'index.html'))) serveWebApp(app, deps.webDistDir);

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}

/** Serves the built single-page app: files as they are, index.html for any other page path. */
function serveWebApp(app: ReturnType<typeof createOpenApiApp>, webDistDir: string) {
  const root = relative(process.cwd(), webDistDir) || '.';
  const indexHtml = readFile(join(webDistDir, 'index.html'), 'utf8');
  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use('*', serveStatic({ root }));
  app.get('*', async (c) => c.html(await indexHtml, 200, { 'Cache-Control': 'no-cache' }));
}

export type App = ReturnType<typeof createApp>;
