import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { upgradePhoneDirectory } from '../../server/src/modules/associations/phone-directory.js';
import { PhoneEntryModel } from '../../server/src/modules/associations/phone-entry.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createInterruptibleApp } from '../helpers/interrupted-changes.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

describe('associations and their contacts', () => {
  it('stores every phone in E.164, whatever local form it was typed in', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const association = await postAssociation(app, cookie, {
      contacts: [
        { name: 'Fatima Zahra', role: 'présidente', phones: ['06 61 23 45 67', '0522-123456'], emails: ['FZ@Amal.test'] },
        { name: 'Karim', role: 'trésorier', phones: ['00212 7 00 11 22 33'], emails: [] },
      ],
    });
    expect(association.contacts[0].phones).toEqual(['+212661234567', '+212522123456']);
    expect(association.contacts[0].emails).toEqual(['fz@amal.test']);
    expect(association.contacts[1].phones).toEqual(['+212700112233']);
    expect(association.version).toBe(0);
  });

  it('finds the association and contact from any form of the caller number', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const association = await postAssociation(app, cookie, {
      contacts: [{ name: 'Hassan', role: 'président', phones: ['0662998877'], emails: [] }],
    });
    for (const form of ['0662998877', '+212662998877', '00212662998877', '+212 6 62 99 88 77', '212662998877']) {
      const response = await app.request(`/api/associations/lookup?phone=${encodeURIComponent(form)}`, { headers: { Cookie: cookie } });
      expect(response.status).toBe(200);
      const body = await json(response);
      expect(body.phone).toBe('+212662998877');
      expect(body.matches).toHaveLength(1);
      expect(body.matches[0].association.id).toBe(association.id);
      expect(body.matches[0].contact.name).toBe('Hassan');
    }
    const unknown = await json(await app.request('/api/associations/lookup?phone=0611000000', { headers: { Cookie: cookie } }));
    expect(unknown.matches).toEqual([]);
    const invalid = await app.request('/api/associations/lookup?phone=hello', { headers: { Cookie: cookie } });
    expect(invalid.status).toBe(400);
    expect((await json(invalid)).error.details[0].path).toBe('phone');
  });

  it('refuses the same phone on two contacts of one association with 409', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const response = await app.request(
      '/api/associations',
      jsonRequest(
        'POST',
        {
          name: { ar: 'جمعية', fr: 'Association' },
          registrationRef: 'RC-DUP-PHONE',
          region: 'oriental',
          contacts: [
            { name: 'A', phones: ['0612345678'] },
            { name: 'B', phones: ['+212612345678'] },
          ],
        },
        cookie,
      ),
    );
    expect(response.status).toBe(409);
    expect((await json(response)).error.details).toEqual({ phone: '+212612345678', contacts: ['A', 'B'] });
  });

  it('searches names in Arabic without caring for hamza or diacritics, and in French without accents', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const target = await postAssociation(app, cookie, {
      name: { ar: 'جمعية إشراقة للتنمية', fr: 'Association Ichraqa pour le Développement' },
      city: 'Errachidia',
      region: 'draa-tafilalet',
    });
    await postAssociation(app, cookie, { name: { ar: 'جمعية النور', fr: 'Association Annour' }, city: 'Oujda', region: 'oriental' });
    for (const q of ['اشراقة', 'إشْرَاقَة', 'developpement ichraqa', 'ERRACHIDIA', target.registrationRef]) {
      const body = await json(await app.request(`/api/associations?q=${encodeURIComponent(q)}`, { headers: { Cookie: cookie } }));
      expect(body.items.map((item: { id: string }) => item.id)).toEqual([target.id]);
    }
    const byRegion = await json(await app.request('/api/associations?region=oriental', { headers: { Cookie: cookie } }));
    expect(byRegion.items.every((item: { region: string }) => item.region === 'oriental')).toBe(true);
    const regexInput = await app.request(`/api/associations?q=${encodeURIComponent('.*(')}`, { headers: { Cookie: cookie } });
    expect(regexInput.status).toBe(200);
    expect((await json(regexInput)).items).toEqual([]);
  });

  it('pages through associations with a cursor, without repeats or gaps', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    for (let index = 0; index < 5; index += 1) await postAssociation(app, cookie, { region: 'dakhla-oued-ed-dahab' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/associations?region=dakhla-oued-ed-dahab&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await json(await app.request(query, { headers: { Cookie: cookie } }));
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const forged = await app.request('/api/associations?cursor=bm90LWEtY3Vyc29y', { headers: { Cookie: cookie } });
    expect(forged.status).toBe(400);
  });

  it('updates with the version seen, refuses a stale one with the current association, and moves phone lookups', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const created = await postAssociation(app, cookie, { contacts: [{ name: 'Old', role: '', phones: ['0655443322'], emails: [] }] });
    const updated = await app.request(
      `/api/associations/${created.id}`,
      jsonRequest('PATCH', { version: 0, city: 'Tiznit', contacts: [{ name: 'New', phones: ['0655443311'] }] }, cookie),
    );
    expect(updated.status).toBe(200);
    expect((await json(updated)).version).toBe(1);

    const stale = await app.request(`/api/associations/${created.id}`, jsonRequest('PATCH', { version: 0, city: 'Agadir' }, cookie));
    expect(stale.status).toBe(409);
    expect((await json(stale)).error.details.current).toMatchObject({ city: 'Tiznit', version: 1 });

    const oldNumber = await json(await app.request('/api/associations/lookup?phone=0655443322', { headers: { Cookie: cookie } }));
    expect(oldNumber.matches).toEqual([]);
    const newNumber = await json(await app.request('/api/associations/lookup?phone=0655443311', { headers: { Cookie: cookie } }));
    expect(newNumber.matches[0].contact.name).toBe('New');
  });

  it('shows the association as it now is in the caller-ID screen-pop after a change that keeps its numbers', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const created = await postAssociation(app, cookie, { contacts: [{ name: 'Amina', role: 'présidente', phones: ['0655001122'], emails: [] }] });
    const renamed = await app.request(
      `/api/associations/${created.id}`,
      jsonRequest('PATCH', { version: 0, name: { ar: 'جمعية النور', fr: 'Association Annour' }, city: 'Ouarzazate' }, cookie),
    );
    expect(renamed.status).toBe(200);
    const lookup = await json(await app.request('/api/associations/lookup?phone=0655001122', { headers: { Cookie: cookie } }));
    expect(lookup.matches).toHaveLength(1);
    expect(lookup.matches[0].association).toEqual(await json(renamed));
    expect(lookup.matches[0].contact).toMatchObject({ name: 'Amina', phones: ['+212655001122'] });
  });

  it('rebuilds caller-ID entries written in the older form (association ids only) at start', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const created = await postAssociation(app, cookie, { contacts: [{ name: 'Omar', role: '', phones: ['0655009988'], emails: [] }] });
    await PhoneEntryModel.collection.replaceOne({ _id: '+212655009988' as never }, { associationIds: [new mongoose.Types.ObjectId(created.id)] });
    const before = await json(await app.request('/api/associations/lookup?phone=0655009988', { headers: { Cookie: cookie } }));
    expect(before.matches).toEqual([]);

    expect(await upgradePhoneDirectory()).toBeGreaterThan(0);
    const after = await json(await app.request('/api/associations/lookup?phone=0655009988', { headers: { Cookie: cookie } }));
    expect(after.matches.map((match: { association: { id: string } }) => match.association.id)).toEqual([created.id]);
    expect(await upgradePhoneDirectory()).toBe(0);
  });

  it('answers 409 for a registration reference already used, and 400/404 for bad ids', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    await postAssociation(app, cookie, { registrationRef: 'RC-2019-04512' });
    const duplicate = await app.request(
      '/api/associations',
      jsonRequest('POST', { name: { ar: 'ب', fr: 'B' }, registrationRef: 'RC-2019-04512', region: 'oriental' }, cookie),
    );
    expect(duplicate.status).toBe(409);
    expect((await app.request('/api/associations/nope', { headers: { Cookie: cookie } })).status).toBe(400);
    expect((await app.request('/api/associations/0123456789abcdef01234567', { headers: { Cookie: cookie } })).status).toBe(404);
    const badRegion = await app.request('/api/associations', jsonRequest('POST', { name: { ar: 'ب', fr: 'B' }, registrationRef: 'X', region: 'atlantis' }, cookie));
    expect(badRegion.status).toBe(400);
  });

  it('shows the association history newest first, and a merge moves it with the contacts', async () => {
    const { app } = createTestApp();
    const agent = await createSignedInUser(app);
    const supervisor = await createSignedInUser(app, 'supervisor');
    const target = await postAssociation(app, agent.cookie, {
      contacts: [{ name: 'Samira', role: 'présidente', phones: ['0670000001'], emails: ['samira@a.test'] }],
    });
    const duplicate = await postAssociation(app, agent.cookie, {
      contacts: [
        { name: 'Samira B.', role: 'présidente', phones: ['0670000001', '0670000002'], emails: ['sb@b.test'] },
        { name: 'Youssef', role: 'trésorier', phones: ['0670000003'], emails: [] },
      ],
    });
    const first = await postTicket(app, agent.cookie, { associationId: duplicate.id, subject: 'first' });
    const second = await postTicket(app, agent.cookie, { associationId: duplicate.id, subject: 'second' });

    const history = await json(await app.request(`/api/associations/${duplicate.id}/timeline`, { headers: { Cookie: agent.cookie } }));
    expect(history.items.map((item: { ticket: { id: string } }) => item.ticket.id)).toEqual([second.id, first.id]);

    const forbidden = await app.request(`/api/associations/${target.id}/merge`, jsonRequest('POST', { sourceId: duplicate.id }, agent.cookie));
    expect(forbidden.status).toBe(403);
    const merge = await app.request(`/api/associations/${target.id}/merge`, jsonRequest('POST', { sourceId: duplicate.id }, supervisor.cookie));
    expect(merge.status).toBe(200);
    const merged = await json(merge);
    expect(merged.contacts).toHaveLength(2);
    expect(merged.contacts[0].phones).toEqual(['+212670000001', '+212670000002']);
    expect(merged.contacts[0].emails).toEqual(['samira@a.test', 'sb@b.test']);

    const targetHistory = await json(await app.request(`/api/associations/${target.id}/timeline`, { headers: { Cookie: agent.cookie } }));
    expect(targetHistory.items).toHaveLength(2);
    const movedTicket = await json(await app.request(`/api/tickets/${first.id}`, { headers: { Cookie: agent.cookie } }));
    expect(movedTicket.associationId).toBe(target.id);
    const lookup = await json(await app.request('/api/associations/lookup?phone=0670000003', { headers: { Cookie: agent.cookie } }));
    expect(lookup.matches.map((match: { association: { id: string } }) => match.association.id)).toEqual([target.id]);
    const source = await json(await app.request(`/api/associations/${duplicate.id}`, { headers: { Cookie: agent.cookie } }));
    expect(source.mergedIntoId).toBe(target.id);

    const again = await app.request(`/api/associations/${target.id}/merge`, jsonRequest('POST', { sourceId: duplicate.id }, supervisor.cookie));
    expect(again.status).toBe(200);
    expect((await json(again)).contacts).toHaveLength(2);
    const self = await app.request(`/api/associations/${target.id}/merge`, jsonRequest('POST', { sourceId: target.id }, supervisor.cookie));
    expect(self.status).toBe(409);
  });
});

