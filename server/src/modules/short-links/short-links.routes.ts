import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { ZShortLinkParams } from '@mowakaba/shared/schemas/short-links';
import type { AppDependencies } from '../../app-env.js';
import { AppError } from '../../errors.js';
import { createOpenApiApp } from '../../openapi-app.js';
import { choosePortalLanguage } from '../../serve-web-app.js';
import { errorResponses } from '../openapi-responses.js';
import { limitByClientAddress } from '../rate-limit/rate-limit.middleware.js';
import type { RateLimitRule } from '../rate-limit/rate-limit.service.js';
import { resolveShortLink } from './short-links.service.js';

/** Follows per client address: a member opening a few links never meets it, a script trying codes does. */
export const SHORT_LINK_LIMIT = { bucket: 'short-link', limit: 60, windowMs: 10 * 60_000 } satisfies RateLimitRule;

const followRoute = (trustProxy: boolean) =>
  createRoute({
    method: 'get',
    path: '/{code}',
    tags: ['short-links'],
    middleware: [limitByClientAddress(SHORT_LINK_LIMIT, trustProxy)] as const,
    summary: 'Follow a short link sent by SMS (no session): a redirect to the public page it stands for',
    request: { params: ZShortLinkParams },
    responses: {
      302: { description: 'To the page on this server (Location)', headers: z.object({ Location: z.string() }) },
      404: { ...errorResponses[404], description: 'Unknown code: the error body, or the portal’s “page not found” for a browser' },
      429: errorResponses[429],
    },
  });

/** `/s/<code>`: short links to public pages, for texts where every character counts. */
export function createShortLinkRoutes({ config, webDistDir }: AppDependencies) {
  const portalPages = new Map<string, Promise<string | null>>();
  /** The portal's page in the visitor's language: its script shows "page not found" for an address it does not know. */
  const portalPage = (language: string) => {
    const file = webDistDir ? join(webDistDir, `portal.${language}.html`) : null;
    if (!portalPages.has(language)) portalPages.set(language, file && existsSync(file) ? readFile(file, 'utf8') : Promise.resolve(null));
    return portalPages.get(language)!;
  };
  return createOpenApiApp().openapi(followRoute(config.TRUST_PROXY), async (c) => {
    const { code } = c.req.valid('param');
    try {
      return c.redirect(await resolveShortLink(code), 302);
    } catch (error) {
      const browser = (c.req.header('Accept') ?? '').includes('text/html');
      if (!(error instanceof AppError && error.code === 'not_found') || !browser) throw error;
      const page = await portalPage(choosePortalLanguage(c.req.query('lang'), c.req.header('Accept-Language')));
      if (!page) throw error;
      return c.html(page, 404, { 'Cache-Control': 'no-cache', Vary: 'Accept, Accept-Language' }) as never;
    }
  });
}
