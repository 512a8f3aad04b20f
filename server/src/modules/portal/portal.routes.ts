import { createRoute } from '@hono/zod-openapi';
import {
  ZPortalCodeResendAnswer,
  ZPortalCodeResendRequest,
  ZPortalLookupRequest,
  ZPortalReplyRequest,
  ZPortalRequest,
  ZPortalRequestCreated,
  ZPortalRequestStatus,
} from '@mowakaba/shared/schemas/portal';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { Modules } from '../../composition.js';
import { AppError } from '../../errors.js';
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
import { sendFollowUpCode } from '../messages/messages.service.js';
import { answerPortalRequest, getPortalRequestStatus, renewFollowUpCode, submitPortalRequest } from './portal.service.js';

/** Limits for the public portal, shared by every node through the database. */
export const PORTAL_LIMITS = {
  /** New requests per client address: a room of members behind one address can still write a few. */
  submit: { bucket: 'portal-submit', limit: 10, windowMs: 60 * 60_000 },
  /** Follow-up lookups per client address. */
  lookup: { bucket: 'portal-lookup', limit: 30, windowMs: 10 * 60_000 },
  /** New codes asked for, per client address… */
  resendFromAddress: { bucket: 'portal-code-resend-address', limit: 5, windowMs: 60 * 60_000 },
  /** …and per request, whoever asks: a requester's phone is not flooded with codes. */
  resendOfReference: { bucket: 'portal-code-resend-reference', limit: 3, windowMs: 24 * 60 * 60_000 },
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

const resendCodeRoute = (trustProxy: boolean) =>
  createRoute({
    method: 'post',
    path: '/requests/resend-code',
    tags,
    middleware: [limitByClientAddress(PORTAL_LIMITS.resendFromAddress, trustProxy)] as const,
    summary: 'Ask for a new follow-up code, sent by SMS to the request’s phone number, or by e-mail to its address when it has no phone; the same answer whether they matched or not',
    request: { body: jsonBody(ZPortalCodeResendRequest) },
    responses: { 202: jsonResponse('Asked: a new code goes to the request’s number or address if they match an open request', ZPortalCodeResendAnswer), 400: errorResponses[400], 429: errorResponses[429] },
  });

export function createPortalRoutes(appDeps: Modules) {
  const { config, publisher, ticketDirectory } = appDeps;
  const deps = { publisher, tickets: ticketDirectory };
  const messaging = { publisher, twilio: appDeps.twilio, publicUrl: config.PUBLIC_URL, mail: appDeps.mail, logger: appDeps.logger };
  /** Answers are limited like lookups: per address, and wrong codes for one reference from one address wait longer and longer. */
  const withCodeLimits = async <T>(c: Context<AppEnv>, reference: string, act: () => Promise<T>): Promise<T> => {
    const address = getClientIp(c, config.TRUST_PROXY);
    const perAddress = await consumeRateLimit(PORTAL_LIMITS.lookup, address);
    if (!perAddress.allowed) throw rateLimitedError(perAddress.retryAfterSeconds);
    const failureKey = `${reference}|${address}`;
    const backoff = await readBackoff(PORTAL_LOOKUP_BACKOFF, failureKey);
    if (!backoff.allowed) throw rateLimitedError(backoff.retryAfterSeconds);
    const result = await act().catch(async (error: unknown) => {
      // Only a wrong code counts (not an answer to a closed request).
      if (error instanceof AppError && error.code === 'not_found') await recordFailure(PORTAL_LOOKUP_BACKOFF, failureKey);
      throw error;
    });
    await clearFailures(PORTAL_LOOKUP_BACKOFF, failureKey);
    return result;
  };
  return createOpenApiApp()
    .openapi(replyRoute, async (c) => {
      const reply = c.req.valid('json');
      return c.json(await withCodeLimits(c, reply.reference, () => answerPortalRequest(reply, deps)), 200);
    })
    .openapi(submitRoute(config.TRUST_PROXY), async (c) => c.json(await submitPortalRequest(c.req.valid('json'), deps), 201))
    .openapi(resendCodeRoute(config.TRUST_PROXY), async (c) => {
      const request = c.req.valid('json');
      const ofReference = await consumeRateLimit(PORTAL_LIMITS.resendOfReference, request.reference);
      if (!ofReference.allowed) throw rateLimitedError(ofReference.retryAfterSeconds);
      await renewFollowUpCode(request, (ticketId, code) => sendFollowUpCode(ticketId, code, messaging));
      return c.json({ asked: true as const }, 202);
    })
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
