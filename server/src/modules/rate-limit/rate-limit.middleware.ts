import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { getClientIp } from '../../middleware/client-ip.js';
import { consumeRateLimit, rateLimitedError, type RateLimitRule } from './rate-limit.service.js';

/**
 * Counts each request against `rule` per client address and answers 429 past it. With
 * `visitorsOnly`, signed-in staff are not counted.
 */
export function limitByClientAddress(rule: RateLimitRule, trustProxy: boolean, options: { visitorsOnly?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!options.visitorsOnly || !c.get('user')) {
      const decision = await consumeRateLimit(rule, getClientIp(c, trustProxy));
      if (!decision.allowed) throw rateLimitedError(decision.retryAfterSeconds);
    }
    await next();
  };
}
