import { describe, expect, it } from 'vitest';
import { ZTicketListQuery, type TTicketListQuery } from '@mowakaba/shared/schemas/tickets';
import { getVisibility } from '../../server/src/access/access-rule.js';
import { readPage, toSortDocument } from '../../server/src/database/cursor.js';
import { getTeamsOf } from '../../server/src/modules/teams/teams.service.js';
import { LiveTicketDirectory } from '../../server/src/modules/tickets/live-ticket-directory.js';
import { buildTicketFilter, listTickets, SORTS } from '../../server/src/modules/tickets/tickets.service.js';
import { TicketModel, type TicketDocument } from '../../server/src/modules/tickets/ticket.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { followSearchIndex } from '../helpers/ticket-search.js';
import { useTestDatabase } from '../helpers/test-database.js';

// Its own file, so its own database: the lists below see only the tickets made here.
useTestDatabase();

describe('listing tickets', () => {
  it('filters on the server and pages with a cursor in queue order: most urgent, then oldest', async () => {
    const { app, hub } = createTestApp();
    const index = followSearchIndex(hub);
    const { cookie, user } = await createSignedInUser(app);
    const association = await postAssociation(app, cookie, {
      region: 'marrakech-safi',
      contacts: [{ name: 'Ali', role: '', phones: ['0677889900'], emails: [] }],
    });
    const low = await postTicket(app, cookie, { priority: 'low', topic: 'funding', channel: 'sms', tags: ['subvention'] });
    const urgent = await postTicket(app, cookie, { priority: 'urgent', topic: 'funding', channel: 'voice' });
    const normal = await postTicket(app, cookie, {
      priority: 'normal',
      topic: 'platform',
      subject: 'Problème de mot de passe sur la plateforme',
      associationId: association.id,
      contactId: association.contacts[0].id,
    });
    await app.request(`/api/tickets/${normal.id}`, jsonRequest('PATCH', { version: 0, assigneeId: user.id, status: 'open' }, cookie));

    const ids = async (query: string) =>
      (await json(await app.request(`/api/tickets?${query}`, { headers: { Cookie: cookie } }))).items.map((item: { id: string }) => item.id);

    expect(await ids('limit=100')).toEqual([urgent.id, normal.id, low.id]);
    expect(await ids('topic=funding')).toEqual([urgent.id, low.id]);
    expect(await ids('status=new')).toEqual([urgent.id, low.id]);
    expect(await ids('status=open,pending')).toEqual([normal.id]);
    expect(await ids('assignee=me')).toEqual([normal.id]);
    expect(await ids('assignee=none')).toEqual([urgent.id, low.id]);
    expect(await ids('channel=sms')).toEqual([low.id]);
    expect(await ids('region=marrakech-safi')).toEqual([normal.id]);
    expect(await ids('tag=subvention')).toEqual([low.id]);
    // Words are looked up in the ticket search index, which follows the change feed.
    await index.settle();
    expect(await ids('q=mot%20de%20passe')).toEqual([normal.id]);
    expect(await ids(`q=${normal.reference.toLowerCase()}`)).toEqual([normal.id]);
    expect(await ids(`q=${encodeURIComponent('+212 677 88 99 00')}`)).toEqual([normal.id]);
    expect(await ids('q=0677889900')).toEqual([normal.id]);
    index.stop();
    expect(await ids('sort=-createdAt')).toEqual([normal.id, urgent.id, low.id]);
    expect(await ids(`createdFrom=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);

    const firstPage = await json(await app.request('/api/tickets?limit=2', { headers: { Cookie: cookie } }));
    expect(firstPage.items.map((item: { id: string }) => item.id)).toEqual([urgent.id, normal.id]);
    const secondPage = await json(await app.request(`/api/tickets?limit=2&cursor=${firstPage.nextCursor}`, { headers: { Cookie: cookie } }));
    expect(secondPage.items.map((item: { id: string }) => item.id)).toEqual([low.id]);
    expect(secondPage.nextCursor).toBeNull();
  });

  it('answers bad filters with 400 naming the parameter', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    for (const [query, path] of [
      ['status=lost', 'status'],
      ['limit=1000', 'limit'],
      ['assignee=someone', 'assignee'],
      ['createdFrom=yesterday', 'createdFrom'],
      ['sort=random', 'sort'],
      ['cursor=%25%25', 'cursor'],
    ]) {
      const response = await app.request(`/api/tickets?${query}`, { headers: { Cookie: cookie } });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect((await json(response)).error.details[0].path.split('.')[0]).toBe(path);
    }
  });
});

/** The same list as the database answers it: the oracle the directory is checked against. */
async function listFromDatabase(query: TTicketListQuery, actor: { id: string; role: string }) {
  const sort = SORTS[query.sort];
  const teamIds = query.team === 'mine' ? (await getTeamsOf(actor.id)).map((team) => team._id) : [];
  const filter = buildTicketFilter(query, actor, await getVisibility(actor), teamIds);
  const page = await readPage((filter, limit) => TicketModel.find(filter).sort(toSortDocument(sort)).limit(limit).lean<TicketDocument[]>(), { filter, sort, limit: query.limit, cursor: query.cursor });
  return { ids: page.items.map((ticket) => ticket._id.toString()), nextCursor: page.nextCursor };
}

describe('lists from the ticket directory', () => {
  it('answers every filter and sort, history included, exactly as the database does, page by page', async () => {
    const { app } = createTestApp();
    const { cookie, user } = await createSignedInUser(app);
    const { user: supervisor } = await createSignedInUser(app, 'supervisor');
    const association = await postAssociation(app, cookie, { region: 'oriental', contacts: [{ name: 'Driss', role: '', phones: ['0611223344'], emails: [] }] });
    const priorities = ['low', 'normal', 'high', 'urgent'] as const;
    for (let index = 0; index < 14; index += 1) {
      const ticket = await postTicket(app, cookie, {
        priority: priorities[index % 4],
        topic: index % 3 === 0 ? 'funding' : 'platform',
        channel: index % 2 === 0 ? 'sms' : 'voice',
        tags: index % 5 === 0 ? ['urgent-budget'] : [],
        subject: `Demande numéro ${index}`,
        ...(index % 4 === 0 ? { associationId: association.id, contactId: association.contacts[0].id } : {}),
      });
      if (index % 3 === 1) await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: 0, status: 'pending', assigneeId: user.id }, cookie));
      if (index % 7 === 2) await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: 0, status: 'solved' }, cookie));
      if (index % 6 === 5) await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: 0, status: 'closed' }, cookie));
    }
    // The second directory gives up walking after two slots, so filters are answered by its scan.
    const directories = [new LiveTicketDirectory(), new LiveTicketDirectory({ walkBudget: 2 })];
    for (const directory of directories) await directory.ensureLoaded();
    const month = encodeURIComponent(new Date(Date.now() - 30 * 86_400_000).toISOString());
    const queries = [
      'status=new,open,pending,on-hold',
      '',
      'sort=-createdAt',
      'sort=createdAt',
      'sort=updatedAt',
      'sort=-updatedAt&status=solved,closed',
      'status=closed',
      'status=new&sort=-createdAt',
      'status=pending&assignee=me',
      'assignee=none&sort=-updatedAt',
      'status=new,pending&priority=urgent,high&sort=updatedAt',
      'topic=funding&channel=sms',
      'region=oriental&sort=-createdAt',
      'tag=urgent-budget',
      `associationId=${association.id}`,
      `createdFrom=${month}&sort=-createdAt`,
      `updatedTo=${month}`,
      `solvedFrom=${month}&solvedTo=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&sort=-createdAt`,
      'team=none&region=none,oriental',
      'q=num%C3%A9ro%201',
      'q=0611223344&sort=-updatedAt',
      `slaDueBefore=${encodeURIComponent(new Date(Date.now() + 365 * 86_400_000).toISOString())}`,
    ];
    for (const [actor, directory] of [{ id: user.id, role: 'agent' }, { id: supervisor.id, role: 'supervisor' }].flatMap((actor) => directories.map((directory) => [actor, directory] as const))) {
      for (const raw of queries) {
        for (const limit of ['3', '100']) {
          let cursor: string | undefined;
          do {
            const query = ZTicketListQuery.parse({ ...Object.fromEntries(new URLSearchParams(raw)), limit, ...(cursor ? { cursor } : {}) });
            const fromDirectory = await listTickets(query, actor, directory);
            const fromDatabase = await listFromDatabase(query, actor);
            expect({ raw, walkBudget: directory.directory === directories[1]!.directory ? 2 : 'default', ids: fromDirectory.items.map((ticket) => ticket.id) }).toEqual({ raw, walkBudget: directory.directory === directories[1]!.directory ? 2 : 'default', ids: fromDatabase.ids });
            expect(fromDirectory.nextCursor).toEqual(fromDatabase.nextCursor);
            cursor = fromDirectory.nextCursor ?? undefined;
          } while (cursor);
        }
      }
    }
  });

  it('loads tickets written without the arrays the schema defaults, and finds them by reference', async () => {
    const { app } = createTestApp();
    const { cookie, user } = await createSignedInUser(app, 'supervisor');
    const written = await TicketModel.collection.insertOne({
      reference: 'T-2024-000777',
      subject: 'Ancien ticket importé',
      channel: 'email',
      language: 'fr',
      topic: 'other',
      priority: 'normal',
      priorityRank: 1,
      status: 'open',
      version: 0,
      createdAt: new Date('2024-01-02T10:00:00Z'),
      updatedAt: new Date('2024-01-02T10:00:00Z'),
    });
    const directory = new LiveTicketDirectory();
    await directory.ensureLoaded();
    const page = await listTickets(ZTicketListQuery.parse({ status: 'open', q: 'importé' }), { id: user.id, role: 'supervisor' }, directory);
    expect(page.items.map((ticket) => ticket.id)).toEqual([written.insertedId.toString()]);
    expect(page.items[0]!.tags).toEqual([]);
    const response = await app.request('/api/tickets?status=open&q=T-2024-777', { headers: { Cookie: cookie } });
    expect((await json(response)).items.map((item: { id: string }) => item.id)).toEqual([written.insertedId.toString()]);
  });
});
