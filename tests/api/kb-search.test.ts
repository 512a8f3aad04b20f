import { beforeAll, describe, expect, it } from 'vitest';
import { KB_PUBLIC_LIMITS } from '../../server/src/modules/kb/kb.routes.js';
import mongoose from 'mongoose';
import { ArticleModel } from '../../server/src/modules/kb/article.model.js';
import { SearchEntryModel, SearchStateModel } from '../../server/src/modules/kb/search-entry.model.js';
import { analyzeQuery } from '../../server/src/platform/text-analysis/analyze.js';
import { getSearchIndex, loadSearchIndex, rebuildSearchIndex } from '../../server/src/modules/kb/search-index.service.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createArticleThroughApi, searchRequest } from '../helpers/kb.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const { app } = createTestApp();

async function setUp() {
  const supervisor = await createSignedInUser(app, 'supervisor');
  const agent = await createSignedInUser(app, 'agent');
  const founding = await createArticleThroughApi(app, supervisor.cookie, {
    lang: 'ar',
    title: 'تأسيس جمعية: الخطوات الأساسية',
    summary: 'مراحل تأسيس جمعية من الفكرة إلى وصل الإيداع.',
    body: 'يودَع ملف التصريح بتأسيس الجمعية لدى السلطة المحلية. <b>لا</b> تنسوا **القانون الأساسي**.',
    tags: ['تسجيل جمعية'],
  });
  const subsidy = await createArticleThroughApi(app, supervisor.cookie, {
    title: 'Demande de subvention',
    topic: 'funding',
    body: 'Préparez le dossier de subvention : budget, fiche projet et récépissé de l’association.',
  });
  const internal = await createArticleThroughApi(app, supervisor.cookie, {
    title: 'Procédure interne : subvention contestée',
    topic: 'funding',
    visibility: 'internal',
    body: 'Escaladez toute subvention contestée au service juridique.',
  });
  const draft = await createArticleThroughApi(app, supervisor.cookie, { title: 'Brouillon sur la subvention', status: 'draft' });
  return { supervisor, agent, founding, subsidy, internal, draft };
}

// Set up once this file's database is connected: at collection time the worker may still hold the
// previous file's closed connection (test files share their worker's modules).
let fixtures: ReturnType<typeof setUp>;
beforeAll(() => {
  fixtures = setUp();
});

const ids = (body: { results: { id: string }[] }) => body.results.map((result) => result.id);

