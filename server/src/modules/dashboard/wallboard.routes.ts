import { createRoute } from '@hono/zod-openapi';
import { ZDashboardLive } from '@mowakaba/shared/schemas/dashboard';
import type { AppDependencies } from '../../app-env.js';
import { AppError } from '../../errors.js';
import { getClientIp } from '../../middleware/client-ip.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonResponse } from '../openapi-responses.js';
import { consumeRateLimit, rateLimitedError, type RateLimitRule } from '../rate-limit/rate-limit.service.js';
import { getLiveSnapshot } from './get-live-snapshot.js';
import { findWallboardLink } from './wallboard-links.store.js';
import { getStorage } from '../../platform/storage/index.js';

const liveRoute = createRoute({
  method: 'get',
  path: '/live',
  tags: ['dashboard'],
  summary: 'The live snapshot for a TV, with the token of a wallboard link as `Authorization: Bearer`; scoped to the link’s team if it has one',
  responses: { 200: jsonResponse('Live figures', ZDashboardLive), 401: errorResponses[401], 429: errorResponses[429] },
});

/** Wrong tokens per client address: a TV with its link's token is never counted, a guesser soon waits. */
export const WALLBOARD_TOKEN_LIMIT = { bucket: 'wallboard-token', limit: 20, windowMs: 10 * 60_000 } satisfies RateLimitRule;

/** What a wallboard link's token opens: the live snapshot, and nothing else (no session is read here). */
export function createWallboardRoutes({ ticketDirectory, config, now = () => getStorage().clock.now() }: AppDependencies) {
  return createOpenApiApp().openapi(liveRoute, async (c) => {
    // Counted before the lookup and given back when the token opens a link, so a refused guess costs no lookup.
    const attempt = await consumeRateLimit(WALLBOARD_TOKEN_LIMIT, getClientIp(c, config.TRUST_PROXY));
    if (!attempt.allowed) throw rateLimitedError(attempt.retryAfterSeconds);
    const token = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const link = token ? await findWallboardLink(token) : undefined;
    if (!link) throw new AppError('unauthenticated', 'this wallboard link is unknown or revoked');
    await attempt.refund();
    return c.json(await getLiveSnapshot(ticketDirectory, now(), link.teamId ?? undefined), 200);
  });
}
