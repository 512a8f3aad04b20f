import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/logger.js';
import { ArticleModel } from '../../server/src/modules/kb/article.model.js';
import { seedDemoData } from '../../seeds/demo/seed-demo-data.js';
import { labelledQueries } from '../fixtures/kb-labelled-queries.js';
import { createSignedInUser } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { searchRequest } from '../helpers/kb.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

describe('search quality on the demo articles', () => {
  it('finds the expected article in the top 3 for at least 90% of the labelled queries', { timeout: 120_000 }, async () => {
    const { app, hub } = createTestApp();
    await seedDemoData(createLogger('silent'), hub);
    const agent = await createSignedInUser(app, 'agent');
    const slugById = new Map((await ArticleModel.find().select('slug').lean()).map((article) => [article._id.toString(), article.slug]));

    expect(labelledQueries.length).toBeGreaterThanOrEqual(60);
    let hitsAt1 = 0;
    let hitsAt3 = 0;
    let reciprocalRanks = 0;
    const misses: string[] = [];
    for (const { kind, query, expected } of labelledQueries) {
      const body = await json(await searchRequest(app, { q: query, limit: '10' }, agent.cookie));
      const slugs = body.results.map((result: { id: string }) => slugById.get(result.id));
      const rank = slugs.indexOf(expected) + 1;
      if (rank === 1) hitsAt1 += 1;
      if (rank >= 1 && rank <= 3) hitsAt3 += 1;
      if (rank >= 1) reciprocalRanks += 1 / rank;
      if (rank !== 1) misses.push(`  rank ${rank || '>10'} [${kind}] ${query} → ${slugs.slice(0, 3).join(', ')}`);
    }
    const count = labelledQueries.length;
    const ratio = (value: number) => (value / count).toFixed(3);
    console.log(
      `knowledge-base search, ${count} labelled queries: hit@1 ${ratio(hitsAt1)}, hit@3 ${ratio(hitsAt3)}, MRR ${ratio(reciprocalRanks)}\n${misses.join('\n')}`,
    );
    expect(hitsAt3 / count).toBeGreaterThanOrEqual(0.9);
  });
});
