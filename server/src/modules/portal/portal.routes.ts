import { createRoute } from '@hono/zod-openapi';
import {
  ZPortalLookupRequest,
  ZPortalReplyRequest,
  ZPortalRequest,
  ZPortalRequestCreated,
  ZPortalRequestStatus,
} from '../../../../shared/src/schemas/portal.js';
import type { Context } from 'hono';
import type { AppDependencies, AppEnv } from '../../app-env.js';
import { getClientIp } from '../../middleware/client-ip.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { limitByClientAddress } from '../rate-limit/rate-limit.middleware.js';
import { consumeRateLimit, rateLimitedError, type RateLimitRule } from '../rate-limit/rate-limit.service.js';
import { answerPortalRequest, getPortalRequestStatus, submitPortalRequest } from './portal.service.js';

/** Limits for the public portal, shared by every node through the database. */
export const PORTAL_LIMITS = {
  /** New requests per client address: a room of members behind one address can still write a few. */
  submit: { bucket: 'portal-submit', limit: 10, windowMs: 60 * 60_000 },
  /** Follow-up lookups per client address. */
  lookup: { bucket: 'portal-lookup', limit: 30, windowMs: 10 * 60_000 },
  /** Failed lookups per reference, from any address: guessing one request's code stays hopeless. */
  lookupFailures: { bucket: 'portal-lookup-reference', limit: 10, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimitRule>;

const tags = ['portal'];

const submitRoute = (trustProxy: boolean) =>
  createRoute({
    method: 'post',
    path: '/requests',
    tags,
    middleware: [limitByClientAddress(PORTAL_LIMITS.submit, trustProxy)] as const,
    summary: 'Send a request from the public portal (no session): opens a web ticket, answers its reference and a follow-up code',
    request: { body: jsonBody(ZPortalRequest) },
    responses: { 201: jsonResponse('The reference and the follow-up code (shown once)', ZPortalRequestCreated), 400: errorResponses[400], 429: errorResponses[429] },
  });

const lookupRoute = createRoute({
  method: 'post',
  path: '/requests/lookup',
  tags,
  summary: 'Follow a portal request with its reference and follow-up code: status and public replies',
  request: { body: jsonBody(ZPortalLookupRequest) },
  responses: {
    200: jsonResponse('The request as its requester may see it', ZPortalRequestStatus),
    400: errorResponses[400],
    404: errorResponses[404],
    429: errorResponses[429],
  },
});

const replyRoute = createRoute({
  method: 'post',
  path: '/requests/reply',
  tags,
  summary: 'Answer the center from the follow page, with the reference and follow-up code: the answer lands in the ticket and reopens it',
  request: { body: jsonBody(ZPortalReplyRequest) },
  responses: {
    200: jsonResponse('The request with the answer added', ZPortalRequestStatus),
    400: errorResponses[400],
    404: errorResponses[404],
    409: errorResponses[409],
    429: errorResponses[429],
  },
});

export function createPortalRoutes({ config, publisher }: AppDependencies) {
  const deps = { publisher };
  /** Lookups and answers share the per-address limit and the per-reference limit on failures. */
  const withCodeLimits = async <T>(c: Context<AppEnv>, reference: string, act: () => Promise<T>): Promise<T> => {
    const perAddress = await consumeRateLimit(PORTAL_LIMITS.lookup, getClientIp(c, config.TRUST_PROXY));
    if (!perAddress.allowed) throw rateLimitedError(perAddress.retryAfterSeconds);
    const perReference = await consumeRateLimit(PORTAL_LIMITS.lookupFailures, reference);
    if (!perReference.allowed) throw rateLimitedError(perReference.retryAfterSeconds);
    const result = await act();
    // Only failures count against the reference.
    await perReference.refund();
    return result;
  };
  return createOpenApiApp()
    .openapi(replyRoute, async (c) => {
      const reply = c.req.valid('json');
      return c.json(await withCodeLimits(c, reply.reference, () => answerPortalRequest(reply, deps)), 200);
    })
    .openapi(submitRoute(config.TRUST_PROXY), async (c) => c.json(await submitPortalRequest(c.req.valid('json'), deps), 201))
    .openapi(lookupRoute, async (c) => {
      const lookup = c.req.valid('json');
      const perAddress = await consumeRateLimit(PORTAL_LIMITS.lookup, getClientIp(c, config.TRUST_PROXY));
      if (!perAddress.allowed) throw rateLimitedError(perAddress.retryAfterSeconds);
      const perReference = await consumeRateLimit(PORTAL_LIMITS.lookupFailures, lookup.reference);
      if (!perReference.allowed) throw rateLimitedError(perReference.retryAfterSeconds);
      const status = await getPortalRequestStatus(lookup);
      // Only failures count against the reference.
      await perReference.refund();
      return c.json(status, 200);
    });
}
