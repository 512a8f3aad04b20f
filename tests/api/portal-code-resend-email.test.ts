import { describe, expect, it } from 'vitest';
import { MessageModel } from '../../server/src/modules/messages/message.model.js';
import { OutboundEmailModel } from '../../server/src/modules/messages/outbound-email.model.js';
import { TicketEntryModel } from '../../server/src/modules/tickets/ticket-entry.model.js';
import { jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useLocalSmtpServer } from '../helpers/smtp-server.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();
const smtp = useLocalSmtpServer();

const REQUEST = {
  associationName: 'Association Amal Figuig',
  subject: 'Renouvellement du bureau',
  description: 'Quels documents faut-il pour renouveler le bureau ?',
  language: 'fr',
  topic: 'founding',
  consent: true,
};

let clients = 0;
function createPortal() {
  clients += 1;
  const { app } = createTestApp({ TRUST_PROXY: 'true', SMTP_URL: smtp.url, MAIL_FROM: 'Mowakaba <no-reply@mowakaba.test>' });
  const from = { 'X-Forwarded-For': `198.51.100.${clients}` };
  const post = (path: string, body: unknown) => app.request(`/api/portal/requests${path}`, jsonRequest('POST', body, undefined, from));
  return { post };
}

const codesMailedTo = (address: string) =>
  smtp.received
    .filter((mail) => mail.to.includes(address))
    .map((mail) => /([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(mail.text)?.[1])
    .filter(Boolean);

describe('a requester who gave only an e-mail address and lost the follow-up code', () => {
  it('gets a new one by e-mail at the request’s address; the old code stops working, and the new code is kept nowhere', async () => {
    const { post } = createPortal();
    const created = await json(await post('', { ...REQUEST, email: 'salma.idrissi@example.org' }));

    const stranger = await post('/resend-code', { reference: created.reference, email: 'someone.else@example.org' });
    expect(stranger.status).toBe(202);
    expect(await stranger.json()).toEqual({ asked: true });
    const unknown = await post('/resend-code', { reference: 'T-2026-999999', email: 'salma.idrissi@example.org' });
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual({ asked: true });
    expect(smtp.received.filter((mail) => mail.to.includes('someone.else@example.org'))).toEqual([]);
    expect(codesMailedTo('salma.idrissi@example.org')).toEqual([]);
    expect((await post('/lookup', { reference: created.reference, code: created.followUpCode })).status).toBe(200);

    // The address is compared as the portal stored it: trimmed, lower case.
    const asked = await post('/resend-code', { reference: created.reference, email: ' Salma.Idrissi@Example.org ' });
    expect(asked.status).toBe(202);
    expect(await asked.json()).toEqual({ asked: true });
    const [code] = codesMailedTo('salma.idrissi@example.org');
    expect(code).toBeDefined();
    expect(code).not.toBe(created.followUpCode);
    const mail = smtp.received.find((item) => item.to.includes('salma.idrissi@example.org'))!;
    expect(mail.subject).toContain(created.reference);
    expect(mail.text).toContain(`/portal/follow?reference=${created.reference}`);
    expect((await post('/lookup', { reference: created.reference, code: created.followUpCode })).status).toBe(404);
    expect((await post('/lookup', { reference: created.reference, code })).status).toBe(200);

    // Agents see that a code went out by e-mail, to a masked address, never the code.
    const entries = await TicketEntryModel.find({ 'data.followUpCode': true }).lean();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.body).toContain(created.reference);
    expect(entries[0]!.data).toMatchObject({ channel: 'email', email: { status: 'sent' } });
    const stored = JSON.stringify([entries, await OutboundEmailModel.find({}).lean(), await MessageModel.find({}).lean()]);
    expect(stored).not.toContain(code!);
    expect(stored).not.toContain('salma.idrissi@example.org');
  });

  it('is not sent to an address when the request has a phone number, is limited per request, and bad input gets the one error body', async () => {
    const { post } = createPortal();
    const withPhone = await json(await post('', { ...REQUEST, phone: '0662 77 88 99', email: 'karim.tazi@example.org' }));
    expect((await post('/resend-code', { reference: withPhone.reference, email: 'karim.tazi@example.org' })).status).toBe(202);
    expect(codesMailedTo('karim.tazi@example.org')).toEqual([]);

    const created = await json(await post('', { ...REQUEST, email: 'nadia.alaoui@example.org' }));
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await post('/resend-code', { reference: created.reference, email: 'nadia.alaoui@example.org' })).status).toBe(202);
    }
    const elsewhere = createPortal();
    const refused = await elsewhere.post('/resend-code', { reference: created.reference, email: 'nadia.alaoui@example.org' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(codesMailedTo('nadia.alaoui@example.org')).toHaveLength(3);

    for (const body of [
      { reference: created.reference, email: 'not an address' },
      { reference: created.reference },
      { reference: created.reference, email: 'nadia.alaoui@example.org', phone: '0662778899' },
    ]) {
      const bad = await elsewhere.post('/resend-code', body);
      expect(bad.status).toBe(400);
      expect((await json(bad)).error.code).toBe('validation_failed');
    }
  });
});
