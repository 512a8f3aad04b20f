import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ZTicket } from '@mowakaba/shared/schemas/tickets';
import { searchResultCacheOfApp } from '../../server/src/modules/ticket-search/index.js';
import { createTestUser, jsonRequest, signIn } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { followSearchIndex, followSearchResultsOf, searchAs } from '../helpers/ticket-search.js';

useTestDatabase();

const resultsKeptBy = (node: TestApp) => node.modules.scope.run(() => searchResultCacheOfApp().hits);

describe('search results and postings kept by a node', () => {
  it("show a ticket's texts as another node changed them, even when this node saw the change before the index did", async () => {
    const sessionSecret = randomBytes(32).toString('hex');
    const nodeA = createTestApp({}, sessionSecret);
    const nodeB = createTestApp({}, sessionSecret);
    const index = followSearchIndex(nodeA.hub);
    const changesSeenByB = followSearchResultsOf(nodeB);
    const supervisor = await createTestUser({ role: 'supervisor' });
    const cookie = await signIn(nodeA.app, supervisor.email);
    const ticket = await postTicket(nodeA.app, cookie, { subject: 'Demande de subvention', description: 'Dossier de partenariat avec la commune.', language: 'fr', topic: 'funding' });
    await index.settle();
    await changesSeenByB.settle();

    const first = await searchAs(nodeB.app, cookie, 'subvention');
    expect(first.results.map((result) => result.ticket.id)).toEqual([ticket.id]);
    const keptBefore = resultsKeptBy(nodeB);
    expect((await searchAs(nodeB.app, cookie, 'partenariat')).results[0]!.snippet!.kind).toBe('description');
    expect(resultsKeptBy(nodeB)).toBe(keptBefore + 1);

    // Answered on A while the index is down; B hears of it and searches meanwhile, then the index catches up.
    await index.stop();
    const reply = await nodeA.app.request(`/api/tickets/${ticket.id}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'La convention de partenariat est signée par la commune.' }, cookie));
    expect(reply.status).toBe(201);
    await changesSeenByB.settle();
    expect((await searchAs(nodeB.app, cookie, 'subvention')).results.map((result) => result.ticket.id)).toEqual([ticket.id]);

    const resumedIndex = followSearchIndex(nodeA.hub);
    await resumedIndex.settle();
    const afterReply = await searchAs(nodeB.app, cookie, 'convention signée');
    expect(afterReply.results.map((result) => result.ticket.id)).toEqual([ticket.id]);
    expect(afterReply.results[0]!.snippet).toMatchObject({ kind: 'public-reply', text: expect.stringContaining('convention') });
    expect(afterReply.results[0]!.matchedIn).toContain('public-reply');

    // The subject changed on A: B shows the new one in the row and in the snippet.
    const { version } = ZTicket.parse(await json(await nodeA.app.request(`/api/tickets/${ticket.id}`, { headers: { Cookie: cookie } })));
    const renamed = await nodeA.app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version, subject: 'Demande de subvention régionale' }, cookie));
    expect(renamed.status).toBe(200);
    await resumedIndex.settle();
    await changesSeenByB.settle();
    const afterRename = await searchAs(nodeB.app, cookie, 'subvention régionale');
    expect(afterRename.results[0]!.ticket.subject).toBe('Demande de subvention régionale');
    expect(afterRename.results[0]!.snippet!.text).toBe('Demande de subvention régionale');
    await resumedIndex.stop();
    await changesSeenByB.stop();
  });

  it("find another node's new tickets with the words this node searched for before", async () => {
    const sessionSecret = randomBytes(32).toString('hex');
    const nodeA = createTestApp({}, sessionSecret);
    const nodeB = createTestApp({}, sessionSecret);
    const index = followSearchIndex(nodeA.hub);
    const supervisor = await createTestUser({ role: 'supervisor' });
    const cookie = await signIn(nodeA.app, supervisor.email);
    const first = await postTicket(nodeA.app, cookie, { subject: 'Rapport financier annuel', language: 'fr', topic: 'funding' });
    await index.settle();
    expect((await searchAs(nodeB.app, cookie, 'rapport financier')).results.map((result) => result.ticket.id)).toEqual([first.id]);

    // The same day's postings of both words change: B reads them again.
    const second = await postTicket(nodeA.app, cookie, { subject: 'Rapport financier du premier semestre', language: 'fr', topic: 'funding' });
    await index.settle();
    const again = await searchAs(nodeB.app, cookie, 'rapport financier');
    expect(again.results.map((result) => result.ticket.id).sort()).toEqual([first.id, second.id].sort());
    await index.stop();
  });
});
