import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { AppError } from '../errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated writes: a browser always sends Origin (or Sec-Fetch-Site) on
 * a cross-site POST, so a write whose origin is neither ours nor absent is refused. Clients that are
 * not browsers send neither header and cannot carry a victim's cookie anyway.
 */
export function checkOrigin(publicUrl: string): MiddlewareHandler<AppEnv> {
  const allowedOrigin = new URL(publicUrl).origin;
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      const fetchSite = c.req.header('sec-fetch-site');
      const requestOrigin = new URL(c.req.url).origin;
      const originAllowed = origin === undefined || origin === allowedOrigin || origin === requestOrigin;
      const siteAllowed = fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none';
      if (!originAllowed || !siteAllowed) {
        throw new AppError('forbidden', 'cross-site request refused');
      }
    }
    await next();
  };
}
