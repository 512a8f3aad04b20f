import { describe, expect, it } from 'vitest';
import { ArticleVersionModel } from '../../server/src/modules/kb/article-version.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { articleInput, createArticleThroughApi, searchRequest } from '../helpers/kb.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

describe('writing articles', () => {
  it('lets a supervisor create an article, version 1, rendered to sanitised HTML', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const response = await app.request(
      '/api/kb/articles',
      jsonRequest('POST', articleInput({ body: '**Statuts** <script>alert(1)</script> [lien](javascript:alert(1)) <img src=x onerror=alert(1)>' }), supervisor.cookie),
    );
    expect(response.status).toBe(201);
    const article = await json(response);
    expect(article).toMatchObject({ title: 'Créer une association', lang: 'fr', status: 'published', version: 1, authorId: supervisor.user.id });
    expect(article.id).toMatch(/^[0-9a-f]{24}$/);
    expect(article.slug).toMatch(/^creer-une-association-[0-9a-f]{6}$/);
    expect(article.bodyHtml).toContain('<strong>Statuts</strong>');
    expect(article.bodyHtml).not.toMatch(/script|onerror|javascript:/i);
    expect(article.publishedAt).not.toBeNull();
    expect(await ArticleVersionModel.countDocuments({ articleId: article.id })).toBe(1);
  });

  it('keeps agents to reading and suggesting: writing answers 403', async () => {
    const { app } = createTestApp();
    const agent = await createSignedInUser(app, 'agent');
    const supervisor = await createSignedInUser(app, 'supervisor');
    const created = await createArticleThroughApi(app, supervisor.cookie, { status: 'draft', visibility: 'internal' });

    expect((await app.request('/api/kb/articles', jsonRequest('POST', articleInput(), agent.cookie))).status).toBe(403);
    expect((await app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', { title: 'x' }, agent.cookie))).status).toBe(403);
    const read = await app.request(`/api/kb/articles/${created.id}`, { headers: { Cookie: agent.cookie } });
    expect(read.status).toBe(200);
    expect((await json(read)).status).toBe('draft');
    const list = await json(await app.request('/api/kb/articles?status=draft', { headers: { Cookie: agent.cookie } }));
    expect(list.items.map((item: { id: string }) => item.id)).toContain(created.id);
  });

  it('shows visitors only published public articles and answers 404 for the rest', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const published = await createArticleThroughApi(app, supervisor.cookie);
    const draft = await createArticleThroughApi(app, supervisor.cookie, { status: 'draft' });
    const internal = await createArticleThroughApi(app, supervisor.cookie, { visibility: 'internal' });

    const response = await app.request(`/api/kb/articles/${published.id}`);
    expect(response.status).toBe(200);
    const read = await json(response);
    expect(read.bodyHtml).toContain('<h2>Étapes</h2>');
    expect(read.authorId).toBeNull();
    for (const hidden of [draft, internal]) {
      const refused = await app.request(`/api/kb/articles/${hidden.id}`);
      expect(refused.status).toBe(404);
      expect(await json(refused)).toEqual({ error: { code: 'not_found', message: 'article not found' } });
    }
    expect((await app.request('/api/kb/articles')).status).toBe(401);
  });

  it('groups a translation with its original, one per language', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const original = await createArticleThroughApi(app, supervisor.cookie, { lang: 'ar', title: 'تأسيس جمعية', body: 'الخطوات' });
    const translation = await createArticleThroughApi(app, supervisor.cookie, { translationOf: original.id });
    expect(translation.groupId).toBe(original.groupId);
    const read = await json(await app.request(`/api/kb/articles/${original.id}`, { headers: { Cookie: supervisor.cookie } }));
    expect(read.translations).toEqual([{ id: translation.id, lang: 'fr', title: 'Créer une association', status: 'published' }]);

    const duplicates = await Promise.all(
      [1, 2].map(() => app.request('/api/kb/articles', jsonRequest('POST', articleInput({ lang: 'en', translationOf: original.id }), supervisor.cookie))),
    );
    expect(duplicates.map((response) => response.status).sort()).toEqual([201, 409]);
    const unknown = await app.request('/api/kb/articles', jsonRequest('POST', articleInput({ translationOf: '0123456789abcdef01234567' }), supervisor.cookie));
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error.details[0].path).toBe('translationOf');
  });

  it('answers 400 with the fields at fault for bad input, never 500', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const response = await app.request(
      '/api/kb/articles',
      jsonRequest('POST', { title: '', body: '   ', lang: 'de', topic: 'cooking', status: 'live', visibility: 'everyone', extra: 1 }, supervisor.cookie),
    );
    expect(response.status).toBe(400);
    const paths = (await json(response)).error.details.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'body', 'lang', 'topic', 'status', 'visibility']));
    expect((await app.request('/api/kb/articles/not-an-id', { headers: { Cookie: supervisor.cookie } })).status).toBe(400);
    expect((await app.request('/api/kb/articles/0123456789abcdef01234567', { headers: { Cookie: supervisor.cookie } })).status).toBe(404);
    const created = await createArticleThroughApi(app, supervisor.cookie);
    expect((await app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', {}, supervisor.cookie))).status).toBe(400);
    expect((await app.request(`/api/kb/articles/${created.id}/versions/0`, { headers: { Cookie: supervisor.cookie } })).status).toBe(400);
  });
});

