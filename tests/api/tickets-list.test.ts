import { describe, expect, it } from 'vitest';
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
