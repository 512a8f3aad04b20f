import { describe, expect, it, vi } from 'vitest';
import { TICKET_STATUSES } from '@mowakaba/shared/constants';
import { ZDemoDataRemoval, ZDemoDataState } from '@mowakaba/shared/schemas/demo-data';
import { createLogger } from '../../server/src/logger.js';
import { localDateOf } from '../../server/src/modules/dashboard/domain/local-time.js';
import { lookupAssociationsByPhone } from '../../server/src/modules/associations/phone-directory.js';
import { createLiveTicketDirectory, keepDirectorySnapshot } from '../../server/src/modules/tickets/live-ticket-directory.js';
import { DEMO_PASSWORD, seedDemoData } from '../../seeds/demo/seed-demo-data.js';
import { demoAssociations } from '../../seeds/demo/demo-content.js';
import { createDashboardTestApp } from '../helpers/dashboard.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { followSearchIndex, searchAs } from '../helpers/ticket-search.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const idsOf = (items: Array<{ id: string }>) => items.map((item) => item.id).sort();

describe('removing the demo data', () => {
  it('takes the demo tickets out of every list, search, dashboard and node, keeps real work and what it touches, and is not undone by a restart', async () => {
    const { app, hub, feed, ticketDirectory } = createDashboardTestApp();
    const search = followSearchIndex(hub);
    const snapshotKeeper = keepDirectorySnapshot(hub.feed);
    const logger = createLogger('silent');
    expect(await seedDemoData(logger, hub)).toBe(true);

    const { cookie: admin } = await createSignedInUser(app, 'admin');
    const list = async (query: string) => json(await app.request(`/api/tickets?limit=100&${query}`, { headers: { Cookie: admin } }));
    const demoTickets = idsOf((await list('sort=-createdAt')).items);
    expect(demoTickets.length).toBeGreaterThanOrEqual(10);
    const state = ZDemoDataState.parse(await json(await app.request('/api/admin/demo-data', { headers: { Cookie: admin } })));
    expect(state).toMatchObject({ loaded: true, removedAt: null, remaining: { tickets: demoTickets.length } });

    // Real work: a ticket on a demo association (Tiznit), and one on an association staff created.
    type Found = { id: string; contacts: Array<{ phones: string[] }> };
    const findAssociations = async (q: string) => (await json(await app.request(`/api/associations?q=${encodeURIComponent(q)}`, { headers: { Cookie: admin } }))).items as Found[];
    const tiznit = (await findAssociations('Tiznit'))[0]!;
    const goneCity = demoAssociations.find((association) => association.city !== 'Tiznit' && association.contacts.some((contact) => contact.phones.length > 0))!.city;
    const gone = (await findAssociations(goneCity))[0]!;
    const phoneOf = (association: Found) => association.contacts.flatMap((contact) => contact.phones)[0]!;
    expect((await lookupAssociationsByPhone(phoneOf(gone))).matches.length).toBeGreaterThan(0);
    const realOnDemo = await postTicket(app, admin, { associationId: tiznit.id, subject: 'Déclaration CNDP du fichier des adhérents', channel: 'walk-in' });
    const newAssociation = await postAssociation(app, admin, { city: 'Ouarzazate' });
    const realOnNew = await postTicket(app, admin, { associationId: newAssociation.id, subject: 'Renouvellement du bureau', channel: 'web' });
    const realTickets = idsOf([realOnDemo, realOnNew]);

    // A second node, loaded before the removal, follows the feed.
    const otherNode = createLiveTicketDirectory(hub.feed);
    await otherNode.ensureLoaded();
    await search.settle();
    expect((await searchAs(app, admin, 'CNDP')).results.some((result) => demoTickets.includes(result.ticket.id))).toBe(true);
    // The dashboard's day is Casablanca's: from 23:00 UTC on, the UTC date is yesterday there.
    const today = localDateOf(Date.now());
    const history = async () => {
      await feed.settled();
      return json(await app.request(`/api/dashboard/history?from=${today}&to=${today}&interval=day`, { headers: { Cookie: admin } }));
    };
    expect((await history()).totals.ticketsCreated).toBe(demoTickets.length + 2);

    // An agent may not remove it.
    const { cookie: agent } = await createSignedInUser(app, 'agent');
    const refused = await app.request('/api/admin/demo-data', { method: 'DELETE', headers: { Cookie: agent } });
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe('forbidden');

    const response = await app.request('/api/admin/demo-data', jsonRequest('DELETE', undefined, admin));
    expect(response.status).toBe(200);
    const removal = ZDemoDataRemoval.parse(await json(response));
    expect(removal.removed).toMatchObject({ tickets: demoTickets.length, associations: demoAssociations.length - 1, users: expect.any(Number) });
    expect(removal.removed.articles).toBeGreaterThan(0);
    expect(removal.removed.users).toBeGreaterThan(0);
    expect(removal.kept).toEqual({ associations: 1 });

    // Every list shows the real tickets only, whatever the status.
    expect(idsOf((await list('sort=-createdAt')).items)).toEqual(realTickets);
    for (const status of TICKET_STATUSES) {
      for (const ticket of (await list(`status=${status}`)).items as Array<{ id: string }>) expect(realTickets).toContain(ticket.id);
    }
    expect((await app.request(`/api/tickets/${demoTickets[0]}`, { headers: { Cookie: admin } })).status).toBe(404);

    // Search finds the real ticket, no demo one.
    await search.settle();
    expect((await searchAs(app, admin, 'CNDP')).results.map((result) => result.ticket.id)).toEqual([realOnDemo.id]);

    // The demo association with real work stays (and is still found); the others are gone, from caller ID too.
    const associations = json(await app.request('/api/associations?limit=100', { headers: { Cookie: admin } }));
    expect(idsOf((await associations).items)).toEqual([tiznit.id, newAssociation.id].sort());
    expect(idsOf(await findAssociations('Tiznit'))).toEqual([tiznit.id]);
    expect(await findAssociations(goneCity)).toEqual([]);
    expect((await lookupAssociationsByPhone(phoneOf(gone))).matches).toEqual([]);
    expect((await lookupAssociationsByPhone(phoneOf(tiznit))).matches.length).toBeGreaterThan(0);

    // The dashboards count what remains.
    expect((await history()).totals.ticketsCreated).toBe(2);

    // This node, the other one, and a node started now from the snapshot and the feed hold the real tickets only.
    await ticketDirectory.settled();
    expect(idsOf([...ticketDirectory.directory.summaries()])).toEqual(realTickets);
    await vi.waitFor(() => expect(idsOf([...otherNode.directory.summaries()])).toEqual(realTickets), { timeout: 5_000 });
    await snapshotKeeper.catchUp();
    const startedNow = createLiveTicketDirectory(hub.feed);
    await startedNow.ensureLoaded();
    expect(idsOf([...startedNow.directory.summaries()])).toEqual(realTickets);

    // Demo users can no longer sign in with the published password.
    const demoSignIn = await app.request('/api/auth/login', jsonRequest('POST', { email: 'salma.agent@mowakaba.test', password: DEMO_PASSWORD }));
    expect(demoSignIn.status).toBe(401);

    // Again: nothing more goes. A restart does not load the demo again.
    const again = ZDemoDataRemoval.parse(await json(await app.request('/api/admin/demo-data', jsonRequest('DELETE', undefined, admin))));
    expect(again.removed).toEqual({ tickets: 0, associations: 0, articles: 0, users: 0 });
    expect(again.kept).toEqual({ associations: 1 });
    expect(await seedDemoData(logger, hub)).toBe(false);
    expect(idsOf((await list('sort=-createdAt')).items)).toEqual(realTickets);
    const after = ZDemoDataState.parse(await json(await app.request('/api/admin/demo-data', { headers: { Cookie: admin } })));
    expect(after).toMatchObject({ loaded: true, remaining: { tickets: 0, associations: 1, articles: 0, users: 0 } });
    expect(after.removedAt).not.toBeNull();

    snapshotKeeper.stop();
    search.stop();
  }, 180_000);
});
