import { describe, expect, it } from 'vitest';
import { followTicketSearch } from '../../server/src/modules/ticket-search/index.js';
import { createSignedInUser } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { createTwoTestNodes, type TestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { searchAs } from '../helpers/ticket-search.js';

useTestDatabase();

/** The node's ticket-search indexer, in the node's own state (as main.ts starts it), under the one consumer name the nodes share. */
function indexOn(node: TestApp) {
  return node.modules.scope.run(() => followTicketSearch(node.hub.feed, 'ticket-search-handover'));
}

describe('ticket search indexed by one node, then another, then the first again', () => {
  it('finds every ticket: a node taking the index back reads what the other wrote meanwhile, not what it kept of its own writes', async () => {
    const [nodeA, nodeB] = createTwoTestNodes();
    const admin = await createSignedInUser(nodeA.app, 'admin');
    const subject = (n: number) => `Zaytoun cooperative, dossier ${n}`;

    let indexer = indexOn(nodeA);
    const first = await postTicket(nodeA.app, admin.cookie, { subject: subject(1) });
    await indexer.catchUp();
    await indexer.stop();

    // Node A's indexer stopped (a restart, a lease that moved): node B indexes the next ticket with the same word.
    indexer = indexOn(nodeB);
    const second = await postTicket(nodeB.app, admin.cookie, { subject: subject(2) });
    await indexer.catchUp();
    await indexer.stop();

    indexer = indexOn(nodeA);
    const third = await postTicket(nodeA.app, admin.cookie, { subject: subject(3) });
    await indexer.catchUp();
    await indexer.stop();

    const found = (await searchAs(nodeB.app, admin.cookie, 'zaytoun')).results.map((result) => result.ticket.id).sort();
    expect(found).toEqual([first.id, second.id, third.id].sort());
  });
});
