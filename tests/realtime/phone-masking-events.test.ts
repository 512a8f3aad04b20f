import { describe, expect, it } from 'vitest';
import type { TEventEnvelope, TSyncResponse } from '@mowakaba/shared/events';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { createSignedInUser } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { nextMatching, useTestServer, type ConsoleSocket } from '../helpers/test-server.js';

useTestDatabase();

const running = useTestServer();

const createdIn = (socket: ConsoleSocket, room: string, subject: string) =>
  nextMatching<TEventEnvelope<'ticket.created'>>(socket, 'event', (envelope) => envelope.room === room && envelope.event === 'ticket.created' && envelope.payload.ticket.subject === subject);

describe('phone numbers in events', () => {
  it('reach agents masked, live and on replay, and supervisors whole', async () => {
    const { app } = running.server;
    const agent = await createSignedInUser(app, 'agent');
    const supervisor = await createSignedInUser(app, 'supervisor');
    const agentConsole = await running.openConsole(agent.cookie);
    const supervisorConsole = await running.openConsole(supervisor.cookie);

    const subject = 'رقم الهاتف في الأحداث';
    const toAgent = createdIn(agentConsole.socket, 'role:agent', subject);
    const toSupervisor = createdIn(supervisorConsole.socket, 'role:supervisor', subject);
    const association = await postAssociation(app, supervisor.cookie, { contacts: [{ name: 'Hassan Idrissi', role: 'trésorier', phones: ['+212661234567'], emails: [] }] });
    const ticket = (await postTicket(app, supervisor.cookie, { subject, associationId: association.id, contactId: association.contacts[0].id })) as TTicket;
    expect(ticket.contactPhone).toBe('+212661234567');

    expect((await toAgent).payload.ticket.contactPhone).toBe('+212•••••••67');
    expect((await toSupervisor).payload.ticket.contactPhone).toBe('+212661234567');

    const replay = await new Promise<TSyncResponse>((resolve) =>
      agentConsole.socket.emit('sync', { rooms: { 'role:agent': agentConsole.welcome['role:agent']! } }, resolve),
    );
    const replayed = replay.rooms['role:agent']!;
    expect('events' in replayed && replayed.events.map((envelope) => (envelope.payload as { ticket: TTicket }).ticket.contactPhone)).toContain('+212•••••••67');
    expect(JSON.stringify(replayed)).not.toContain('+212661234567');
  });
});
