import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TEventEnvelope, TTicketRemovedPayload } from '@mowakaba/shared/events';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { createLogger } from '../../server/src/logger.js';
import { seedDemoData } from '../../seeds/demo/seed-demo-data.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { openConsole, startTestServer, type ConsoleSocket, type TestServer } from '../helpers/test-server.js';

useTestDatabase();

let server: TestServer;
const sockets: ConsoleSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  expect(await seedDemoData(createLogger('silent'), server.hub)).toBe(true);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.close();
});

describe('removing the demo data, seen from another open console', () => {
  // The console's list dropping them on screen is checked in the browser (tests/e2e/demo-data.e2e.ts).
  it("a supervisor's open console receives ticket.removed for every demo ticket it listed, and nothing is left to list", async () => {
    const { cookie: admin } = await createSignedInUser(server.app, 'admin');
    const { cookie: supervisor } = await createSignedInUser(server.app, 'supervisor');

    // The second console: the queue it shows, and its live connection.
    const params = { sort: '-createdAt', limit: '100' };
    const page = (await json(await server.app.request(`/api/tickets?${new URLSearchParams(params)}`, { headers: { Cookie: supervisor } }))) as { items: TTicket[]; nextCursor: string | null };
    const demoIds = page.items.map((ticket) => ticket.id).sort();
    expect(demoIds.length).toBeGreaterThanOrEqual(10);
    const opened = await openConsole(server.url, supervisor);
    sockets.push(opened.socket);
    const removedSeen = new Set<string>();
    opened.socket.on('event', (envelope: TEventEnvelope) => {
      if (envelope.event === 'ticket.removed') removedSeen.add((envelope.payload as TTicketRemovedPayload).ticketId);
    });

    // The admin removes the demo data from the other console.
    const response = await server.app.request('/api/admin/demo-data', jsonRequest('DELETE', undefined, admin));
    expect(response.status).toBe(200);
    await expect.poll(() => [...removedSeen].sort(), { timeout: 15_000 }).toEqual(demoIds);
    // What a reload would show agrees.
    expect((await json(await server.app.request(`/api/tickets?${new URLSearchParams(params)}`, { headers: { Cookie: supervisor } }))).items).toEqual([]);
  }, 120_000);
});
