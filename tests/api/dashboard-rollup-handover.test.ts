import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/logger.js';
import { createDashboardFeed, followChangeFeed } from '../../server/src/modules/dashboard/index.js';
import { localDateOf } from '../../server/src/modules/dashboard/domain/local-time.js';
import { createSignedInUser } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTwoTestNodes, type TestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

/** The node's dashboard rollups, in the node's own state (as main.ts starts them), under the one consumer name the nodes share. */
function rollUpOn(node: TestApp) {
  return node.modules.scope.run(() => {
    const feed = createDashboardFeed({ logger: createLogger('silent') });
    const follower = followChangeFeed(node.hub.feed, feed, 'dashboard-rollups-handover');
    return {
      async settleAndStop() {
        await follower.catchUp();
        await feed.settled();
        await follower.stop();
      },
    };
  });
}

describe('dashboard rollups written by one node, then another, then the first again', () => {
  it('count every ticket: a node taking the rollups back reads what the other wrote meanwhile, not what it kept of its own writes', async () => {
    const [nodeA, nodeB] = createTwoTestNodes();
    const supervisor = await createSignedInUser(nodeA.app, 'supervisor');

    for (const node of [nodeA, nodeB, nodeA]) {
      const rollups = rollUpOn(node);
      await postTicket(node.app, supervisor.cookie);
      await rollups.settleAndStop();
    }

    // The dashboard's day is Casablanca's: from 23:00 UTC on, the UTC date is yesterday there.
    const today = localDateOf(Date.now());
    const history = await json(await nodeB.app.request(`/api/dashboard/history?from=${today}&to=${today}&interval=day`, { headers: { Cookie: supervisor.cookie } }));
    expect(history.totals.ticketsCreated).toBe(3);
  });
});
