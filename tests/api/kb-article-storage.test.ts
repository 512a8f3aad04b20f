import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { runCleanup } from '../../server/src/jobs/cleanup-job.js';
import { ARTICLE_FOLD_JOB, foldSavedArticle, insertArticleVersion, waitForArticleFolds } from '../../server/src/modules/kb/article-revisions.service.js';
import { JobModel } from '../../server/src/jobs/job.model.js';
import { runDueJobs } from '../../server/src/jobs/job-runner.js';
import { ArticleVersionModel } from '../../server/src/modules/kb/article-version.model.js';
import { ArticleModel, type ArticleDocument } from '../../server/src/modules/kb/article.model.js';
import { ZERO_RESULT_SEARCH_RETENTION_DAYS } from '../../server/src/modules/kb/feedback.service.js';
import { SearchEntryModel } from '../../server/src/modules/kb/search-entry.model.js';
import { getSearchIndex } from '../../server/src/modules/kb/search-index.service.js';
import { ZeroResultSearchModel } from '../../server/src/modules/kb/zero-result-search.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { articleInput, createArticleThroughApi, searchRequest } from '../helpers/kb.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

describe('saving an article only inserts', () => {
  it('answers the new version at once, and the stored article catches up in the background', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const created = await createArticleThroughApi(app, supervisor.cookie, { status: 'draft' });
    const saved = await app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', { title: 'Statuts types', status: 'published' }, supervisor.cookie));
    expect(saved.status).toBe(200);
    expect(await json(saved)).toMatchObject({ version: 2, title: 'Statuts types', status: 'published' });

    // Before the background fold: the snapshot is behind, every read is not.
    expect(await ArticleModel.findById(created.id).lean()).toMatchObject({ version: 1, title: 'Créer une association', status: 'draft' });
    expect(await json(await app.request(`/api/kb/articles/${created.id}`))).toMatchObject({ version: 2, title: 'Statuts types' });
    const list = await json(await app.request('/api/kb/articles', { headers: { Cookie: supervisor.cookie } }));
    expect(list.items.find((item: { id: string }) => item.id === created.id)).toMatchObject({ version: 2, title: 'Statuts types', status: 'published' });
    expect(await ArticleVersionModel.findById(`${created.id}:v2`).lean()).toMatchObject({ version: 2, title: 'Statuts types' });

    await waitForArticleFolds();
    const folded = await ArticleModel.findById(created.id).lean<ArticleDocument>();
    expect(folded).toMatchObject({ version: 2, title: 'Statuts types', status: 'published', updatedById: new mongoose.Types.ObjectId(supervisor.user.id) });
    expect(folded!.publishedAt).toBeInstanceOf(Date);
  });

  it('a burst of saves on two nodes is folded once, by one of them, from a stored job', async () => {
    const first = createTestApp();
    const second = createTestApp({}, first.sessionSettings.secret);
    const supervisor = await createSignedInUser(first.app, 'supervisor');
    const created = await createArticleThroughApi(first.app, supervisor.cookie, { status: 'draft' });
    for (const [index, node] of [first, second, first].entries()) {
      const saved = await node.app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', { title: `Statuts types ${index}` }, supervisor.cookie));
      expect(saved.status).toBe(200);
    }
    const folds = async () => (await JobModel.find({ type: ARTICLE_FOLD_JOB, 'payload.articleId': created.id }, { _id: 1 }).lean()).map((job) => job._id).sort();
    const scheduled = await folds();
    // Saves within one second share a fold; the three may straddle a second's end.
    expect(scheduled.length).toBeGreaterThan(0);
    expect(scheduled.length).toBeLessThanOrEqual(2);
    expect(await ArticleModel.findById(created.id).lean()).toMatchObject({ version: 1 });

    // Both nodes' job runners find the folds due at once: each fold runs on one of them only.
    const later = new Date(Date.now() + 60_000);
    const ran: string[] = [];
    const jobsOf = (owner: string) =>
      runDueJobs({ now: later, owner, handlers: { [ARTICLE_FOLD_JOB]: (job) => (ran.push(job.id), foldSavedArticle(job)) }, types: [ARTICLE_FOLD_JOB] });
    await Promise.all([jobsOf('node-a'), jobsOf('node-b')]);
    expect(ran.sort()).toEqual(scheduled);
    expect(await folds()).toEqual([]);
    expect(await ArticleModel.findById(created.id).lean()).toMatchObject({ version: 4, title: 'Statuts types 2' });
  });

  it('still reads, translates and saves articles stored before versions had ids of their own', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const groupId = new mongoose.Types.ObjectId();
    const legacy = { groupId, topic: 'governance', status: 'published', visibility: 'public', version: 2, summary: '', tags: [] as string[] };
    const [arabic, french] = await ArticleModel.insertMany([
      { ...legacy, lang: 'ar', slug: 'old-ar', title: 'مالية الجمعية', body: 'التقرير المالي' },
      { ...legacy, lang: 'fr', slug: 'old-fr', title: 'Finances de l’association', body: 'Le rapport financier' },
    ]);
    await ArticleVersionModel.collection.insertMany(
      [1, 2].map((version) => ({ _id: new mongoose.Types.ObjectId() as never, articleId: arabic!._id, version, title: `v${version}`, summary: '', body: 'x', topic: 'governance', tags: [], status: 'published', visibility: 'public', createdAt: new Date() })),
    );

    const read = await json(await app.request(`/api/kb/articles/${arabic!._id.toString()}`, { headers: { Cookie: supervisor.cookie } }));
    expect(read.translations).toEqual([{ id: french!._id.toString(), lang: 'fr', title: 'Finances de l’association', status: 'published' }]);
    const duplicate = await app.request('/api/kb/articles', jsonRequest('POST', articleInput({ lang: 'fr', translationOf: arabic!._id.toString() }), supervisor.cookie));
    expect(duplicate.status).toBe(409);
    expect((await json(await app.request(`/api/kb/articles/${arabic!._id.toString()}/versions/1`, { headers: { Cookie: supervisor.cookie } }))).title).toBe('v1');

    const saved = await app.request(`/api/kb/articles/${arabic!._id.toString()}`, jsonRequest('PATCH', { title: 'مالية الجمعية وتقاريرها', expectedVersion: 2 }, supervisor.cookie));
    expect(saved.status).toBe(200);
    expect((await json(saved)).version).toBe(3);
    const found = await json(await searchRequest(app, { q: 'تقاريرها' }));
    expect(found.results.map((result: { id: string }) => result.id)).toEqual([arabic!._id.toString()]);
  });

  it('refuses a version number already taken with 409, even without the article lock', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const created = await createArticleThroughApi(app, supervisor.cookie);
    const article = (await ArticleModel.findById(created.id).lean<ArticleDocument>())!;
    await expect(insertArticleVersion(article, undefined)).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('the cleanup pass', () => {
  it('forgets searches without results after the retention period and keeps recent ones', async () => {
    const now = new Date('2026-05-01T10:00:00Z');
    const day = 86_400_000;
    await ZeroResultSearchModel.collection.insertMany([
      { query: 'ancienne question', key: 'ancien', audience: 'public', createdAt: new Date(now.getTime() - (ZERO_RESULT_SEARCH_RETENTION_DAYS + 1) * day) },
      { query: 'question récente', key: 'recent', audience: 'public', createdAt: new Date(now.getTime() - (ZERO_RESULT_SEARCH_RETENTION_DAYS - 1) * day) },
    ]);
    const counts = await runCleanup(now);
    expect(counts.zeroResultSearches).toBe(1);
    expect((await ZeroResultSearchModel.find().lean()).map((search) => search.query)).toEqual(['question récente']);
    expect((await runCleanup(now)).zeroResultSearches).toBe(0);
  });

  it('deletes superseded search entries and brings behind snapshots up to date, without changing results', async () => {
    const { app, modules } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const created = await createArticleThroughApi(app, supervisor.cookie, { title: 'Assemblée générale' });
    // The app's own copy of the index, which notes the entries its saves supersede.
    await modules.scope.run(() => getSearchIndex());
    for (const title of ['Assemblée générale ordinaire', 'Assemblée générale extraordinaire']) {
      expect((await app.request(`/api/kb/articles/${created.id}`, jsonRequest('PATCH', { title }, supervisor.cookie))).status).toBe(200);
    }
    const entries = async () => SearchEntryModel.countDocuments({ articleId: new mongoose.Types.ObjectId(created.id) });
    expect(await entries()).toBe(3);
    // A snapshot left behind, as when a node stops before its background fold.
    const snapshot = (await ArticleModel.findById(created.id).lean<ArticleDocument>())!;
    await insertArticleVersion({ ...snapshot, version: 4, title: 'Assemblée générale élective', updatedAt: new Date() }, undefined);

    const counts = await runCleanup();
    expect(counts.searchEntries).toBe(2);
    expect(counts.articlesFolded).toBeGreaterThanOrEqual(1);
    expect(await entries()).toBe(1);
    expect(await ArticleModel.findById(created.id).lean()).toMatchObject({ version: 4, title: 'Assemblée générale élective' });
    const found = await json(await searchRequest(app, { q: 'extraordinaire' }, supervisor.cookie));
    expect(found.results.map((result: { id: string }) => result.id)).toEqual([created.id]);
  });
});
