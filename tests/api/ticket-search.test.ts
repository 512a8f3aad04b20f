import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { accessCodeOf } from '../../server/src/modules/ticket-search/domain/ticket-search-document.js';
import { TicketSearchPostingsModel } from '../../server/src/modules/ticket-search/ticket-search.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { eraseTicketsPersonalData } from '../../server/src/modules/tickets/ticket-personal-data.service.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { followSearchIndex, highlightedWords, searchAs } from '../helpers/ticket-search.js';

useTestDatabase();

describe('ticket search', () => {
  it('finds a ticket by the words of its replies and notes, in Arabic, Darija and French, with the words marked', async () => {
    const { app, hub } = createTestApp();
    const index = followSearchIndex(hub);
    const { cookie } = await createSignedInUser(app, 'supervisor');
    const renewal = await postTicket(app, cookie, { subject: 'تجديد مكتب الجمعية', description: 'نريد معرفة الوثائق المطلوبة لتجديد المكتب المسير.' });
    const grant = await postTicket(app, cookie, {
      subject: 'Demande de subvention',
      description: 'Notre association prépare un dossier de partenariat avec la commune.',
      language: 'fr',
      topic: 'funding',
    });
    await app.request(`/api/tickets/${grant.id}/entries`, jsonRequest('POST', { kind: 'public-reply', body: "Le dossier doit contenir le procès-verbal de l'assemblée générale et le budget prévisionnel." }, cookie));
    await app.request(`/api/tickets/${renewal.id}/entries`, jsonRequest('POST', { kind: 'internal-note', body: 'الرئيس غادي يرسل المحضر ديال الجمع العام غدا' }, cookie));
    await index.settle();

    const byMinutes = await searchAs(app, cookie, 'proces verbal assemblee');
    expect(byMinutes.results[0]!.ticket.id).toBe(grant.id);
    expect(byMinutes.results[0]!.matchedIn).toContain('public-reply');
    expect(byMinutes.results[0]!.snippet!.kind).toBe('public-reply');
    expect(highlightedWords(byMinutes.results[0]!)).toEqual(expect.arrayContaining(['procès', 'verbal', "l'assemblée"]));

    const note = await searchAs(app, cookie, 'المحضر الجمع العام');
    expect(note.results[0]!.ticket.id).toBe(renewal.id);
    expect(note.results[0]!.matchedIn).toContain('internal-note');
    expect(highlightedWords(note.results[0]!)).toContain('المحضر');

    const darija = await searchAs(app, cookie, 'tajdid lmaktab');
    expect(darija.results[0]!.ticket.id).toBe(renewal.id);

    const typo = await searchAs(app, cookie, 'subvantion');
    expect(typo.results.map((result) => result.ticket.id)).toEqual([grant.id]);

    const reference = await searchAs(app, cookie, renewal.reference.toLowerCase());
    expect(reference.results[0]!.ticket.id).toBe(renewal.id);
    index.stop();
  });

  it('pages through results with the cursor, each ticket once', async () => {
    const { app, hub } = createTestApp();
    const index = followSearchIndex(hub);
    const { cookie } = await createSignedInUser(app, 'supervisor');
    const ids = [];
    for (let count = 0; count < 5; count += 1) ids.push((await postTicket(app, cookie, { subject: `Formation à distance, session ${count + 1}`, language: 'fr', topic: 'training' })).id);
    await index.settle();
    const first = await searchAs(app, cookie, 'formation', '&limit=3');
    expect(first.results).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await searchAs(app, cookie, 'formation', `&limit=3&cursor=${first.nextCursor}`);
    expect(second.nextCursor).toBeNull();
    expect([...first.results, ...second.results].map((result) => result.ticket.id).sort()).toEqual([...ids].sort());
    index.stop();
  });

  it("never shows an agent another team's tickets, while their supervisor finds them", async () => {
    const { app, hub } = createTestApp();
    const index = followSearchIndex(hub);
    await TeamModel.deleteMany({});
    const member = await createSignedInUser(app);
    const outsider = await createSignedInUser(app);
    const supervisor = await createSignedInUser(app, 'supervisor');
    await TeamModel.create({
      key: 'arabic-search',
      name: { ar: 'الفريق العربي', fr: 'Équipe arabe', en: 'Arabic team' },
      skills: { languages: ['ar'], topics: ['founding', 'funding'] },
      memberIds: [new mongoose.Types.ObjectId(member.user.id)],
    });
    await TeamModel.create({ key: 'other-search', name: { ar: 'أخرى', fr: 'Autre', en: 'Other' }, memberIds: [new mongoose.Types.ObjectId(outsider.user.id)] });
    const ticket = await postTicket(app, supervisor.cookie, { subject: 'طلب دعم لمشروع محو الأمية', language: 'ar', topic: 'funding' });
    expect(ticket.teamId).not.toBeNull();
    await index.settle();

    expect((await searchAs(app, member.cookie, 'محو الأمية')).results.map((result) => result.ticket.id)).toEqual([ticket.id]);
    expect((await searchAs(app, supervisor.cookie, 'محو الأمية')).results.map((result) => result.ticket.id)).toEqual([ticket.id]);
    const hidden = await searchAs(app, outsider.cookie, 'محو الأمية');
    expect(hidden.results).toEqual([]);
    expect(JSON.stringify(hidden)).not.toContain('الأمية');

    // Reassigned to the other team: its postings carry the new team's code, and the two agents swap.
    const otherTeam = await TeamModel.findOne({ key: 'other-search' }).lean();
    const moved = await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: ticket.version, teamId: otherTeam!._id.toString() }, supervisor.cookie));
    expect(moved.status).toBe(200);
    await index.settle();
    const postings = (await TicketSearchPostingsModel.find({}).lean()).map((document) => document.postings as string).join(';').split(';');
    const ofTicket = postings.filter((posting) => posting.startsWith(`${ticket.id},`));
    expect(ofTicket.length).toBeGreaterThan(0);
    expect(ofTicket.every((posting) => posting.split(',')[3] === accessCodeOf(otherTeam!._id.toString()))).toBe(true);
    expect((await searchAs(app, outsider.cookie, 'محو الأمية')).results.map((result) => result.ticket.id)).toEqual([ticket.id]);
    expect((await searchAs(app, member.cookie, 'محو الأمية')).results).toEqual([]);
    expect((await searchAs(app, supervisor.cookie, 'محو الأمية')).results.map((result) => result.ticket.id)).toEqual([ticket.id]);

    // Moved back, whether or not the index has caught up: the row shown is the ticket as it now is,
    // and the agent it left no longer finds it (an index copy older than the directory's is not used).
    const arabicTeam = await TeamModel.findOne({ key: 'arabic-search' }).lean();
    const current = await json(await app.request(`/api/tickets/${ticket.id}`, { headers: { Cookie: supervisor.cookie } }));
    const back = await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: current.version, teamId: arabicTeam!._id.toString() }, supervisor.cookie));
    expect(back.status).toBe(200);
    expect((await searchAs(app, outsider.cookie, 'محو الأمية')).results).toEqual([]);
    const found = (await searchAs(app, supervisor.cookie, 'محو الأمية')).results;
    expect(found.map((result) => [result.ticket.id, result.ticket.teamId])).toEqual([[ticket.id, arabicTeam!._id.toString()]]);
    index.stop();
  });

  it('forgets the texts of a ticket whose personal data was erased', async () => {
    const { app, hub } = createTestApp();
    const index = followSearchIndex(hub);
    const { cookie, user } = await createSignedInUser(app, 'supervisor');
    const association = await postAssociation(app, cookie);
    const ticket = await postTicket(app, cookie, { subject: 'Changement du trésorier Karim Belhaj', language: 'fr', associationId: association.id });
    await app.request(`/api/tickets/${ticket.id}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'Merci de joindre la carte nationale de Karim Belhaj.' }, cookie));
    await index.settle();
    expect((await searchAs(app, cookie, 'Belhaj')).results.map((result) => result.ticket.id)).toEqual([ticket.id]);

    await eraseTicketsPersonalData({ associationId: association.id }, hub, { id: user.id });
    await index.settle();
    expect((await searchAs(app, cookie, 'Belhaj')).results).toEqual([]);
    expect((await searchAs(app, cookie, 'trésorier')).results).toEqual([]);
    index.stop();
  });

  it('answers bad input with 400 and the anonymous with 401, in the one error shape', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    for (const [query, path] of [
      ['', 'q'],
      ['q=', 'q'],
      [`q=${'a'.repeat(201)}`, 'q'],
      ['q=statuts&limit=0', 'limit'],
      ['q=statuts&limit=500', 'limit'],
      ['q=statuts&cursor=abc', 'cursor'],
    ]) {
      const response = await app.request(`/api/tickets/search?${query}`, { headers: { Cookie: cookie } });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      const body = (await response.json()) as { error: { code: string; details: Array<{ path: string }> } };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.map((detail) => detail.path)).toContain(path);
    }
    const anonymous = await app.request('/api/tickets/search?q=statuts');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });
});
