import { describe, expect, it } from 'vitest';
import { ZCallList } from '../../shared/src/schemas/calls.js';
import { ZTicketList } from '../../shared/src/schemas/tickets.js';
import { createSignedInUser } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { CENTER_NUMBER, CLOSED_HOURS, TEST_ACCOUNT_SID, createTwilioTestApp, newCallSid, newMessageSid, postSigned, type TwilioTestApp } from '../helpers/twilio.js';

useTestDatabase();

const get = (app: TwilioTestApp, path: string, cookie: string) => app.request(path, { headers: { Cookie: cookie } });

describe('phone numbers in lists', () => {
  it('are masked for agents whose work they are not, whole for supervisors and on the record itself', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: CLOSED_HOURS });
    const agent = await createSignedInUser(app, 'agent');
    const supervisor = await createSignedInUser(app, 'supervisor');
    const phone = '+212661880077';
    const sms = { MessageSid: newMessageSid(), AccountSid: TEST_ACCOUNT_SID, From: phone, To: CENTER_NUMBER, Body: 'Bonjour', NumMedia: '0' };
    expect((await postSigned(app, '/webhooks/twilio/messaging', sms)).status).toBe(200);
    const callSid = newCallSid();
    expect((await postSigned(app, '/webhooks/twilio/voice', { CallSid: callSid, From: phone, To: CENTER_NUMBER, Direction: 'inbound', CallStatus: 'ringing' })).status).toBe(200);

    const agentTickets = ZTicketList.parse(await json(await get(app, '/api/tickets', agent.cookie)));
    const supervisorTickets = ZTicketList.parse(await json(await get(app, '/api/tickets', supervisor.cookie)));
    const byPhone = (list: typeof agentTickets) => list.items.find((ticket) => ticket.channel === 'sms')!;
    expect(byPhone(agentTickets).contactPhone).toBe('+212•••••••77');
    expect(byPhone(supervisorTickets).contactPhone).toBe(phone);
    expect(JSON.stringify(agentTickets)).not.toContain('661880077');
    expect((await json(await get(app, `/api/tickets/${byPhone(agentTickets).id}`, agent.cookie))).contactPhone).toBe(phone);

    const agentCalls = ZCallList.parse(await json(await get(app, `/api/calls?callSid=${callSid}`, agent.cookie)));
    expect(agentCalls.items[0]!.from).toBe('+212•••••••77');
    expect(agentCalls.items[0]!.to).toBe('+212•••••••00');
    const supervisorCalls = ZCallList.parse(await json(await get(app, `/api/calls?callSid=${callSid}`, supervisor.cookie)));
    expect(supervisorCalls.items[0]!.from).toBe(phone);
  });
});