describe('GET /api/kb/search', () => {
  it('finds published public articles for visitors, with internal ones for staff, never drafts', async () => {
    const { agent, subsidy, internal, draft } = await fixtures;
    const visitor = await json(await searchRequest(app, { q: 'subvention' }));
    expect(ids(visitor)).toEqual([subsidy.id]);
    const staff = await json(await searchRequest(app, { q: 'subvention' }, agent.cookie));
    expect(ids(staff).sort()).toEqual([subsidy.id, internal.id].sort());
    expect(ids(staff)).not.toContain(draft.id);
  });

  it('answers with id, title, lang, topic, score and a snippet marking the matched words', async () => {
    const { founding } = await fixtures;
    const body = await json(await searchRequest(app, { q: 'tasjil jam3iya' }));
    expect(body.results[0]).toMatchObject({ id: founding.id, title: 'تأسيس جمعية: الخطوات الأساسية', lang: 'ar', topic: 'founding' });
    expect(body.results[0].score).toBeGreaterThan(0);
    expect(body.results[0].snippet).toContain('<mark>جمعية</mark>');
    expect(body.results[0].snippet).toContain('<mark>الجمعية</mark>');
  });

  it('ranks a title match above a body match', async () => {
    const { supervisor } = await fixtures;
    const inTitle = await createArticleThroughApi(app, supervisor.cookie, { title: 'Quorum', body: 'Texte sans rapport.' });
    const inBody = await createArticleThroughApi(app, supervisor.cookie, { title: 'Assemblée', body: 'Le quorum est fixé par les statuts.' });
    const body = await json(await searchRequest(app, { q: 'quorum' }));
    expect(ids(body)).toEqual([inTitle.id, inBody.id]);
    expect(body.results[0].score).toBeGreaterThan(body.results[1].score);
  });

  it('filters by language and topic and honours the limit', async () => {
    const { agent, founding, subsidy } = await fixtures;
    expect(ids(await json(await searchRequest(app, { q: 'جمعية association subvention', lang: 'ar' }, agent.cookie)))).toEqual([founding.id]);
    const funding = await json(await searchRequest(app, { q: 'جمعية subvention', topic: 'funding' }));
    expect(ids(funding)).toEqual([subsidy.id]);
    expect((await json(await searchRequest(app, { q: 'subvention', limit: '1' }, agent.cookie))).results).toHaveLength(1);
  });

  it('escapes the text of snippets, so only the <mark> tags are markup', async () => {
    const { supervisor } = await fixtures;
    await createArticleThroughApi(app, supervisor.cookie, { title: 'Plafond', body: 'Si le montant < 5 000 DH & "urgent", <b>écrivez</b>.' });
    const [result] = (await json(await searchRequest(app, { q: 'montant' }))).results;
    expect(result.snippet).toBe('Les étapes essentielles. Si le <mark>montant</mark> &#60; 5 000 DH &#38; &#34;urgent&#34;, écrivez.');
  });

  it('answers odd queries with a valid, possibly empty result, and too long or missing ones with 400', async () => {
    const odd = ['', '   ', '?!.,;:', '🙂🎉🙏', '.*+?^${}()|[]\\', '(((((a+)+)+)+)+$', 'جمعية association 123 🙂', 'subvention'.repeat(200), 'ب'.repeat(2_000)];
    for (const q of odd) {
      const response = await searchRequest(app, { q });
      expect({ q: q.slice(0, 30), status: response.status }).toEqual({ q: q.slice(0, 30), status: 200 });
      expect(Array.isArray((await json(response)).results)).toBe(true);
    }
    expect((await searchRequest(app, { q: 'a'.repeat(2_001) })).status).toBe(400);
    expect((await app.request('/api/kb/search')).status).toBe(400);
    expect((await searchRequest(app, { q: 'x', limit: '0' })).status).toBe(400);
    expect((await searchRequest(app, { q: 'x', lang: 'xx' })).status).toBe(400);
  });

  it('is reflected at once after a save: archiving hides an article, editing finds its new words', async () => {
    const { supervisor } = await fixtures;
    const created = await createArticleThroughApi(app, supervisor.cookie, { title: 'Hackathon citoyen' });
    expect(ids(await json(await searchRequest(app, { q: 'hackathon' })))).toEqual([created.id]);
    await app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', { status: 'archived' }, supervisor.cookie));
    expect(ids(await json(await searchRequest(app, { q: 'hackathon' })))).toEqual([]);
    await app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', { status: 'published', title: 'Marathon citoyen' }, supervisor.cookie));
    expect(ids(await json(await searchRequest(app, { q: 'marathon' })))).toEqual([created.id]);
  });
});

describe('the stored index', () => {
  it('loads on another node exactly as this node holds it, and drops superseded entries', async () => {
    const { supervisor } = await fixtures;
    const created = await createArticleThroughApi(app, supervisor.cookie, { title: 'Tombola solidaire' });
    for (const title of ['Kermesse solidaire', 'Brocante solidaire']) {
      await app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', { title }, supervisor.cookie));
    }
    expect(await SearchEntryModel.countDocuments({ articleId: created.id })).toBe(3);
    const fresh = await loadSearchIndex();
    expect(await SearchEntryModel.countDocuments({ articleId: created.id })).toBe(1);
    const live = await getSearchIndex();
    for (const q of ['brocante', 'kermesse', 'subvention', 'جمعية']) {
      const words = analyzeQuery(q);
      const filter = { visibilities: ['public', 'internal'] as const };
      expect(fresh.index.search(words, filter, 10).map((hit) => hit.article.articleId)).toEqual(
        live.search(words, filter, 10).map((hit) => hit.article.articleId),
      );
    }
  });

  it('is rebuilt from scratch with the same results and no stale entries', async () => {
    const { agent } = await fixtures;
    const before = await json(await searchRequest(app, { q: 'subvention association جمعية' }, agent.cookie));
    const count = await rebuildSearchIndex();
    expect(count).toBeGreaterThanOrEqual(4);
    expect(await SearchEntryModel.countDocuments()).toBe(count);
    const after = await json(await searchRequest(app, { q: 'subvention association جمعية' }, agent.cookie));
    expect(ids(after)).toEqual(ids(before));
  });
});

describe('a database from before the index', () => {
  it('builds the index at the first search', async () => {
    await fixtures;
    await ArticleModel.create({
      groupId: new mongoose.Types.ObjectId(),
      lang: 'fr',
      slug: 'ancien-article',
      title: 'Ancien article sur la trésorerie',
      body: 'Tenir la trésorerie.',
      topic: 'governance',
      status: 'published',
      visibility: 'public',
    });
    await SearchStateModel.deleteMany({});
    await SearchEntryModel.deleteMany({});
    expect((await json(await searchRequest(app, { q: 'trésorerie' }))).results.map((result: { title: string }) => result.title)).toEqual([
      'Ancien article sur la trésorerie',
    ]);
    expect(await SearchStateModel.countDocuments()).toBe(1);
  });
});

