import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ZErrorBody } from '@mowakaba/shared/errors';
import { ERASED_TEXT, ZAuditLogPage, ZContactHoldings, ZErasureReport, ZRevealedContact } from '@mowakaba/shared/schemas/privacy';
import { OutboundEmailModel } from '../../server/src/modules/messages/outbound-email.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const ADDRESS = 'nadia.elfassi@example.org';
const PHONE = '+212661445566';

const get = (app: TestApp['app'], path: string, cookie: string) => app.request(path, { headers: { Cookie: cookie } });

let requests = 0;
function submitPortalRequest(app: TestApp['app'], overrides: Record<string, unknown>) {
  requests += 1;
  return app.request(
    '/api/portal/requests',
    jsonRequest(
      'POST',
      {
        associationName: 'جمعية الأمل للتنمية',
        subject: 'طلب معلومات عن التأسيس',
        description: 'ما هي الوثائق المطلوبة لتأسيس جمعية؟',
        language: 'ar',
        topic: 'founding',
        consent: true,
        ...overrides,
      },
      undefined,
      { 'X-Forwarded-For': `198.51.100.${requests}` },
    ),
  );
}

/** A team for Arabic questions on a topic with one agent, another team with another agent, and the center's staff. */
let teams = 0;
async function createStaff(app: TestApp['app'], topic: 'founding' | 'governance' = 'founding') {
  teams += 1;
  const member = await createSignedInUser(app);
  const outsider = await createSignedInUser(app);
  const supervisor = await createSignedInUser(app, 'supervisor');
  const admin = await createSignedInUser(app, 'admin');
  await TeamModel.create({
    key: `founding-ar-${teams}`,
    name: { ar: 'فريق التأسيس', fr: 'Équipe création', en: 'Founding team' },
    skills: { languages: ['ar'], topics: [topic] },
    memberIds: [new mongoose.Types.ObjectId(member.user.id)],
  });
  await TeamModel.create({ key: `other-${teams}`, name: { ar: 'فريق آخر', fr: 'Autre équipe', en: 'Other team' }, memberIds: [new mongoose.Types.ObjectId(outsider.user.id)] });
  return { member, outsider, supervisor, admin };
}

