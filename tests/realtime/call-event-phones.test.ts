import { afterAll, describe, expect, it } from 'vitest';
import type { TCallEventPayload, TEventEnvelope } from '@mowakaba/shared/events';
import { ZCall } from '@mowakaba/shared/schemas/calls';
import { createSignedInUser } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { nextMatching, openConsole, startTestServer, type ConsoleSocket, type TestServer } from '../helpers/test-server.js';
import { CENTER_NUMBER, answerAsAgent, newCallSid, queueCall, twilioTestDependencies } from '../helpers/twilio.js';

useTestDatabase();

let server: TestServer | undefined;
const sockets: ConsoleSocket[] = [];
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
});

const callEventIn = (socket: ConsoleSocket, room: string, callSid: string, event: 'call.queued' | 'call.updated') =>
  nextMatching<TEventEnvelope<typeof event>>(socket, 'event', (envelope) => envelope.room === room && envelope.event === event && (envelope.payload as TCallEventPayload).call.callSid === callSid);

describe('the caller’s number in call events', () => {
  it('rings at agents’ consoles masked and at supervisors’ whole; the agent who answers reads it whole from the call', async () => {
    server = await startTestServer(twilioTestDependencies({ mode: 'simulated' }));
    const { app } = server;
    const agent = await createSignedInUser(app, 'agent');
    const supervisor = await createSignedInUser(app, 'supervisor');
    const agentConsole = await openConsole(server.url, agent.cookie);
    const supervisorConsole = await openConsole(server.url, supervisor.cookie);
    sockets.push(agentConsole.socket, supervisorConsole.socket);

    const callSid = newCallSid();
    const toAgent = callEventIn(agentConsole.socket, 'role:agent', callSid, 'call.queued');
    const toSupervisor = callEventIn(supervisorConsole.socket, 'role:supervisor', callSid, 'call.queued');
    await queueCall(app, callSid, '+212661234567');

    expect((await toAgent).payload.call).toMatchObject({ from: '+212•••••••67', to: '+212•••••••00' });
    expect((await toSupervisor).payload.call).toMatchObject({ from: '+212661234567', to: CENTER_NUMBER });
    expect(JSON.stringify((await toAgent).payload)).not.toContain('661234567');

    // Answered: the call's own room gets it masked too; the call itself, access-checked, is whole for its agent.
    const answeredEvent = callEventIn(agentConsole.socket, `user:${agent.user.id}`, callSid, 'call.updated');
    expect((await answerAsAgent(app, agent, callSid)).status).toBe(200);
    expect((await answeredEvent).payload.call.from).toBe('+212•••••••67');
    const call = ZCall.parse(await json(await app.request(`/api/calls/${callSid}`, { headers: { Cookie: agent.cookie } })));
    expect(call).toMatchObject({ from: '+212661234567', agentId: agent.user.id });
  });
});