describe('suggestions', () => {
  it('suggests the 5 best articles, internal ones included, for a ticket’s text', async () => {
    const { agent, internal } = await fixtures;
    const text = 'Objet : subvention contestée\nNotre subvention a été refusée, que faire ?\nDernier message : merci de nous aider.';
    const response = await app.request('/api/kb/suggestions', jsonRequest('POST', { text }, agent.cookie));
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.results[0].id).toBe(internal.id);
    // Each says whether associations may read it: only public ones are linked in replies.
    expect(body.results[0].visibility).toBe('internal');
    expect(body.results.every((result: { visibility?: string }) => result.visibility === 'public' || result.visibility === 'internal')).toBe(true);
    expect(body.results.length).toBeLessThanOrEqual(5);
    expect((await app.request('/api/kb/suggestions', jsonRequest('POST', { text }))).status).toBe(401);
    expect((await app.request('/api/kb/suggestions', jsonRequest('POST', { text: 'x'.repeat(20_001) }, agent.cookie))).status).toBe(400);
  });

  it('suggests public articles while a request is typed, matching the unfinished last word', async () => {
    const { founding, subsidy } = await fixtures;
    const arabic = await json(await app.request(`/api/kb/typeahead?q=${encodeURIComponent('كيف أسجل الجمع')}`));
    expect(ids(arabic)).toContain(founding.id);
    const french = await json(await app.request('/api/kb/typeahead?q=demande%20de%20subv'));
    expect(ids(french)[0]).toBe(subsidy.id);
    expect((await json(await app.request('/api/kb/typeahead?q='))).results).toEqual([]);
  });
});

describe('feedback and content gaps', () => {
  it('records votes from visitors on readable articles only', async () => {
    const { subsidy, draft } = await fixtures;
    const vote = await app.request(`/api/kb/articles/${subsidy.id}/feedback`, jsonRequest('POST', { helpful: true }));
    expect(vote.status).toBe(201);
    expect(await json(vote)).toEqual({ helpful: 1, unhelpful: 0 });
    expect((await app.request(`/api/kb/articles/${draft.id}/feedback`, jsonRequest('POST', { helpful: false }))).status).toBe(404);
    expect((await app.request(`/api/kb/articles/${subsidy.id}/feedback`, jsonRequest('POST', { helpful: 'yes' }))).status).toBe(400);
  });

  it('lists searches without results and unhelpful articles for supervisors, not agents', async () => {
    const { supervisor, agent, founding } = await fixtures;
    for (const q of ['Zakat al-fitr', 'zakat AL FITR', 'permis de pêche']) await searchRequest(app, { q });
    await app.request(`/api/kb/articles/${founding.id}/feedback`, jsonRequest('POST', { helpful: false, comment: 'Il manque la liste des pièces' }));
    await app.request(`/api/kb/articles/${founding.id}/feedback`, jsonRequest('POST', { helpful: false }, agent.cookie));

    expect((await app.request('/api/kb/gaps', { headers: { Cookie: agent.cookie } })).status).toBe(403);
    const gaps = await json(await app.request('/api/kb/gaps', { headers: { Cookie: supervisor.cookie } }));
    expect(gaps.zeroResultSearches[0]).toMatchObject({ query: 'zakat AL FITR', count: 2 });
    expect(Date.parse(gaps.zeroResultSearches[0].lastSearchedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(gaps.zeroResultSearches.map((gap: { query: string }) => gap.query)).toContain('permis de pêche');
    expect(gaps.unhelpfulArticles).toEqual([
      { id: founding.id, title: 'تأسيس جمعية: الخطوات الأساسية', lang: 'ar', helpful: 0, unhelpful: 2, recentComments: ['Il manque la liste des pièces'] },
    ]);
  });
});

describe('rate limits for visitors', () => {
  it('answers 429 with Retry-After past the search limit, but not to staff', async () => {
    const { app: proxiedApp } = createTestApp({ TRUST_PROXY: 'true' });
    const agent = await createSignedInUser(proxiedApp, 'agent');
    const fromVisitor = { 'X-Forwarded-For': '203.0.113.7' };
    let last: Response | undefined;
    for (let attempt = 0; attempt <= KB_PUBLIC_LIMITS.search.limit; attempt++) {
      last = await proxiedApp.request('/api/kb/search?q=a', { headers: fromVisitor });
      if (last.status === 429) break;
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(last!)).error.code).toBe('rate_limited');
    expect((await proxiedApp.request('/api/kb/search?q=a', { headers: { ...fromVisitor, Cookie: agent.cookie } })).status).toBe(200);
    expect((await proxiedApp.request('/api/kb/search?q=a', { headers: { 'X-Forwarded-For': '203.0.113.8' } })).status).toBe(200);
  });
});
