import { describe, expect, it, vi } from 'vitest';
import { ZPortalRequestStatus } from '@mowakaba/shared/schemas/portal';
import { MessageModel } from '../../server/src/modules/messages/message.model.js';
import { PortalAccessModel } from '../../server/src/modules/portal/portal-access.model.js';
import { PORTAL_LIMITS } from '../../server/src/modules/portal/portal.routes.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { RealtimeEventModel } from '../../server/src/realtime/realtime-event.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp, TEST_PUBLIC_URL } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

function portalRequest(overrides: Record<string, unknown> = {}) {
  return {
    associationName: 'جمعية الأمل للتنمية',
    phone: '0661 22 33 44',
    subject: 'تجديد مكتب الجمعية',
    description: 'نريد معرفة الوثائق المطلوبة لتجديد المكتب المسير.',
    language: 'ar',
    topic: 'founding',
    consent: true,
    ...overrides,
  };
}

let addresses = 0;

/** The app behind a trusted proxy, and one client address of its own, so limits never leak between tests. */
function createPortalApp() {
  addresses += 1;
  const { app } = createTestApp({ TRUST_PROXY: 'true' });
  const from = { 'X-Forwarded-For': `198.51.100.${addresses}` };
  return {
    app,
    submit: (overrides: Record<string, unknown> = {}) => app.request('/api/portal/requests', jsonRequest('POST', portalRequest(overrides), undefined, from)),
    lookup: (body: unknown) => app.request('/api/portal/requests/lookup', jsonRequest('POST', body, undefined, from)),
  };
}

describe('sending a request from the portal', () => {
  it('opens a web ticket without a session and answers its reference and a follow-up code, storing only a hash', async () => {
    const { app, submit, lookup } = createPortalApp();
    const response = await submit();
    expect(response.status).toBe(201);
    const created = await json(response);
    expect(created.reference).toMatch(/^T-\d{4}-\d{6}$/);
    expect(created.followUpCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const ticket = await TicketModel.findOne({ reference: created.reference }).lean();
    expect(ticket).toMatchObject({ channel: 'web', language: 'ar', topic: 'founding', status: 'new', contactPhone: '+212661223344', createdById: null });
    expect(ticket!.custom).toMatchObject({ associationName: 'جمعية الأمل للتنمية', consent: 'law-09-08' });
    expect(ticket!.tags).toEqual(['portal']);
    const access = await PortalAccessModel.findById(created.reference).lean();
    expect(access!.ticketId.toString()).toBe(ticket!._id.toString());
    const stored = JSON.stringify(access);
    expect(stored).not.toContain(created.followUpCode.replaceAll('-', ''));
    expect(stored).not.toContain(created.followUpCode);
    // Consoles hear of it just after the answer.
    await vi.waitFor(async () => expect(await RealtimeEventModel.countDocuments({ event: 'ticket.created', 'payload.ticket.reference': created.reference })).toBeGreaterThan(0));
  });

  it('suggests the association that has this phone number without tying the request to it, since anyone can type a number', async () => {
    const { app, submit } = createPortalApp();
    const { cookie } = await createSignedInUser(app);
    const association = await postAssociation(app, cookie, { contacts: [{ name: 'Fatima', role: 'présidente', phones: ['0662000111'], emails: [] }] });
    const created = await json(await submit({ phone: '+212662000111' }));
    const ticket = await TicketModel.findOne({ reference: created.reference }).lean();
    expect(ticket).toMatchObject({ associationId: null, contactId: null, contactPhone: '+212662000111' });
    expect(ticket!.custom).toMatchObject({ suggestedAssociationId: association.id, suggestedContactId: association.contacts[0].id });
    const history = await json(await app.request(`/api/associations/${association.id}/timeline`, { headers: { Cookie: cookie } }));
    expect(history.items).toEqual([]);
  });

  it('refuses bad input with 400 naming the field, never 500', async () => {
    const { app, submit } = createPortalApp();
    const ticketsBefore = await TicketModel.countDocuments();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ consent: false }, 'consent'],
      [{ consent: undefined }, 'consent'],
      [{ phone: 'not a phone' }, 'phone'],
      [{ subject: '' }, 'subject'],
      [{ description: 'x'.repeat(20_001) }, 'description'],
      [{ language: 'de' }, 'language'],
      [{ topic: 'anything' }, 'topic'],
      [{ associationName: 7 }, 'associationName'],
      [{ channel: 'voice' }, ''],
    ];
    for (const [overrides, path] of cases) {
      const response = await submit(overrides);
      expect(response.status, JSON.stringify(overrides)).toBe(400);
      const body = await json(response);
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    }
    const malformed = await app.request('/api/portal/requests', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"subject":' });
    expect(malformed.status).toBe(400);
    expect(await TicketModel.countDocuments()).toBe(ticketsBefore);
  });

  it('answers 429 with Retry-After past the per-address limit', async () => {
    const { app, submit, lookup } = createPortalApp();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let attempt = 0; attempt <= PORTAL_LIMITS.submit.limit; attempt += 1) {
      last = await submit({ subject: `طلب ${attempt}` });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, -1).every((status) => status === 201)).toBe(true);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(last!)).error.code).toBe('rate_limited');
  });
});

