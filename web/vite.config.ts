import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const apiTarget = `http://localhost:${process.env.PORT ?? 3000}`;
const outDir = fileURLToPath(new URL('../dist/web', import.meta.url));
const PORTAL_LANGUAGES = ['ar', 'fr', 'en'] as const;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The portal's first screen in plain HTML, one file per language (`portal.<lang>.html` and
 * `portal-home.<lang>.html` with the search box): on a slow mobile connection the header and the
 * search paint as soon as the page arrives, before the script (the search form even works without
 * it). The server picks the file by `?lang=` or Accept-Language; React replaces it when it starts.
 * Styles are inline (the CSP allows inline styles, never inline scripts).
 */
function portalShellPlugin(): Plugin {
  return {
    name: 'mowakaba-portal-shell',
    apply: 'build',
    writeBundle(_options, bundle) {
      const index = readFileSync(join(outDir, 'index.html'), 'utf8');
      const portalChunk = Object.values(bundle).find((chunk) => chunk.type === 'chunk' && chunk.isDynamicEntry && chunk.name === 'portal-app');
      const preload = portalChunk ? `<link rel="modulepreload" crossorigin href="/${portalChunk.fileName}">` : '';
      for (const language of PORTAL_LANGUAGES) {
        const messages = JSON.parse(readFileSync(fileURLToPath(new URL(`./src/locales/${language}.json`, import.meta.url)), 'utf8'));
        const t = (key: string) => escapeHtml(String(key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages)));
        const dir = language === 'ar' ? 'rtl' : 'ltr';
        const header = `<div class="portal"><header class="portal__header"><a class="portal__brand brand-link" href="/portal?lang=${language}"><span class="brand">${BRAND_MARK_SVG}<span class="brand__names"><span class="brand__name">${t('app.name')}</span><span class="brand__other" lang="${language === 'ar' ? 'fr' : 'ar'}">${t('ui.brandOther')}</span></span></span></a><nav aria-label="${t('portal.nav.label')}"><a href="/portal?lang=${language}">${t('portal.nav.help')}</a><a href="/portal/ask?lang=${language}">${t('portal.nav.ask')}</a><a href="/portal/follow?lang=${language}">${t('portal.nav.follow')}</a></nav></header>`;
        const search = `<main class="portal__main"><section class="card portal-search"><h1>${t('portal.search.title')}</h1><p>${t('portal.search.intro')}</p><form action="/portal" method="get"><input type="hidden" name="lang" value="${language}"><label class="portal-field"><span>${t('portal.search.label')}</span><input id="portal-shell-q" type="search" name="q" dir="auto" placeholder="${t('portal.search.placeholder')}"></label></form></section></main></div>`;
        const loading = `<main class="portal__main"><p aria-busy="true">${t('common.loading')}</p></main></div>`;
        for (const [name, body] of [['portal-home', header + search], ['portal', header + loading]] as const) {
          // The stylesheet moves after the first screen: in the body it holds back only what follows it.
          const stylesheets = index.match(/<link rel="stylesheet"[^>]*>/g) ?? [];
          const html = stylesheets
            .reduce((page, link) => page.replace(link, ''), index)
            .replace('</body>', `${stylesheets.join('')}</body>`)
            .replace('<html lang="ar" dir="rtl">', `<html lang="${language}" dir="${dir}">`)
            .replace('</head>', `${preload}<style>${SHELL_CSS}</style></head>`)
            .replace('<div id="root"></div>', `<div id="root">${body}</div>`);
          writeFileSync(join(outDir, `${name}.${language}.html`), html);
        }
      }
    },
  };
}

// The seal of web/src/modules/ui/brand-mark.tsx, so the first screen shows the same header as the app.
const BRAND_MARK_SVG = '<svg class="brand-mark" width="32" height="32" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><circle cx="16" cy="16" r="15" fill="#f4a300"/><path d="M9 24c0-7 3-12 7-15" fill="none" stroke="#073b30" stroke-width="2.6" stroke-linecap="round"/><path d="M23 24c0-7-3-12-7-15" fill="none" stroke="#073b30" stroke-width="2.6" stroke-linecap="round"/><circle cx="16" cy="8" r="2.4" fill="#073b30"/></svg>';

// Just what the first screen needs, mirroring portal.css with logical properties.
const SHELL_CSS = `body{margin:0;font-family:system-ui,'Noto Sans Arabic','Segoe UI',Tahoma,sans-serif;color:#1b1f24;background:#f1f4f3}
.portal{min-block-size:100vh;display:flex;flex-direction:column}
.portal__header{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;background:#0b5c4a;color:#fff;padding:.75rem 1rem}
.portal__header a{color:#fff}.portal__header nav{display:flex;flex-wrap:wrap;gap:.5rem 1rem}
.portal__brand{font-size:1.3rem;font-weight:700;text-decoration:none}
.brand{display:inline-flex;align-items:center;gap:.55rem}.brand-mark{flex-shrink:0}.brand__names{display:inline-flex;flex-direction:column;line-height:1.15}
.brand__name{font-size:1.25rem;font-weight:700}.brand__other{font-size:.8rem;font-weight:400;color:#d7efe7}
@media (max-width:480px){.portal__header .brand__other{display:none}.portal__header .brand-mark{width:26px;height:26px}.portal__header nav{flex-basis:100%;flex-wrap:nowrap;justify-content:space-between;gap:.5rem;font-size:.85rem}.portal__header nav a{white-space:nowrap;text-decoration:none}}
.portal__main{inline-size:100%;max-inline-size:64rem;margin-inline:auto;box-sizing:border-box;padding:1rem}
.card{background:#fff;border-radius:10px;padding:1.5rem;box-shadow:0 1px 3px rgb(0 0 0/12%)}
.portal-search h1{font-size:1.35rem;margin-block:0}
.portal-field{display:flex;flex-direction:column;gap:.25rem}
.portal-field input{padding:.5rem;border:1px solid #8a949c;border-radius:6px;font:inherit;inline-size:100%;box-sizing:border-box}`;

/** Brotli and gzip copies of every text file, made once at build time; the server sends the one the browser accepts. */
function precompressPlugin(): Plugin {
  return {
    name: 'mowakaba-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? walk(path) : [path];
        });
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt)$/.test(file) || statSync(file).size < 1024) continue;
        const content = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), portalShellPlugin(), precompressPlugin()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
});
