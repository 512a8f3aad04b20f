import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { openConsole, startTestServer, type ConsoleSocket, type TestServer } from '../helpers/test-server.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const disconnection = (socket: ConsoleSocket) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('still connected')), 3_000);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });

describe("a user's consoles when their access changes", () => {
  it('are cut when they are disabled, and cannot come back', async () => {
    const admin = await createSignedInUser(server.app, 'admin');
    const agent = await createSignedInUser(server.app);
    const { socket } = await openConsole(server.url, agent.cookie);
    const cut = disconnection(socket);

    const response = await server.app.request(`/api/users/${agent.user.id}`, jsonRequest('PATCH', { disabled: true }, admin.cookie));
    expect(response.status).toBe(200);
    expect(await cut).toBe('io server disconnect');
    await expect(openConsole(server.url, agent.cookie)).rejects.toThrow('unauthenticated');
  });

  it('are cut when their role changes, and come back in the rooms of the new role', async () => {
    const admin = await createSignedInUser(server.app, 'admin');
    const supervisor = await createSignedInUser(server.app, 'supervisor');
    const first = await openConsole(server.url, supervisor.cookie);
    expect(first.welcome).toHaveProperty('role:supervisor');
    const cut = disconnection(first.socket);

    const response = await server.app.request(`/api/users/${supervisor.user.id}`, jsonRequest('PATCH', { role: 'agent' }, admin.cookie));
    expect(response.status).toBe(200);
    expect(await cut).toBe('io server disconnect');
    const again = await openConsole(server.url, supervisor.cookie);
    expect(again.welcome).toHaveProperty('role:agent');
    expect(again.welcome).not.toHaveProperty('role:supervisor');
    again.socket.close();
  });
});
