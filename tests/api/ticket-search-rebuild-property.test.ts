import { describe, expect, it } from 'vitest';
import { recordCallNotesChanged } from '../../server/src/modules/calls/call-notes-feed.js';
import { eraseCallsPersonalData } from '../../server/src/modules/calls/call-personal-data.service.js';
import { CallModel, type CallDocument } from '../../server/src/modules/calls/call.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { rebuildTicketSearch } from '../../server/src/modules/ticket-search/index.js';
import { readWholeTicketSearch } from '../../server/src/modules/ticket-search/ticket-search.store.js';
import { eraseMessageEntriesBefore, eraseTicketsPersonalData } from '../../server/src/modules/tickets/ticket-personal-data.service.js';
import { appendTicketEntries } from '../../server/src/modules/tickets/ticket.store.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTwilioGateway } from '../../server/src/twilio/twilio-gateway.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { followSearchIndex, searchAs } from '../helpers/ticket-search.js';

useTestDatabase();

/** mulberry32: a failing seed replays the same history. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

const PHRASES = [
  'تجديد مكتب الجمعية',
  'الشراكة مع الجماعة والدعم العمومي',
  'المنصة الوطنية للجمعيات ما خدماتش',
  'Demande de subvention pour la formation des bénévoles',
  "Le procès-verbal de l'assemblée générale est prêt",
  'bghit nbdl lmot de passe dyal lplateforme',
  'Dossier de volontariat contractuel loi 06.18',
  'الملف ديال التصريح بالمعطيات الشخصية 09-08',
  'Formation à distance sur la gouvernance financière',
  'جائزة المجتمع المدني: آخر أجل للترشيح',
];

/** The index as a reader would compare it: the feed position and revisions say when, not what. */
async function indexContent() {
  const whole = await readWholeTicketSearch();
  const byId = <T extends { _id: string }>(items: T[]) => [...items].sort((a, b) => (a._id < b._id ? -1 : 1));
  return {
    documents: byId(whole.documents.map(({ position: _position, ...document }) => document)),
    postings: byId(whole.postings),
    vocabulary: byId(whole.vocabulary.map(({ _id, terms }) => ({ _id, terms }))).filter((bucket) => bucket.terms !== ''),
    references: byId(whole.references),
  };
}

describe('ticket search kept from the change feed', () => {
  it('equals a rebuild from the records after random creates, replies, notes, edits, call notes and erasures, and a replay changes nothing', { timeout: 240_000 }, async () => {
    for (const seed of [7, 2026]) {
      const random = seeded(seed);
      const { app, hub, config } = createTestApp();
      const index = followSearchIndex(hub);
      const { cookie, user } = await createSignedInUser(app, 'supervisor');
      const associations = [await postAssociation(app, cookie), await postAssociation(app, cookie)];
      // Edits also move tickets between teams: the postings carry the team's code.
      const teamIds = [
        null,
        ...(await TeamModel.create([1, 2].map((n) => ({ key: `search-property-${seed}-${n}`, name: { ar: `فريق ${n}`, fr: `Équipe ${n}`, en: `Team ${n}` } })))).map((team) => team._id.toString()),
      ];
      const tickets: Array<{ id: string; associationId: string }> = [];
      for (let step = 0; step < 40; step += 1) {
        const operation = tickets.length === 0 ? 0 : random.int(8);
        const target = tickets.length > 0 ? random.pick(tickets) : undefined;
        if (operation <= 1 || !target) {
          const associationId = random.pick(associations).id;
          const ticket = await postTicket(app, cookie, { subject: random.pick(PHRASES), description: random.pick(PHRASES), language: random.pick(['ar', 'fr'] as const), associationId });
          tickets.push({ id: ticket.id, associationId });
        } else if (operation <= 3) {
          const kind = random.pick(['public-reply', 'internal-note'] as const);
          await app.request(`/api/tickets/${target.id}/entries`, jsonRequest('POST', { kind, body: random.pick(PHRASES) }, cookie));
        } else if (operation === 4) {
          const current = await json(await app.request(`/api/tickets/${target.id}`, { headers: { Cookie: cookie } }));
          await app.request(`/api/tickets/${target.id}`, jsonRequest('PATCH', { version: current.version, subject: random.pick(PHRASES), description: random.pick(PHRASES), teamId: random.pick(teamIds) }, cookie));
        } else if (operation === 5) {
          await appendTicketEntries([{ ticketId: target.id, kind: 'message', body: random.pick(PHRASES), data: { direction: 'inbound', channel: 'sms' } }], hub);
        } else if (operation === 6) {
          const callSid = `CA${seed}${String(step).padStart(3, '0')}`.padEnd(34, '0');
          const call = (
            await CallModel.create({ _id: callSid, direction: 'inbound', from: '+212661234517', to: '+212522000000', associationId: target.associationId, ticketId: target.id, notes: random.pick(PHRASES) })
          ).toObject() as CallDocument;
          await recordCallNotesChanged(call, hub);
        } else if (random.int(4) === 0) {
          // As the privacy module erases: the association's tickets, then its calls.
          const selector = { associationId: random.pick(associations).id };
          await eraseTicketsPersonalData(selector, hub, { id: user.id });
          await eraseCallsPersonalData(selector, createTwilioGateway(config), hub);
        } else {
          await eraseMessageEntriesBefore(new Date(Date.now() + 1_000), hub);
        }
      }
      await index.settle();
      const maintained = await indexContent();
      // Earlier seeds' tickets share the database.
      expect(maintained.documents.map((document) => document._id)).toEqual(expect.arrayContaining(tickets.map((ticket) => ticket.id)));

      const replay = followSearchIndex(hub);
      await replay.settle();
      expect(await indexContent()).toEqual(maintained);

      await rebuildTicketSearch();
      expect(await indexContent(), `seed ${seed}`).toEqual(maintained);
      index.stop();
      replay.stop();
    }
  });

  it('reports its progress and finds what it rebuilt', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app, 'supervisor');
    const ticket = await postTicket(app, cookie, { subject: 'Pétition sur la gestion des déchets', language: 'fr', topic: 'participation' });
    const progress: Array<[number, number]> = [];
    const rebuilt = await rebuildTicketSearch((done, total) => progress.push([done, total]));
    expect(rebuilt.tickets).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)).toEqual([rebuilt.tickets, rebuilt.tickets]);
    expect((await searchAs(app, cookie, 'petition dechets')).results.map((result) => result.ticket.id)).toEqual([ticket.id]);
  });
});
