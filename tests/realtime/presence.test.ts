import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rooms } from '@mowakaba/shared/events';
import { getAgentPresence } from '../../server/src/modules/presence/presence.service.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { postTicket } from '../helpers/fixtures.js';
import { useManualClock, useTestDatabase } from '../helpers/test-database.js';
import { openConsole, startTestServer, type TestServer } from '../helpers/test-server.js';

useTestDatabase();
const clock = useManualClock();

// A second instead of the minute of production: each half second moved runs a poll of the change feed.
const PRESENCE_GRACE_MS = 1_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ presenceGraceMs: PRESENCE_GRACE_MS });
});
afterAll(async () => {
  await server.close();
});

/** Resolves once the server has seen the user's last console go (a real network hand-off). */
async function serverSeesNoConsoleOf(userId: string) {
  await expect.poll(async () => (await server.io.in(rooms.user(userId)).fetchSockets()).length).toBe(0);
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
    const status = await json(await server.app.request('/api/presence/me', { headers: { Cookie: agent.cookie } }));
    expect(status.activeTickets).toBe(20);
  });

  it('turns an agent offline when their last console has been gone for the grace period', async () => {
    const agent = await createSignedInUser(server.app);
    await server.app.request('/api/presence/me', jsonRequest('PUT', { state: 'available' }, agent.cookie));
    const first = await openConsole(server.url, agent.cookie);
    const second = await openConsole(server.url, agent.cookie);

    first.socket.close();
    await expect.poll(async () => (await server.io.in(rooms.user(agent.user.id)).fetchSockets()).length).toBe(1);
    await clock.advance(PRESENCE_GRACE_MS);
    expect((await getAgentPresence(agent.user.id)).state).toBe('available');

    second.socket.close();
    await serverSeesNoConsoleOf(agent.user.id);
    await clock.advance(PRESENCE_GRACE_MS - 1);
    expect((await getAgentPresence(agent.user.id)).state).toBe('available');
    await clock.advance(1);
    expect((await getAgentPresence(agent.user.id)).state).toBe('offline');
  });

  it('keeps the presence of an agent who reconnects within the grace period', async () => {
    const agent = await createSignedInUser(server.app);
    await server.app.request('/api/presence/me', jsonRequest('PUT', { state: 'busy' }, agent.cookie));
    const first = await openConsole(server.url, agent.cookie);
    first.socket.close();
    await serverSeesNoConsoleOf(agent.user.id);
    const again = await openConsole(server.url, agent.cookie);
    await clock.advance(PRESENCE_GRACE_MS);
    expect((await getAgentPresence(agent.user.id)).state).toBe('busy');
    again.socket.close();
  });
});
