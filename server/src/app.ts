import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { ROUTE_ACCESS } from './access/route-access.js';
import type { Modules } from './composition.js';
import { createDatabaseAvailability } from './database/database-availability.js';
import { AppError } from './errors.js';
import { createMetrics, serveMetrics } from './metrics/metrics.js';
import { handleError, handleNotFound, respondNotFound } from './middleware/error-handler.js';
import { checkOrigin } from './middleware/origin-check.js';
import { requireDatabase } from './middleware/require-database.js';
import { requestContext } from './middleware/request-context.js';
import { loadSession, requireSession } from './middleware/session.js';
import { auditRequests } from './modules/audit/audit-requests.middleware.js';
import { createAuditRoutes } from './modules/audit/audit.routes.js';
import { createPrivacyRoutes } from './modules/privacy/privacy.routes.js';
import { createDemoDataRoutes } from './modules/demo/index.js';
import { createAssociationsRoutes } from './modules/associations/associations.routes.js';
import { createAuthRoutes } from './modules/auth/auth.routes.js';
import { createCannedRepliesRoutes } from './modules/canned-replies/canned-replies.routes.js';
import { createCallsRoutes, createVoiceRoutes } from './modules/calls/calls.routes.js';
import { createVoiceWebhookRoutes } from './modules/calls/voice-webhooks.routes.js';
import { createMessagingWebhookRoutes } from './modules/messages/messaging-webhooks.routes.js';
import { createDashboardRoutes, createWallboardRoutes } from './modules/dashboard/index.js';
import { createDocsRoutes } from './modules/docs/docs.routes.js';
import { createHealthRoutes } from './modules/health/health.routes.js';
import { createKbRoutes } from './modules/kb/kb.routes.js';
import { createPortalRoutes } from './modules/portal/portal.routes.js';
import { createPresenceRoutes } from './modules/presence/presence.routes.js';
import { createShortLinkRoutes } from './modules/short-links/short-links.routes.js';
import { createSlaRoutes } from './modules/sla/sla.routes.js';
import { createTeamsRoutes } from './modules/teams/teams.routes.js';
import { createTicketSearchRoutes } from './modules/ticket-search/index.js';
import { createTicketsRoutes } from './modules/tickets/tickets.routes.js';
import { createUsersRoutes } from './modules/users/users.routes.js';
import { createOpenApiApp } from './openapi-app.js';
import { serveWebApp } from './serve-web-app.js';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * API routes reachable without a session (declared `public` in the route access table, or
 * `wallboard-link`: those check a TV's token themselves); every other /api route answers 401 to the
 * anonymous. A `:name` segment stands for any one path segment.
 */
export const PUBLIC_API_ROUTES: ReadonlyArray<{ method: string; path: string }> = Object.entries(ROUTE_ACCESS)
  .filter(([, access]) => access === 'public' || access === 'wallboard-link')
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

/** Builds the whole HTTP application over the modules of one app; it does not listen, so tests call `app.request()`. */
export function createApp(deps: Modules) {
  const app = createOpenApiApp();

  // Every request is served with this app's own caches (see composition.ts).
  app.use('*', (_c, next) => deps.scope.run(next));

  const metrics = deps.metrics ?? createMetrics();
  metrics.sources.ticketDirectoryWarm = () => deps.ticketDirectory.isWarm;
  app.use('*', metrics.timeRequests());
  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  // JSON and pages go out gzipped to browsers that take it (static files have brotli copies from the build).
  app.use('*', compress());
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
  const databaseAvailability = deps.databaseAvailability ?? createDatabaseAvailability(deps.connection);
  metrics.sources.database ??= databaseAvailability;
  app.use('/api/*', requireDatabase(databaseAvailability));
  app.use('/api/*', checkOrigin(deps.config.PUBLIC_URL));
  app.use('/api/*', loadSession(deps.sessionSettings));
  app.use('/api/*', requireSession(isPublicApiRoute));
  app.use('/api/*', auditRequests());

  app.route('/', createHealthRoutes(databaseAvailability));
  app.get('/metrics', serveMetrics(metrics, deps.config.METRICS_TOKEN));
  app.route('/api/auth', createAuthRoutes(deps));
  app.route('/api/users', createUsersRoutes());
  app.route('/api/associations', createAssociationsRoutes(deps));
  app.route('/api/tickets/search', createTicketSearchRoutes(deps.ticketDirectory));
  app.route('/api/tickets', createTicketsRoutes(deps));
  app.route('/api/presence', createPresenceRoutes(deps));
  app.route('/api/sla', createSlaRoutes());
  app.route('/api/teams', createTeamsRoutes());
  app.route('/api/canned-replies', createCannedRepliesRoutes());
  app.route('/api/kb', createKbRoutes(deps));
  app.route('/api/portal', createPortalRoutes(deps));
  app.route('/api/docs', createDocsRoutes());
  app.route('/api/calls', createCallsRoutes(deps));
  app.route('/api/voice', createVoiceRoutes(deps));
  app.route('/api/audit-log', createAuditRoutes());
  app.route('/api/privacy', createPrivacyRoutes(deps));
  app.route('/api/admin', createDemoDataRoutes(deps));
  app.route('/api/dashboard', createDashboardRoutes(deps));
  app.route('/api/wallboard', createWallboardRoutes(deps));
  app.route('/webhooks/twilio/voice', createVoiceWebhookRoutes(deps));
  app.route('/webhooks/twilio/messaging', createMessagingWebhookRoutes(deps));
  app.route('/s', createShortLinkRoutes(deps));

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

export type App = ReturnType<typeof createApp>;
