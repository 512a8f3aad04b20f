import { describe, expect, it } from 'vitest';
import { MessageModel } from '../../server/src/modules/messages/message.model.js';
import { TicketEntryModel } from '../../server/src/modules/tickets/ticket-entry.model.js';
import { jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { createTwilioTestApp, useFakeTwilioApi } from '../helpers/twilio.js';

useTestDatabase();
const twilioApi = useFakeTwilioApi();

const REQUEST = {
  associationName: 'Association Tafilalet Solidarité',
  phone: '0662 11 22 33',
  subject: 'Renouvellement du bureau',
  description: 'Quels documents faut-il pour renouveler le bureau ?',
  language: 'fr',
  topic: 'founding',
  consent: true,
};

function createPortal(address: string) {
  const { app } = createTwilioTestApp({ mode: 'real', api: twilioApi, environment: { TRUST_PROXY: 'true' } });
  const from = { 'X-Forwarded-For': address };
  const post = (path: string, body: unknown) => app.request(`/api/portal/requests${path}`, jsonRequest('POST', body, undefined, from));
  return { post };
}

const codesSentTo = (phone: string) =>
  twilioApi.requests
    .filter((request) => request.path.endsWith('/Messages.json') && request.form.To === phone)
    .map((request) => /([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(String(request.form.Body))?.[1])
    .filter(Boolean);

describe('a requester who lost the follow-up code', () => {
  it('gets a new one by SMS on the request’s number; the old code stops working, and the new code is kept nowhere', async () => {
    const { post } = createPortal('203.0.113.10');
    const created = await json(await post('', REQUEST));

    const stranger = await post('/resend-code', { reference: created.reference, phone: '0662 99 99 99' });
    expect(stranger.status).toBe(202);
    expect(await stranger.json()).toEqual({ asked: true });
    expect(codesSentTo('+212662999999')).toEqual([]);
    expect((await post('/lookup', { reference: created.reference, code: created.followUpCode })).status).toBe(200);

    const asked = await post('/resend-code', { reference: created.reference, phone: '+212 662-112233' });
    expect(asked.status).toBe(202);
    expect(await asked.json()).toEqual({ asked: true });
    const [code] = codesSentTo('+212662112233');
    expect(code).toBeDefined();
    expect(code).not.toBe(created.followUpCode);
    expect((await post('/lookup', { reference: created.reference, code: created.followUpCode })).status).toBe(404);
    expect((await post('/lookup', { reference: created.reference, code })).status).toBe(200);

    // Agents see that a code went out, never the code.
    const entries = await TicketEntryModel.find({ 'data.followUpCode': true }).lean();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.body).toContain(created.reference);
    const stored = JSON.stringify([entries, await MessageModel.find({ phone: '+212662112233' }).lean()]);
    expect(stored).not.toContain(code!);
  });

  it('cannot flood a requester with codes, and bad input gets the one error body', async () => {
    const { post } = createPortal('203.0.113.11');
    const created = await json(await post('', { ...REQUEST, phone: '0662 44 55 66' }));
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await post('/resend-code', { reference: created.reference, phone: '0662445566' })).status).toBe(202);
    }
    // From another address too: the limit is the request's.
    const elsewhere = createPortal('203.0.113.12');
    const refused = await elsewhere.post('/resend-code', { reference: created.reference, phone: '0662445566' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(codesSentTo('+212662445566')).toHaveLength(3);

    const bad = await elsewhere.post('/resend-code', { reference: 'T-2026-1', phone: 'not a phone' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.code).toBe('validation_failed');
  });
});