async function answerPublicly(app: TestApp['app'], reference: string, cookie: string) {
  const ticket = await TicketModel.findOne({ reference }).lean();
  const response = await app.request(`/api/tickets/${ticket!._id.toString()}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'مرحبا، إليكم لائحة الوثائق.' }, cookie));
  expect(response.status).toBe(201);
  return ticket!._id.toString();
}

describe("a person's data, found by phone number or e-mail address (law 09-08)", () => {
  it('finds a person by any Moroccan form of the number or by address, counts what is held, exports the sent e-mails, and erases them with the rest', async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const { admin, supervisor } = await createStaff(app);
    const byEmail = await json(await submitPortalRequest(app, { email: ADDRESS }));
    const byPhone = await json(await submitPortalRequest(app, { phone: PHONE, subject: 'سؤال عن الشراكة' }));
    await answerPublicly(app, byEmail.reference, supervisor.cookie);
    await answerPublicly(app, byPhone.reference, supervisor.cookie);

    for (const form of ['0661 44 55 66', '00212661445566', '+212 661-445566']) {
      const found = await get(app, `/api/privacy/contacts?q=${encodeURIComponent(form)}`, admin.cookie);
      expect(found.status).toBe(200);
      const holdings = ZContactHoldings.parse(await found.json());
      expect(holdings.subject).toEqual({ kind: 'phone', phone: PHONE });
      // The request and the SMS that told the requester of the answer.
      expect(holdings.counts).toMatchObject({ tickets: 1, messages: 1, sentEmails: 0, portalRequests: 1 });
    }
    const found = await get(app, `/api/privacy/contacts?q=${encodeURIComponent(' Nadia.ElFassi@Example.org ')}`, admin.cookie);
    const holdings = ZContactHoldings.parse(await found.json());
    expect(holdings).toEqual({
      subject: { kind: 'email', email: ADDRESS },
      counts: { contacts: 0, tickets: 1, calls: 0, callbackTasks: 0, messages: 0, sentEmails: 1, portalRequests: 1 },
    });

    const exported = await json(await get(app, `/api/privacy/contacts/export?email=${ADDRESS}`, admin.cookie));
    expect(exported.sentEmails).toEqual([
      { to: 'n•••@example.org', subject: `مواكبة: جواب عن طلبكم ${byEmail.reference}`, status: 'simulated', sentAt: expect.any(String), ticketReference: byEmail.reference },
    ]);
    const summary = await (await get(app, `/api/privacy/contacts/export?email=${ADDRESS}&format=html`, admin.cookie)).text();
    expect(summary).toContain('E-mails envoyés');
    expect(summary).toContain(`مواكبة: جواب عن طلبكم ${byEmail.reference}`);

    const erased = await app.request('/api/privacy/contacts/erase', jsonRequest('POST', { email: ADDRESS }, admin.cookie));
    expect(erased.status).toBe(200);
    expect(ZErasureReport.parse(await erased.json()).counts).toMatchObject({ tickets: 1, sentEmails: 1, portalAccesses: 1 });
    const records = await OutboundEmailModel.find({}).lean();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ to: ERASED_TEXT, subject: ERASED_TEXT, status: 'simulated' });
    const after = ZContactHoldings.parse(await (await get(app, `/api/privacy/contacts?q=${ADDRESS}`, admin.cookie)).json());
    expect(after.counts).toMatchObject({ tickets: 0, sentEmails: 0, portalRequests: 0 });
    // The phone requester's request was left alone.
    expect((await TicketModel.findOne({ reference: byPhone.reference }).lean())!.contactPhone).toBe(PHONE);

    const trail = ZAuditLogPage.parse(await (await get(app, '/api/audit-log?action=privacy.search,privacy.export,privacy.erase', admin.cookie)).json());
    expect(trail.items.filter((entry) => entry.action === 'privacy.search')).toHaveLength(5);
    expect(trail.items.find((entry) => entry.action === 'privacy.erase')!.details).toMatchObject({ sentEmails: 1 });
    expect(JSON.stringify(trail)).not.toContain(ADDRESS);
  });

  it('answers a search that is neither a number nor an address with a 400 on the search field, and keeps it from non-admins', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const supervisor = await createSignedInUser(app, 'supervisor');
    for (const [text, code] of [
      ['Houda Berrada', 'invalid_contact'],
      ['12', 'invalid_contact'],
      ['houda@', 'invalid_email'],
    ] as const) {
      const refused = await get(app, `/api/privacy/contacts?q=${encodeURIComponent(text)}`, admin.cookie);
      expect(refused.status).toBe(400);
      const body = ZErrorBody.parse(await refused.json());
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details).toEqual([expect.objectContaining({ path: 'q', code })]);
    }
    expect((await get(app, '/api/privacy/contacts?q=', admin.cookie)).status).toBe(400);
    expect((await get(app, `/api/privacy/contacts?q=${ADDRESS}`, supervisor.cookie)).status).toBe(403);
  });
});

describe("revealing a ticket's requester's contact details", () => {
  it("shows agents the details masked, reveals them whole to the ticket's team with an audit entry, and refuses another team's agent", async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const { member, outsider, supervisor, admin } = await createStaff(app, 'governance');
    const created = await json(await submitPortalRequest(app, { email: ADDRESS, phone: PHONE, topic: 'governance' }));
    const ticket = await TicketModel.findOne({ reference: created.reference }).lean();
    expect(ticket!.teamId).not.toBeNull();
    const id = ticket!._id.toString();

    const masked = await get(app, `/api/tickets/${id}/contact`, member.cookie);
    expect(masked.status).toBe(200);
    expect(ZRevealedContact.parse(await masked.json())).toEqual({ phone: '+212•••••••66', email: 'n•••@example.org' });

    const revealed = await app.request(`/api/tickets/${id}/contact/reveal`, jsonRequest('POST', {}, member.cookie));
    expect(revealed.status).toBe(200);
    expect(ZRevealedContact.parse(await revealed.json())).toEqual({ phone: PHONE, email: ADDRESS });
    const direct = await get(app, `/api/tickets/${id}/contact`, supervisor.cookie);
    expect(ZRevealedContact.parse(await direct.json())).toEqual({ phone: PHONE, email: ADDRESS });

    for (const attempt of [get(app, `/api/tickets/${id}/contact`, outsider.cookie), app.request(`/api/tickets/${id}/contact/reveal`, jsonRequest('POST', {}, outsider.cookie))]) {
      const refused = await attempt;
      expect(refused.status).toBe(403);
      expect(ZErrorBody.parse(await refused.json()).error.code).toBe('forbidden');
    }

    const trail = ZAuditLogPage.parse(await (await get(app, '/api/audit-log?action=contact.reveal', admin.cookie)).json());
    const reveals = trail.items.map((entry) => ({ actorId: entry.actorId, targetKind: entry.targetKind, targetId: entry.targetId, status: entry.status }));
    expect(reveals).toEqual(
      expect.arrayContaining([
        { actorId: member.user.id, targetKind: 'ticket', targetId: id, status: 200 },
        { actorId: supervisor.user.id, targetKind: 'ticket', targetId: id, status: 200 },
        { actorId: outsider.user.id, targetKind: 'ticket', targetId: id, status: 403 },
      ]),
    );
    // The masked view revealed nothing and is not a reveal.
    expect(reveals.filter((entry) => entry.actorId === member.user.id)).toHaveLength(1);
    expect(JSON.stringify(trail)).not.toContain(ADDRESS);
    expect(JSON.stringify(trail)).not.toContain('445566');
  });
});