describe('an association change whose node could not finish it', () => {
  it('a number changed as the node died is known to caller ID, and the old one forgotten, a minute later', async () => {
    const { app, state, recover } = createInterruptibleApp();
    const { cookie } = await createSignedInUser(app);
    const association = await postAssociation(app, cookie, { contacts: [{ name: 'Hassan', role: 'président', phones: ['0662998871'], emails: [] }] });
    const lookup = async (phone: string) =>
      (await json(await app.request(`/api/associations/lookup?phone=${phone}`, { headers: { Cookie: cookie } }))).matches.map((match: { association: { id: string } }) => match.association.id);
    const entriesBefore = await PhoneEntryModel.find({ _id: { $in: ['+212662998871', '+212662998872'] } }).lean();

    state.interrupted = true;
    const response = await app.request(
      `/api/associations/${association.id}`,
      jsonRequest('PATCH', { version: association.version, contacts: [{ name: 'Hassan', role: 'président', phones: ['0662998872'], emails: [] }] }, cookie),
    );
    expect(response.status).toBe(200);
    state.interrupted = false;
    // The node died before the caller-ID entries followed: they are as they were.
    await PhoneEntryModel.deleteMany({ _id: { $in: ['+212662998871', '+212662998872'] } });
    await PhoneEntryModel.insertMany(entriesBefore);
    expect(await lookup('0662998872')).toEqual([]);
    expect(await lookup('0662998871')).toEqual([association.id]);

    expect(await recover(61)).toContainEqual({ kind: 'association', recordId: association.id });
    expect(await lookup('0662998872')).toEqual([association.id]);
    expect(await lookup('0662998871')).toEqual([]);
  });
});
