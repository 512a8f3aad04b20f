import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';

const PORTAL_LANGUAGES = ['ar', 'fr', 'en'] as const;
type PortalLanguage = (typeof PORTAL_LANGUAGES)[number];

/**
 * The portal's language, chosen as the page's script chooses it: `?lang=`, then the browser's
 * languages in order of preference, then Arabic.
 */
export function choosePortalLanguage(query: string | undefined, acceptLanguage: string | undefined): PortalLanguage {
  const isPortalLanguage = (value: string): value is PortalLanguage => (PORTAL_LANGUAGES as readonly string[]).includes(value);
  if (query && isPortalLanguage(query)) return query;
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part, position) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((param) => param.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { language: tag.slice(0, 2).toLowerCase(), q: Number.isFinite(q) ? q : 0, position };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.position - b.position);
  return preferred.map((entry) => entry.language).find(isPortalLanguage) ?? 'ar';
}

const isPortalPath = (path: string) => path === '/portal' || path.startsWith('/portal/');
const isPortalHome = (path: string) => path === '/portal' || path === '/portal/';

/**
 * Serves the built single-page app: files as they are (the brotli or gzip copy made at build time
 * when the browser takes it; hashed assets cached for a year), the portal's first screen in the
 * visitor's language for portal pages, index.html for any other page path.
 */
export function serveWebApp(app: OpenAPIHono<AppEnv>, webDistDir: string) {
  const root = relative(process.cwd(), webDistDir) || '.';
  const indexHtml = readFile(join(webDistDir, 'index.html'), 'utf8');
  const portalPages = new Map<string, Promise<string>>();
  const portalPage = (name: string) => {
    const file = join(webDistDir, name);
    if (!portalPages.has(name)) portalPages.set(name, existsSync(file) ? readFile(file, 'utf8') : indexHtml);
    return portalPages.get(name)!;
  };
  // Set on the answer itself: serveStatic's onFound runs after its response is built, too late for a header.
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200 || c.res.status === 206) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('/assets/*', serveStatic({ root, precompressed: true }));
  app.use('*', serveStatic({ root, precompressed: true }));
  app.get('*', async (c: Context<AppEnv>) => {
    const path = c.req.path;
    if (!isPortalPath(path)) return c.html(await indexHtml, 200, { 'Cache-Control': 'no-cache' });
    const language = choosePortalLanguage(c.req.query('lang'), c.req.header('Accept-Language'));
    const page = await portalPage(`${isPortalHome(path) ? 'portal-home' : 'portal'}.${language}.html`);
    return c.html(page, 200, { 'Cache-Control': 'no-cache', Vary: 'Accept-Language' });
  });
}
