import { describe, expect, it } from 'vitest';
import { ZErrorBody } from '@mowakaba/shared/errors';
import { ERASED_TEXT, ZAuditLogPage, ZErasureReport } from '@mowakaba/shared/schemas/privacy';
import { PortalAccessModel } from '../../server/src/modules/portal/portal-access.model.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const ADDRESS = 'houda.berrada@example.org';

const get = (app: TestApp['app'], path: string, cookie: string) => app.request(path, { headers: { Cookie: cookie } });

function submitPortalRequest(app: TestApp['app'], overrides: Record<string, unknown>) {
  return app.request(
    '/api/portal/requests',
    jsonRequest('POST', {
      associationName: 'Association Oasis Tata',
      subject: 'Demande de partenariat',
      description: 'Comment déposer une demande de partenariat avec le ministère ?',
      language: 'fr',
      topic: 'funding',
      consent: true,
      ...overrides,
    }),
  );
}

describe('law 09-08 rights of a person known by e-mail address', () => {
  it('admins export and erase what is held about an e-mail-only portal requester; the address leaves the request and the audit log never holds it', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const association = await postAssociation(app, admin.cookie, {
      contacts: [
        { name: 'Houda Berrada', role: 'secrétaire', phones: ['+212661777010'], emails: [ADDRESS] },
        { name: 'Omar Chraibi', role: 'président', phones: ['+212661777011'], emails: ['omar.chraibi@example.org'] },
      ],
    });
    const mine = await json(await submitPortalRequest(app, { email: ADDRESS }));
    const other = await json(await submitPortalRequest(app, { email: 'someone.else@example.org', subject: 'Une autre demande' }));

    const exported = await get(app, `/api/privacy/contacts/export?email=${encodeURIComponent(' Houda.Berrada@Example.org')}`, admin.cookie);
    expect(exported.status).toBe(200);
    const data = await json(exported);
    expect(data.subject).toEqual({ kind: 'contact', email: ADDRESS });
    expect(data.tickets.map((held: { ticket: { reference: string } }) => held.ticket.reference)).toEqual([mine.reference]);
    expect(data.contacts.map((contact: { name: string }) => contact.name)).toEqual(['Houda Berrada']);
    const summary = await get(app, `/api/privacy/contacts/export?email=${ADDRESS}&format=html`, admin.cookie);
    expect(summary.status).toBe(200);
    expect(await summary.text()).toContain('Demande de partenariat');

    const erased = await app.request('/api/privacy/contacts/erase', jsonRequest('POST', { email: ADDRESS }, admin.cookie));
    expect(erased.status).toBe(200);
    expect(ZErasureReport.parse(await erased.json()).counts).toMatchObject({ contacts: 1, tickets: 1, portalAccesses: 1 });

    expect(await PortalAccessModel.findById(mine.reference).lean()).toBeNull();
    expect(await PortalAccessModel.find({ email: ADDRESS }).lean()).toEqual([]);
    expect((await TicketModel.findOne({ reference: mine.reference }).lean())!.subject).toBe(ERASED_TEXT);
    // The follow-up code opens nothing any more; another requester's request is untouched.
    expect((await app.request('/api/portal/requests/lookup', jsonRequest('POST', { reference: mine.reference, code: mine.followUpCode }))).status).toBe(404);
    expect((await app.request('/api/portal/requests/lookup', jsonRequest('POST', { reference: other.reference, code: other.followUpCode }))).status).toBe(200);
    expect((await PortalAccessModel.findById(other.reference).lean())!.email).toBe('someone.else@example.org');
    const after = await json(await get(app, `/api/associations/${association.id}`, admin.cookie));
    expect(after.contacts.map((contact: { name: string }) => contact.name)).toEqual(['Omar Chraibi']);

    const trail = await get(app, '/api/audit-log?action=privacy.export,privacy.erase', admin.cookie);
    expect(trail.status).toBe(200);
    const page = ZAuditLogPage.parse(await trail.json());
    expect(page.items.map((entry) => entry.action).sort()).toEqual(['privacy.erase', 'privacy.export', 'privacy.export']);
    expect(page.items.every((entry) => entry.targetKind === 'contact' && entry.targetId === 'h•••@example.org')).toBe(true);
    expect(JSON.stringify(page)).not.toContain(ADDRESS);
  });

  it('refuses a malformed address, both or neither of phone and address, and non-admins', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const supervisor = await createSignedInUser(app, 'supervisor');
    for (const body of [{ email: 'not an address' }, {}, { email: ADDRESS, phone: '0661777010' }]) {
      const refused = await app.request('/api/privacy/contacts/erase', jsonRequest('POST', body, admin.cookie));
      expect(refused.status).toBe(400);
      expect(ZErrorBody.parse(await refused.json()).error.code).toBe('validation_failed');
    }
    const badExport = await get(app, '/api/privacy/contacts/export?email=houda%40', admin.cookie);
    expect(badExport.status).toBe(400);
    expect(ZErrorBody.parse(await badExport.json()).error.code).toBe('validation_failed');
    expect((await get(app, `/api/privacy/contacts/export?email=${ADDRESS}`, supervisor.cookie)).status).toBe(403);
    expect((await app.request('/api/privacy/contacts/erase', jsonRequest('POST', { email: ADDRESS }, supervisor.cookie))).status).toBe(403);
  });
});