describe('following a request', () => {
  it('shows the status and public replies to whoever has the reference and the code, never internal notes', async () => {
    const { app, submit, lookup } = createPortalApp();
    const agent = await createSignedInUser(app);
    const created = await json(await submit());
    const ticket = await TicketModel.findOne({ reference: created.reference }).lean();
    const entries = [
      { kind: 'internal-note', body: 'note interne : vérifier le dossier chez la préfecture' },
      { kind: 'public-reply', body: 'مرحبا، إليكم لائحة الوثائق المطلوبة.' },
    ];
    for (const entry of entries) {
      expect((await app.request(`/api/tickets/${ticket!._id.toString()}/entries`, jsonRequest('POST', entry, agent.cookie))).status).toBe(201);
    }

    // The code as a person may type it: lower case, spaces instead of dashes; the reference in lower case.
    const response = await lookup({ reference: created.reference.toLowerCase(), code: created.followUpCode.toLowerCase().replaceAll('-', ' ') });
    expect(response.status).toBe(200);
    const status = await json(response);
    // The status follows the ticket's: the public reply opened it.
    expect(status).toMatchObject({ reference: created.reference, subject: 'تجديد مكتب الجمعية', status: 'open' });
    expect(status.replies.map((reply: { body: string }) => reply.body)).toEqual(['مرحبا، إليكم لائحة الوثائق المطلوبة.']);
    expect(JSON.stringify(status)).not.toContain('note interne');
    expect(Object.keys(status).sort()).toEqual(['conversation', 'createdAt', 'reference', 'replies', 'status', 'subject', 'updatedAt']);
  });

  it('gives a wrong code, an unknown reference or another request’s code the same 404', async () => {
    const { app, submit, lookup } = createPortalApp();
    const first = await json(await submit());
    const second = await json(await submit({ subject: 'طلب آخر' }));
    const attempts = [
      { reference: first.reference, code: 'AAAA-BBBB-CCCC' },
      { reference: first.reference, code: second.followUpCode },
      { reference: 'T-2026-999999', code: first.followUpCode },
    ];
    for (const attempt of attempts) {
      const response = await lookup(attempt);
      expect(response.status).toBe(404);
      expect(await json(response)).toEqual({ error: { code: 'not_found', message: 'no request matches this reference and code' } });
    }
  });

  it('refuses a lookup without a code, or with a malformed reference or code, with 400', async () => {
    const { app, submit, lookup } = createPortalApp();
    const created = await json(await submit());
    for (const body of [{ reference: created.reference }, { reference: 'T-1', code: created.followUpCode }, { reference: created.reference, code: 'short' }, { reference: created.reference, code: { $ne: '' } }]) {
      const response = await lookup(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('slows down guessing one request’s code from one address, while its requester elsewhere is never locked out', async () => {
    const { app, submit, lookup } = createPortalApp();
    const created = await json(await submit());
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      last = await lookup({ reference: created.reference, code: `WRONG${String(attempt).padStart(7, 'X')}`.slice(0, 12) });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right code from the guessing address waits too (and is not checked)…
    expect((await lookup({ reference: created.reference, code: created.followUpCode })).status).toBe(429);
    // …but the requester, from their own address, follows their request.
    const requester = await app.request(
      '/api/portal/requests/lookup',
      jsonRequest('POST', { reference: created.reference, code: created.followUpCode }, undefined, { 'X-Forwarded-For': '203.0.113.201' }),
    );
    expect(requester.status).toBe(200);
  });
});

describe('the conversation with a portal requester', () => {
  it('texts the requester when staff reply publicly, shows the reply on the follow page, and their answer reopens the ticket', async () => {
    const { app, submit, lookup } = createPortalApp();
    const created = await json(await submit());
    const agent = await createSignedInUser(app, 'agent');
    const ticket = await TicketModel.findOne({ reference: created.reference }).lean();
    const ticketId = ticket!._id.toString();

    await app.request(`/api/tickets/${ticketId}/entries`, jsonRequest('POST', { kind: 'internal-note', body: 'ملاحظة داخلية لا تظهر' }, agent.cookie));
    const reply = await app.request(
      `/api/tickets/${ticketId}/entries`,
      jsonRequest('POST', { kind: 'public-reply', body: 'مرحبا، المرجو إرسال محضر الجمع العام.', status: 'pending' }, agent.cookie),
    );
    expect(reply.status).toBe(201);
    // The SMS (simulation mode: no Twilio account) says where to read the answer, never the answer itself.
    const notice = await MessageModel.findOne({ ticketId: ticket!._id, direction: 'outbound' }).lean();
    expect(notice).toMatchObject({ channel: 'sms', phone: '+212661223344', status: 'simulated' });
    expect(notice!.body).toContain(created.reference);
    expect(notice!.body).toContain(`${TEST_PUBLIC_URL}/portal/follow?reference=${created.reference}`);
    expect(notice!.body).not.toContain('محضر');

    const seen = ZPortalRequestStatus.parse(await json(await lookup({ reference: created.reference, code: created.followUpCode })));
    expect(seen.status).toBe('pending');
    expect(seen.conversation.map((item) => [item.from, item.body])).toEqual([['center', 'مرحبا، المرجو إرسال محضر الجمع العام.']]);

    const answer = await app.request(
      '/api/portal/requests/reply',
      jsonRequest('POST', { reference: created.reference, code: created.followUpCode.toLowerCase(), body: 'أرسلنا المحضر، شكرا.' }, undefined, { 'X-Forwarded-For': '198.51.100.200' }),
    );
    expect(answer.status).toBe(200);
    const after = ZPortalRequestStatus.parse(await json(answer));
    expect(after.status).toBe('open');
    expect(after.conversation.map((item) => item.from)).toEqual(['center', 'requester']);
    const timeline = await json(await app.request(`/api/tickets/${ticketId}/timeline`, { headers: { Cookie: agent.cookie } }));
    expect(timeline.items.at(-2)).toMatchObject({ kind: 'message', body: 'أرسلنا المحضر، شكرا.', data: { source: 'portal' } });
    expect(timeline.items.at(-1)).toMatchObject({ kind: 'status-change', data: { from: 'pending', to: 'open', reason: 'customer-message' } });
  });

  it('refuses an answer with a wrong code (404, like a lookup) or an empty body (400), and to a closed request (409)', async () => {
    const { app, submit } = createPortalApp();
    const created = await json(await submit());
    const answer = (body: Record<string, unknown>) => app.request('/api/portal/requests/reply', jsonRequest('POST', body, undefined, { 'X-Forwarded-For': '198.51.100.201' }));
    expect((await answer({ reference: created.reference, code: 'ABCD-EFGH-JKLM', body: 'x' })).status).toBe(404);
    expect((await answer({ reference: created.reference, code: created.followUpCode, body: '  ' })).status).toBe(400);
    await TicketModel.updateOne({ reference: created.reference }, { $set: { status: 'closed' } });
    const closed = await answer({ reference: created.reference, code: created.followUpCode, body: 'hello' });
    expect(closed.status).toBe(409);
    expect((await json(closed)).error.code).toBe('conflict');
  });
});
