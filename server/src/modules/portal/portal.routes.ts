import { createRoute } from '@hono/zod-openapi';
import {
  ZPortalLookupRequest,
  ZPortalRequest,
  ZPortalRequestCreated,
  ZPortalRequestStatus,
} from '../../../../shared/src/schemas/portal.js';
import type { AppDependencies } from '../../app-env.js';
import { getClientIp } from '../../middleware/client-ip.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { errorResponses, jsonBody, jsonResponse } from '../openapi-responses.js';
import { limitByClientAddress } from '../rate-limit/rate-limit.middleware.js';
import {
  clearFailures,
  consumeRateLimit,
  rateLimitedError,
  readBackoff,
  recordFailure,
  type BackoffRule,
  type RateLimitRule,
} from '../rate-limit/rate-limit.service.js';
import { getPortalRequestStatus, submitPortalRequest } from './portal.service.js';

/** Limits for the public portal, shared by every node through the database. */
export const PORTAL_LIMITS = {
  /** New requests per client address: a room of members behind one address can still write a few. */
  submit: { bucket: 'portal-submit', limit: 10, windowMs: 60 * 60_000 },
  /** Follow-up lookups per client address. */
  lookup: { bucket: 'portal-lookup', limit: 30, windowMs: 10 * 60_000 },
} satisfies Record<string, RateLimitRule>;

/**
 * Failed lookups of one reference from one address wait longer and longer. Not per reference alone:
 * anyone could then block the requester for an hour with ten wrong codes, and the 60-bit code is
 * beyond guessing at the per-address rate anyway.
 */
export const PORTAL_LOOKUP_BACKOFF: BackoffRule = {
  bucket: 'portal-lookup-reference-address',
  freeFailures: 5,
  firstDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

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

export function createPortalRoutes({ config, publisher }: AppDependencies) {
  const deps = { publisher };
  return createOpenApiApp()
    .openapi(submitRoute(config.TRUST_PROXY), async (c) => c.json(await submitPortalRequest(c.req.valid('json'), deps), 201))
    .openapi(lookupRoute, async (c) => {
      const lookup = c.req.valid('json');
      const address = getClientIp(c, config.TRUST_PROXY);
      const perAddress = await consumeRateLimit(PORTAL_LIMITS.lookup, address);
      if (!perAddress.allowed) throw rateLimitedError(perAddress.retryAfterSeconds);
      const failureKey = `${lookup.reference}|${address}`;
      const backoff = await readBackoff(PORTAL_LOOKUP_BACKOFF, failureKey);
      if (!backoff.allowed) throw rateLimitedError(backoff.retryAfterSeconds);
      const status = await getPortalRequestStatus(lookup).catch(async (error: unknown) => {
        await recordFailure(PORTAL_LOOKUP_BACKOFF, failureKey);
        throw error;
      });
      await clearFailures(PORTAL_LOOKUP_BACKOFF, failureKey);
      return c.json(status, 200);
    });
}
