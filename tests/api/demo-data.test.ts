import { describe, expect, it } from 'vitest';
import { AssociationModel } from '../../server/src/modules/associations/association.model.js';
import { lookupAssociationsByPhone } from '../../server/src/modules/associations/phone-directory.js';
import { DEMO_PASSWORD, seedDemoData } from '../../seeds/demo/seed-demo-data.js';
import { ArticleModel } from '../../server/src/modules/kb/article.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { TicketEntryModel } from '../../server/src/modules/tickets/ticket-entry.model.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { createLogger } from '../../server/src/logger.js';
import { signIn } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

describe('demo data', () => {
  it('loads associations across regions, teams, agents, tickets and articles, once', async () => {
    const logger = createLogger('silent');
    const { app, hub } = createTestApp();
    expect(await seedDemoData(logger, hub)).toBe(true);
    expect(await seedDemoData(logger, hub)).toBe(false);

    const associations = await AssociationModel.find().lean();
    expect(associations.length).toBeGreaterThanOrEqual(6);
    expect(new Set(associations.map((association) => association.region)).size).toBeGreaterThanOrEqual(5);
    const phones = associations.flatMap((association) => association.phones);
    expect(phones.length).toBeGreaterThanOrEqual(6);
    for (const phone of phones) expect(phone).toMatch(/^\+212\d{9}$/);
    // Demo numbers are in the caller-ID directory, so a simulated call from one is recognised.
    expect((await lookupAssociationsByPhone(phones[0]!)).matches.length).toBeGreaterThan(0);

    expect(await TeamModel.countDocuments()).toBeGreaterThanOrEqual(3);
    const tickets = await TicketModel.find().lean();
    expect(tickets.length).toBeGreaterThanOrEqual(10);
    expect(new Set(tickets.map((ticket) => ticket.reference)).size).toBe(tickets.length);
    expect(await TicketEntryModel.countDocuments()).toBeGreaterThan(0);
    // Created through the ticket store, so on the change feed: the lists (the ticket directory) show them all.
    const supervisor = await signIn(app, 'nadia.supervisor@mowakaba.test', DEMO_PASSWORD);
    const listed = await json(await app.request('/api/tickets?limit=100&sort=-createdAt', { headers: { Cookie: supervisor } }));
    expect(listed.items.map((ticket: { id: string }) => ticket.id).sort()).toEqual(tickets.map((ticket) => ticket._id.toString()).sort());
    expect(await ArticleModel.countDocuments({ lang: 'ar', status: 'published' })).toBeGreaterThanOrEqual(10);
  });

  it('finds the demo associations by name or city, as any association (?q=Tiznit)', async () => {
    const { app, hub } = createTestApp();
    await seedDemoData(createLogger('silent'), hub);
    const cookie = await signIn(app, 'salma.agent@mowakaba.test', DEMO_PASSWORD);
    const found = await json(await app.request('/api/associations?q=Tiznit', { headers: { Cookie: cookie } }));
    expect(found.items.map((association: { city: string }) => association.city)).toContain('Tiznit');
  });

  it('lets a demo agent sign in with the documented password', async () => {
    const { app } = createTestApp();
    expect(await signIn(app, 'salma.agent@mowakaba.test', DEMO_PASSWORD)).toMatch(/^mowakaba_session=/);
  });
});
