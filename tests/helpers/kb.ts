import type { App } from '../../server/src/app.js';
import { jsonRequest } from './factories.js';

/** A valid article body for POST /api/kb/articles; every field can be overridden. */
export function articleInput(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Créer une association',
    body: '## Étapes\nRédiger les **statuts**, tenir l’assemblée constitutive, déposer le dossier.',
    lang: 'fr',
    topic: 'founding',
    status: 'published',
    visibility: 'public',
    summary: 'Les étapes essentielles.',
    tags: ['création'],
    ...overrides,
  };
}

/** Creates an article through the API as the given supervisor; returns the created article. */
export async function createArticleThroughApi(app: App, cookie: string, overrides: Record<string, unknown> = {}) {
  const response = await app.request('/api/kb/articles', jsonRequest('POST', articleInput(overrides), cookie));
  if (response.status !== 201) throw new Error(`article creation failed with ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string; version: number; groupId: string; title: string };
}

/** GET /api/kb/search with the given parameters, as the given session (or anonymous). */
export function searchRequest(app: App, params: Record<string, string>, cookie?: string) {
  return app.request(`/api/kb/search?${new URLSearchParams(params).toString()}`, { headers: cookie ? { Cookie: cookie } : {} });
}
