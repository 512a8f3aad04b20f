/**
 * Knowledge-base search benchmark: `npm run bench:kb`. Builds 20,000 synthetic articles (half
 * Arabic, half French, words drawn from the demo articles), indexes them from scratch, times
 * single-article index updates and whole article saves (p50/p95 per article, then the background
 * catch-up of the article documents), loads the index as a fresh node would, and runs 1,000
 * queries (Arabic, French, Darija, Arabizi, misspellings) through the search service.
 * Uses a throwaway embedded FerretDB, or a throwaway database on MONGODB_URI.
 */
import mongoose from 'mongoose';
import { demoArticles } from '../seeds/demo/demo-content.js';
import { ArticleModel, type ArticleDocument } from '../server/src/modules/kb/article.model.js';
import { versionIdFor, waitForArticleFolds } from '../server/src/modules/kb/article-revisions.service.js';
import { ArticleVersionModel } from '../server/src/modules/kb/article-version.model.js';
import { updateArticle } from '../server/src/modules/kb/articles.service.js';
import { LanguageSlotModel } from '../server/src/modules/kb/language-slot.model.js';
import { indexArticle, loadSearchIndex, rebuildSearchIndex } from '../server/src/modules/kb/search-index.service.js';
import { searchArticles } from '../server/src/modules/kb/search.service.js';
import { tokenize } from '../server/src/platform/text-analysis/tokenize.js';
import { labelledQueries } from '../tests/fixtures/kb-labelled-queries.js';
import { withBenchDatabase } from './bench-database.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 20_000);
const QUERIES = 1_000;
const INDEX_UPDATES = 200;
const ARTICLE_SAVES = 40;

// A small seeded generator, so every run builds the same corpus.
let seed = 20_260_101;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function wordsOf(lang: 'ar' | 'fr'): string[] {
  return demoArticles
    .filter((article) => article.lang === lang)
    .flatMap((article) => tokenize(`${article.title} ${article.summary} ${article.body}`).map((token) => token.text));
}

// Made-up words widen the vocabulary the way 20,000 real articles would (names, places, jargon).
function inventedWords(letters: string, count: number): string[] {
  return Array.from({ length: count }, () => Array.from({ length: 4 + Math.floor(random() * 6) }, () => pick([...letters])).join(''));
}

const pools = {
  ar: [...wordsOf('ar'), ...inventedWords('ابتثجحخدذرزسشصضطظعغفقكلمنهوي', 3_000)],
  fr: [...wordsOf('fr'), ...inventedWords('abcdefghijklmnopqrstuvwxyzéè', 3_000)],
};
const topics = ['founding', 'funding', 'volunteering', 'platform', 'training', 'participation', 'data-protection', 'governance', 'award', 'other'] as const;

function sentence(lang: 'ar' | 'fr', words: number): string {
  return Array.from({ length: words }, () => pick(pools[lang])).join(' ');
}

function syntheticArticle(index: number) {
  const lang = index % 2 === 0 ? 'ar' : 'fr';
  const paragraphs = Array.from({ length: 3 + Math.floor(random() * 3) }, () => sentence(lang, 30 + Math.floor(random() * 30)));
  return {
    _id: new mongoose.Types.ObjectId(),
    groupId: new mongoose.Types.ObjectId(),
    lang,
    slug: `bench-${index}`,
    title: sentence(lang, 4 + Math.floor(random() * 5)),
    summary: sentence(lang, 15),
    body: paragraphs.map((paragraph, number) => `## ${sentence(lang, 3)} ${number}\n${paragraph}`).join('\n\n'),
    topic: pick(topics),
    tags: [sentence(lang, 2), sentence(lang, 2)],
    status: random() < 0.9 ? 'published' : 'draft',
    visibility: random() < 0.8 ? 'public' : 'internal',
    version: 1,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}

function typo(word: string): string {
  const letters = [...word];
  const at = Math.floor(random() * letters.length);
  letters.splice(at, 1);
  return letters.join('');
}

function syntheticQuery(): string {
  const roll = random();
  if (roll < 0.3) return pick(labelledQueries).query;
  const lang = random() < 0.5 ? 'ar' : 'fr';
  const words = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(pools[lang]));
  if (roll < 0.45) words[0] = typo(words[0]!);
  return words.join(' ');
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `${label}: p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function main(databaseLabel: string) {
  console.log(`database: ${databaseLabel}; ${ARTICLES} articles, ${QUERIES} queries`);
  const [, insertMs] = await timed(async () => {
    for (let start = 0; start < ARTICLES; start += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, ARTICLES - start) }, (_, offset) => syntheticArticle(start + offset));
      await ArticleModel.insertMany(batch, { lean: true });
      // What createArticle writes besides the article: its first version and its language slot.
      await ArticleVersionModel.insertMany(
        batch.map(({ _id, title, summary, body, topic, tags, status, visibility, createdAt }) => ({
          _id: versionIdFor(_id, 1), articleId: _id, version: 1, title, summary, body, topic, tags, status, visibility, createdAt,
        })),
        { lean: true },
      );
      await LanguageSlotModel.insertMany(batch.map(({ _id, groupId, lang }) => ({ _id: `${groupId.toString()}:${lang}`, articleId: _id })), { lean: true });
    }
  });
  console.log(`articles stored in ${(insertMs / 1000).toFixed(1)} s`);

  const [indexed, rebuildMs] = await timed(() => rebuildSearchIndex());
  console.log(`index rebuilt from scratch: ${indexed} articles in ${(rebuildMs / 1000).toFixed(1)} s = ${Math.round(indexed / (rebuildMs / 1000))} articles/s`);

  const [cache, loadMs] = await timed(() => loadSearchIndex());
  console.log(`index loaded by a fresh node in ${(loadMs / 1000).toFixed(1)} s (${cache.index.size} articles, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB)`);

  const sample = await ArticleModel.find({ slug: { $in: Array.from({ length: INDEX_UPDATES }, (_, n) => `bench-${n * 97}`) } }).lean<ArticleDocument[]>();
  const updateSamples: number[] = [];
  for (const article of sample) updateSamples.push((await timed(() => indexArticle(article)))[1]);
  console.log(summary(`index update of one saved article (${sample.length})`, updateSamples));

  const saveSamples: number[] = [];
  for (const article of sample.slice(0, ARTICLE_SAVES)) {
    saveSamples.push((await timed(() => updateArticle(article._id.toString(), { title: `${article.title} (2)` }, undefined)))[1]);
  }
  console.log(summary(`whole article save, per article: version, index entry, answer (${ARTICLE_SAVES}, back to back)`, saveSamples));
  const [, foldMs] = await timed(() => waitForArticleFolds());
  console.log(`article documents caught up in the background ${(foldMs / 1000).toFixed(1)} s after the last save (one update each, serialised)`);

  const queries = Array.from({ length: QUERIES }, syntheticQuery);
  for (const query of queries.slice(0, 50)) await searchArticles({ q: query, limit: 10 }, 'staff');
  const searchSamples: number[] = [];
  let empty = 0;
  for (const query of queries) {
    const [response, ms] = await timed(() => searchArticles({ q: query, limit: 10 }, 'staff'));
    searchSamples.push(ms);
    if (response.results.length === 0) empty += 1;
  }
  console.log(summary(`search, ${QUERIES} queries, 10 results with snippets (${empty} without results)`, searchSamples));
}

await withBenchDatabase(main);
