import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAgentStatus } from '../../server/src/modules/presence/presence.service.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
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
