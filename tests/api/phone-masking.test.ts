import { describe, expect, it } from 'vitest';
import { ZAssociation, ZAssociationList } from '@mowakaba/shared/schemas/associations';
import { ZCallList } from '@mowakaba/shared/schemas/calls';
import { ZTicketList } from '@mowakaba/shared/schemas/tickets';
import { createSignedInUser } from '../helpers/factories.js';
import { postAssociation } from '../helpers/fixtures.js';
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

describe('phone numbers in the association directory', () => {
  it('are masked in the list for agents, whole for supervisors and on the association’s own page', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: CLOSED_HOURS });
    const agent = await createSignedInUser(app, 'agent');
    const supervisor = await createSignedInUser(app, 'supervisor');
    const created = ZAssociation.parse(
      await postAssociation(app, supervisor.cookie, {
        name: { ar: 'جمعية النور للتنمية', fr: 'Association Annour' },
        contacts: [{ name: 'Fatima Zahra', role: 'présidente', phones: ['0661 44 55 19'], emails: ['fz@annour.ma'] }],
      }),
    );
    const listed = async (cookie: string) => ZAssociationList.parse(await json(await get(app, '/api/associations?q=Annour', cookie))).items.find((item) => item.id === created.id)!;

    const forAgent = await listed(agent.cookie);
    expect(forAgent.contacts[0]!.phones).toEqual(['+212•••••••19']);
    expect(JSON.stringify(forAgent)).not.toContain('661445519');
    expect((await listed(supervisor.cookie)).contacts[0]!.phones).toEqual(['+212661445519']);
    expect(ZAssociation.parse(await json(await get(app, `/api/associations/${created.id}`, agent.cookie))).contacts[0]!.phones).toEqual(['+212661445519']);
  });
});
