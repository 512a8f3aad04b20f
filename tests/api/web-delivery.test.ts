import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { choosePortalLanguage } from '../../server/src/serve-web-app.js';
import { createSignedInUser } from '../helpers/factories.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

/** A built web app in miniature: the page, the portal's first screens, one hashed script with its compressed copies. */
async function buildWebDist(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mowakaba-web-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><html lang="ar" dir="rtl"><body><div id="root"></div></body></html>');
  await writeFile(join(dir, 'portal-home.fr.html'), '<html lang="fr" dir="ltr"><body><div id="root"><input id="portal-shell-q"></div></body></html>');
  await writeFile(join(dir, 'portal.ar.html'), '<html lang="ar" dir="rtl"><body><div id="root">…</div></body></html>');
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;
  await writeFile(join(dir, 'assets', 'app-3f2a1b.js'), script);
  await writeFile(join(dir, 'assets', 'app-3f2a1b.js.br'), brotliCompressSync(script));
  await writeFile(join(dir, 'assets', 'app-3f2a1b.js.gz'), gzipSync(script));
  return dir;
}

describe('delivery to slow connections', () => {
  it('sends the brotli copy of a hashed script, cached for a year, and gzip to browsers without brotli', async () => {
    const webDistDir = await buildWebDist();
    const { app } = createTestApp({}, undefined, () => ({ webDistDir }));
    const brotli = await app.request('/assets/app-3f2a1b.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(brotli.status).toBe(200);
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('content-type')).toMatch(/javascript/);
    expect(brotli.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Number(brotli.headers.get('content-length'))).toBeLessThan(200);

    const gzip = await app.request('/assets/app-3f2a1b.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toContain('console.log');
  });

  it('gzips JSON answers above a kilobyte', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const response = await app.request('/api/openapi.json', { headers: { Cookie: admin.cookie, 'Accept-Encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString()).openapi).toBe('3.1.0');
  });

  it('answers portal pages with the first screen in the visitor’s language, never cached', async () => {
    const webDistDir = await buildWebDist();
    const { app } = createTestApp({}, undefined, () => ({ webDistDir }));
    const home = await app.request('/portal', { headers: { 'Accept-Language': 'fr-FR,fr;q=0.9,ar;q=0.5' } });
    expect(home.headers.get('cache-control')).toBe('no-cache');
    expect(home.headers.get('vary')).toContain('Accept-Language');
    expect(await home.text()).toContain('portal-shell-q');
    expect(await (await app.request('/portal/follow?lang=ar')).text()).toContain('lang="ar"');
    expect(await (await app.request('/tickets/abc')).text()).toContain('<div id="root"></div>');
  });
});

describe('choosing the portal language', () => {
  it('takes ?lang= first, then the browser’s preference order, then Arabic', () => {
    expect(choosePortalLanguage('fr', 'ar-MA')).toBe('fr');
    expect(choosePortalLanguage(undefined, 'de-DE, en;q=0.8, fr;q=0.9')).toBe('fr');
    expect(choosePortalLanguage('xx', 'ar-MA,fr;q=0.5')).toBe('ar');
    expect(choosePortalLanguage(undefined, 'de, es;q=0.5')).toBe('ar');
    expect(choosePortalLanguage(undefined, undefined)).toBe('ar');
  });
});
