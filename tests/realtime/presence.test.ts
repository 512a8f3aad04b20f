import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAgentStatus } from '../../server/src/modules/presence/presence.service.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { openConsole, startTestServer, type TestServer } from '../helpers/test-server.js';

useTestDatabase();

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ presenceGraceMs: 300 });
});
afterAll(async () => {
  await server.close();
});

async function waitForState(userId: string, state: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await getAgentStatus(userId)).state === state) return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (await getAgentStatus(userId)).state;
}

describe('presence follows the consoles', () => {
  it('counts every ticket given to an agent at once: twenty assignments in parallel leave a load of twenty', async () => {
    const supervisor = await createSignedInUser(server.app, 'supervisor');
    const agent = await createSignedInUser(server.app);
    const tickets = await Promise.all(Array.from({ length: 20 }, (_, index) => postTicket(server.app, supervisor.cookie, { subject: `Demande ${index}` })));
    const assigned = await Promise.all(
      tickets.map((ticket: { id: string; version: number }) =>
        server.app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: ticket.version, assigneeId: agent.user.id, status: 'open' }, supervisor.cookie)),
      ),
    );
    expect(assigned.map((response) => response.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect((await getAgentStatus(agent.user.id)).activeTickets).toBe(20);
  });

  it('turns an agent offline when their last console has been gone for the grace period', async () => {
    const agent = await createSignedInUser(server.app);
    await server.app.request('/api/presence/me', jsonRequest('PUT', { state: 'available' }, agent.cookie));
    const first = await openConsole(server.url, agent.cookie);
    const second = await openConsole(server.url, agent.cookie);

    first.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await getAgentStatus(agent.user.id)).state).toBe('available');

    second.socket.close();
    expect(await waitForState(agent.user.id, 'offline')).toBe('offline');
  });

  it('keeps the presence of an agent who reconnects within the grace period', async () => {
    const agent = await createSignedInUser(server.app);
    await server.app.request('/api/presence/me', jsonRequest('PUT', { state: 'busy' }, agent.cookie));
    const first = await openConsole(server.url, agent.cookie);
    first.socket.close();
    const again = await openConsole(server.url, agent.cookie);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await getAgentStatus(agent.user.id)).state).toBe('busy');
    again.socket.close();
  });
});