describe('versions', () => {
  it('keeps every save, shows the differences and restores an old version as a new one', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const created = await createArticleThroughApi(app, supervisor.cookie, { body: 'Ligne un\nLigne deux\n' });
    const patched = await app.request(
      `/api/kb/articles/${created.id}`,
      jsonRequest('PATCH', { title: 'Fonder une association', body: 'Ligne un\nLigne trois\n', expectedVersion: 1 }, supervisor.cookie),
    );
    expect(patched.status).toBe(200);
    expect((await json(patched)).version).toBe(2);

    const diff = await json(await app.request(`/api/kb/articles/${created.id}/diff?from=1&to=2`, { headers: { Cookie: supervisor.cookie } }));
    expect(diff.fields.map((field: { field: string }) => field.field)).toEqual(['title', 'body']);
    expect(diff.fields[1].parts).toEqual([
      { op: 'equal', text: 'Ligne un\n' },
      { op: 'delete', text: 'Ligne deux\n' },
      { op: 'insert', text: 'Ligne trois\n' },
    ]);

    const restored = await app.request(`/api/kb/articles/${created.id}/versions/1/restore`, { method: 'POST', headers: { Cookie: supervisor.cookie } });
    expect(restored.status).toBe(200);
    expect(await json(restored)).toMatchObject({ version: 3, title: 'Créer une association', body: 'Ligne un\nLigne deux\n' });

    const versions = await json(await app.request(`/api/kb/articles/${created.id}/versions`, { headers: { Cookie: supervisor.cookie } }));
    expect(versions.items.map((version: { version: number; restoredFrom: number | null }) => [version.version, version.restoredFrom])).toEqual([
      [3, 1],
      [2, null],
      [1, null],
    ]);
    const second = await json(await app.request(`/api/kb/articles/${created.id}/versions/2`, { headers: { Cookie: supervisor.cookie } }));
    expect(second).toMatchObject({ version: 2, title: 'Fonder une association', editorId: supervisor.user.id });
  });

  it('refuses a save over a newer version with 409', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const created = await createArticleThroughApi(app, supervisor.cookie);
    await app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', { title: 'Première', expectedVersion: 1 }, supervisor.cookie));
    const stale = await app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', { title: 'Seconde', expectedVersion: 1 }, supervisor.cookie));
    expect(stale.status).toBe(409);
    expect(await json(stale)).toEqual({
      error: { code: 'conflict', message: 'the article is at version 2, not 1; reload it', details: { currentVersion: 2 } },
    });
  });

  it('of two simultaneous saves made on the same version, one is saved and the other answered 409', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const created = await createArticleThroughApi(app, supervisor.cookie);
    const responses = await Promise.all(
      ['Première', 'Seconde'].map((title) => app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', { title, expectedVersion: 1 }, supervisor.cookie))),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const saved = await json(responses.find((response) => response.status === 200)!);
    const article = await json(await app.request(`/api/kb/articles/${created.id}`, { headers: { Cookie: supervisor.cookie } }));
    expect(article).toMatchObject({ version: 2, title: saved.title });
  });

  it('gives parallel saves of one article distinct versions and leaves the index on the last one', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const created = await createArticleThroughApi(app, supervisor.cookie, { title: 'Coopérative' });
    const titles = ['Mutuelle', 'Fondation', 'Fédération', 'Amicale'];
    const responses = await Promise.all(
      titles.map((title) => app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', { title }, supervisor.cookie))),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    const versions = (await Promise.all(responses.map((response) => json(response)))).map((article) => article.version);
    expect(versions.sort()).toEqual([2, 3, 4, 5]);

    const final = await json(await app.request(`/api/kb/articles/${created.id}`, { headers: { Cookie: supervisor.cookie } }));
    expect(final.version).toBe(5);
    for (const title of [...titles, 'Coopérative']) {
      const found = (await json(await searchRequest(app, { q: title }, supervisor.cookie))).results.map((result: { title: string }) => result.title);
      expect(found).toEqual(title === final.title ? [final.title] : []);
    }
  });
});

