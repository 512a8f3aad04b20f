import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { notFound } from '../../errors.js';

const require = createRequire(import.meta.url);
const swaggerUiDir: string = (require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

// Served as files, not inline, so the page works under a strict Content-Security-Policy and offline.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mowakaba API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs' });`;

/** The interactive API documentation page, from the swagger-ui-dist package. */
export function createDocsRoutes() {
  return new Hono<AppEnv>()
    .get('/', (c) => c.html(PAGE))
    .get('/init.js', (c) => c.body(INIT_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
    .get('/:asset', async (c) => {
      const asset = c.req.param('asset');
      const contentType = ASSETS[asset];
      if (!contentType) throw notFound('file');
      const body = await readFile(join(swaggerUiDir, asset));
      return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'public, max-age=86400' });
    });
}
