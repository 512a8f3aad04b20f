import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ZTeam, ZTeamList } from '@mowakaba/shared/schemas/teams';
import { ZTicket } from '@mowakaba/shared/schemas/tickets';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createManualClock, type Clock } from '../../server/src/platform/clock.js';
import { createFerretDbStorage } from '../../server/src/platform/storage/ferretdb/ferretdb-storage.js';
import { getStorage } from '../../server/src/platform/storage/index.js';
import { createMongoDbStorage } from '../../server/src/platform/storage/mongodb/mongodb-storage.js';
import { createTestUser, jsonRequest, signIn } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import type { TEventEnvelope } from '@mowakaba/shared/events';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { nextMatching, openConsole, startTestServer } from '../helpers/test-server.js';

useTestDatabase();

/** Two nodes in one process, on the one test database, signing the same cookies; time moves by hand. */
function startTwoApps() {
  const clock = createManualClock();
  const sessionSecret = randomBytes(32).toString('hex');
  const nodeA = createTestApp({}, sessionSecret, () => ({ clock }));
  const nodeB = createTestApp({}, sessionSecret, () => ({ clock }));
  return { clock, nodeA, nodeB };
}

async function teamNameSeenBy(node: TestApp, cookie: string, teamId: string): Promise<string | undefined> {
  const response = await node.app.request('/api/teams', { headers: { Cookie: cookie } });
  expect(response.status).toBe(200);
  return ZTeamList.parse(await json(response)).items.find((team) => team.id === teamId)?.name.fr;
}

describe('two apps in one process on one database', () => {
  it("keep their own copy of the teams: another node's rename shows in each app when its own copy expires", async () => {
    const { clock, nodeA, nodeB } = startTwoApps();
    const admin = await createTestUser({ role: 'admin' });
    const cookie = await signIn(nodeA.app, admin.email);
    const created = await nodeA.app.request('/api/teams', jsonRequest('POST', { name: 'Accueil', skills: { languages: ['ar'], topics: ['founding'] } }, cookie));
    expect(created.status).toBe(201);
    const team = ZTeam.parse(await json(created));

    // A reads the teams at 0 s, B at 6 s: each keeps what it read for 10 s.
    expect(await teamNameSeenBy(nodeA, cookie, team.id)).toBe('Accueil');
    await clock.advance(6_000);
    expect(await teamNameSeenBy(nodeB, cookie, team.id)).toBe('Accueil');

    // Renamed by a node of another process: nothing in this one is told.
    await TeamModel.collection.updateOne({ _id: new mongoose.Types.ObjectId(team.id) }, { $set: { 'name.fr': 'Accueil et orientation' } });
    await clock.advance(5_000);
    expect(await teamNameSeenBy(nodeA, cookie, team.id)).toBe('Accueil et orientation');
    expect(await teamNameSeenBy(nodeB, cookie, team.id)).toBe('Accueil');
    await clock.advance(5_000);
    expect(await teamNameSeenBy(nodeB, cookie, team.id)).toBe('Accueil et orientation');

    // Renamed through A: this process's invalidation reaches B's copy at once.
    const renamed = await nodeA.app.request(`/api/teams/${team.id}`, jsonRequest('PATCH', { name: { ar: 'الاستقبال', fr: 'Accueil des associations', en: 'Front desk' } }, cookie));
    expect(renamed.status).toBe(200);
    expect(await teamNameSeenBy(nodeB, cookie, team.id)).toBe('Accueil des associations');
  });

  it('write through the storage each was given, with its clock: a ticket is dated by the app that made it', async () => {
    // An adapter of the kind the test database was given, on a clock of its own.
    const storageOn = (clock: Clock) =>
      getStorage().kind === 'embedded' ? createFerretDbStorage(mongoose.connection, clock) : createMongoDbStorage(mongoose.connection, clock);
    const sessionSecret = randomBytes(32).toString('hex');
    const march = createManualClock(new Date('2026-03-02T10:00:00Z'));
    const september = createManualClock(new Date('2026-09-14T15:30:00Z'));
    const nodeA = createTestApp({}, sessionSecret, () => ({ storage: storageOn(march) }));
    const nodeB = createTestApp({}, sessionSecret, () => ({ storage: storageOn(september) }));
    const admin = await createTestUser({ role: 'admin' });

    // Signed in in March, a session has long expired by September: each node is signed in to on its own day.
    const fromA = ZTicket.parse(await postTicket(nodeA.app, await signIn(nodeA.app, admin.email), { language: 'fr', topic: 'funding' }));
    const fromB = ZTicket.parse(await postTicket(nodeB.app, await signIn(nodeB.app, admin.email), { language: 'ar', topic: 'founding' }));
    expect(fromA.createdAt).toBe('2026-03-02T10:00:00.000Z');
    expect(fromB.createdAt).toBe('2026-09-14T15:30:00.000Z');
    // The app's clock is its storage's unless given one.
    expect(nodeA.modules.clock.now().toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });

  it('go on serving from the one left when the other stops', async () => {
    const { nodeA, nodeB } = startTwoApps();
    const admin = await createTestUser({ role: 'admin' });
    const cookie = await signIn(nodeA.app, admin.email);
    const team = ZTeam.parse(await json(await nodeA.app.request('/api/teams', jsonRequest('POST', { name: 'Financement', skills: { languages: ['fr'], topics: ['funding'] } }, cookie))));
    await postTicket(nodeA.app, cookie, { language: 'fr', topic: 'funding' });

    nodeA.hub.detach();
    nodeA.modules.stop();

    expect(await teamNameSeenBy(nodeB, cookie, team.id)).toBe('Financement');
    const ticket = ZTicket.parse(await postTicket(nodeB.app, cookie, { language: 'fr', topic: 'funding', subject: 'طلب منحة' }));
    expect(ticket).toMatchObject({ teamId: team.id, status: 'new' });
    const listed = await nodeB.app.request('/api/tickets?status=new', { headers: { Cookie: cookie } });
    expect(listed.status).toBe(200);
    expect(((await json(listed)) as { items: Array<{ id: string }> }).items.map((item) => item.id)).toContain(ticket.id);
  });

  it("keep a console of the one left live when the other's server stops", async () => {
    const sessionSecret = randomBytes(32).toString('hex');
    const nodeA = await startTestServer({ sessionSecret });
    const nodeB = await startTestServer({ sessionSecret });
    const admin = await createTestUser({ role: 'admin' });
    const cookie = await signIn(nodeA.app, admin.email);
    const { socket } = await openConsole(nodeB.url, cookie);
    try {
      await nodeA.close();
      const received = nextMatching<TEventEnvelope>(socket, 'event', (envelope) => envelope.event === 'ticket.created');
      await postTicket(nodeB.app, cookie, { subject: 'بعد توقف العقدة الأولى' });
      expect((await received).payload).toMatchObject({ ticket: { subject: 'بعد توقف العقدة الأولى' } });
    } finally {
      socket.close();
      await nodeB.close();
    }
  });
});