describe('edit suggestions', () => {
  it('lets an agent suggest a change that a supervisor accepts as a new version', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const agent = await createSignedInUser(app, 'agent');
    const created = await createArticleThroughApi(app, supervisor.cookie);

    const suggested = await app.request(
      `/api/kb/articles/${created.id}/edit-suggestions`,
      jsonRequest('POST', { summary: 'Les cinq étapes, du projet au récépissé.', note: 'Le résumé ne parle pas du récépissé' }, agent.cookie),
    );
    expect(suggested.status).toBe(201);
    const suggestion = await json(suggested);
    expect(suggestion).toMatchObject({ status: 'open', baseVersion: 1, authorId: agent.user.id });

    const byAgent = await app.request(`/api/kb/articles/${created.id}/edit-suggestions/${suggestion.id}`, jsonRequest('PATCH', { decision: 'accept' }, agent.cookie));
    expect(byAgent.status).toBe(403);
    const accepted = await app.request(
      `/api/kb/articles/${created.id}/edit-suggestions/${suggestion.id}`,
      jsonRequest('PATCH', { decision: 'accept' }, supervisor.cookie),
    );
    expect(accepted.status).toBe(200);
    expect(await json(accepted)).toMatchObject({ status: 'accepted', appliedVersion: 2, decidedById: supervisor.user.id });
    const article = await json(await app.request(`/api/kb/articles/${created.id}`, { headers: { Cookie: agent.cookie } }));
    expect(article).toMatchObject({ version: 2, summary: 'Les cinq étapes, du projet au récépissé.', title: 'Créer une association' });

    const again = await app.request(
      `/api/kb/articles/${created.id}/edit-suggestions/${suggestion.id}`,
      jsonRequest('PATCH', { decision: 'reject' }, supervisor.cookie),
    );
    expect(again.status).toBe(409);
    const list = await json(await app.request(`/api/kb/articles/${created.id}/edit-suggestions`, { headers: { Cookie: agent.cookie } }));
    expect(list.items).toHaveLength(1);
  });

  it('of an accept and a reject sent at once for one suggestion, exactly one is decided', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const agent = await createSignedInUser(app, 'agent');
    const created = await createArticleThroughApi(app, supervisor.cookie);
    const suggestion = await json(
      await app.request(`/api/kb/articles/${created.id}/edit-suggestions`, jsonRequest('POST', { title: 'Fonder une association', note: 'Titre plus clair' }, agent.cookie)),
    );
    const responses = await Promise.all(
      (['accept', 'reject'] as const).map((decision) =>
        app.request(`/api/kb/articles/${created.id}/edit-suggestions/${suggestion.id}`, jsonRequest('PATCH', { decision }, supervisor.cookie)),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const decided = await json(responses.find((response) => response.status === 200)!);
    const article = await json(await app.request(`/api/kb/articles/${created.id}`, { headers: { Cookie: supervisor.cookie } }));
    expect(article.version).toBe(decided.status === 'accepted' ? 2 : 1);
  });

  it('refuses a suggestion without any change', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const created = await createArticleThroughApi(app, supervisor.cookie);
    const response = await app.request(`/api/kb/articles/${created.id}/edit-suggestions`, jsonRequest('POST', { note: 'rien' }, supervisor.cookie));
    expect(response.status).toBe(400);
  });
});
