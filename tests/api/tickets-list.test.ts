import { describe, expect, it } from 'vitest';
import { ZTicketListQuery } from '../../shared/src/schemas/tickets.js';
import { ActiveTicketIndex } from '../../server/src/modules/tickets/active-ticket-index.js';
import { listTickets } from '../../server/src/modules/tickets/tickets.service.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

// Its own file, so its own database: the lists below see only the tickets made here.
useTestDatabase();

describe('listing tickets', () => {
  it('filters on the server and pages with a cursor in queue order: most urgent, then oldest', async () => {
    const { app } = createTestApp();
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
    expect(await ids('q=mot%20de%20passe')).toEqual([normal.id]);
    expect(await ids(`q=${normal.reference.toLowerCase()}`)).toEqual([normal.id]);
    expect(await ids(`q=${encodeURIComponent('+212 677 88 99 00')}`)).toEqual([normal.id]);
    expect(await ids('q=0677889900')).toEqual([normal.id]);
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

describe('queue views from memory', () => {
  it('answers every active view from the in-memory index exactly as the database does, page by page', async () => {
    const { app } = createTestApp();
    const { cookie, user } = await createSignedInUser(app);
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
    }
    const index = new ActiveTicketIndex();
    await index.ensureLoaded();
    const actor = { id: user.id, role: 'agent' };
    const queries = [
      'status=new,open,pending,on-hold',
      'status=new&sort=-createdAt',
      'status=pending&assignee=me',
      'status=new,pending&priority=urgent,high&sort=updatedAt',
      'status=new,open,pending&topic=funding&channel=sms',
      'status=new,pending&region=oriental',
      'status=new,pending&tag=urgent-budget',
      'status=new,pending&q=num%C3%A9ro%201',
      'status=new,pending&q=0611223344',
      `slaDueBefore=${encodeURIComponent(new Date(Date.now() + 365 * 86_400_000).toISOString())}`,
    ];
    for (const raw of queries) {
      for (const limit of ['3', '100']) {
        let cursor: string | undefined;
        do {
          const query = ZTicketListQuery.parse({ ...Object.fromEntries(new URLSearchParams(raw)), limit, ...(cursor ? { cursor } : {}) });
          expect(index.canServe(query)).toBe(true);
          const fromMemory = await listTickets(query, actor, index);
          const fromDatabase = await listTickets(query, actor);
          expect({ raw, ids: fromMemory.items.map((ticket) => ticket.id) }).toEqual({ raw, ids: fromDatabase.items.map((ticket) => ticket.id) });
          expect(fromMemory.nextCursor).toEqual(fromDatabase.nextCursor);
          cursor = fromMemory.nextCursor ?? undefined;
        } while (cursor);
      }
    }
    expect(index.canServe(ZTicketListQuery.parse({ status: 'solved' }))).toBe(false);
    expect(index.canServe(ZTicketListQuery.parse({}))).toBe(false);
  });

  it('loads tickets written without the arrays the schema defaults, and answers from memory', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
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
    const index = new ActiveTicketIndex();
    await index.ensureLoaded();
    const page = index.list(ZTicketListQuery.parse({ status: 'open', q: 'importé' }), 'nobody', [], [{ field: 'createdAt', direction: 1 }, { field: '_id', direction: 1 }]);
    expect(page.items.map((ticket) => ticket.id)).toEqual([written.insertedId.toString()]);
    expect(page.items[0]!.tags).toEqual([]);
    const response = await app.request('/api/tickets?status=open&q=T-2024-777', { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
  });
});
