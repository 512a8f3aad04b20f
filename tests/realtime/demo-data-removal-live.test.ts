import { QueryClient } from '@tanstack/react-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TEventEnvelope, TTicketRemovedPayload } from '../../shared/src/events.js';
import type { TTicket } from '../../shared/src/schemas/tickets.js';
import { createLogger } from '../../server/src/logger.js';
import { seedDemoData } from '../../seeds/demo/seed-demo-data.js';
import { dropTicketFromLists } from '../../web/src/modules/tickets/drop-ticket-from-lists.js';
import { ticketKeys } from '../../web/src/modules/tickets/ticket-keys.js';
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
  it("a supervisor's open console receives ticket.removed for every demo ticket and its list drops them live", async () => {
    const { cookie: admin } = await createSignedInUser(server.app, 'admin');
    const { cookie: supervisor } = await createSignedInUser(server.app, 'supervisor');

    // The second console: its queue list as the web app caches it, and its live connection.
    const params = { sort: '-createdAt', limit: '100' };
    const page = (await json(await server.app.request(`/api/tickets?${new URLSearchParams(params)}`, { headers: { Cookie: supervisor } }))) as { items: TTicket[]; nextCursor: string | null };
    const demoIds = page.items.map((ticket) => ticket.id).sort();
    expect(demoIds.length).toBeGreaterThanOrEqual(10);
    const queryClient = new QueryClient();
    queryClient.setQueryData(ticketKeys.list(params), page);
    queryClient.setQueryData(ticketKeys.detail(demoIds[0]!), page.items.find((ticket) => ticket.id === demoIds[0]));
    const opened = await openConsole(server.url, supervisor);
    sockets.push(opened.socket);
    const removedSeen = new Set<string>();
    const allSeen = new Promise<void>((resolve) => {
      opened.socket.on('event', (envelope: TEventEnvelope) => {
        if (envelope.event !== 'ticket.removed') return;
        // What the console's live provider does with it.
        const { ticketId } = envelope.payload as TTicketRemovedPayload;
        dropTicketFromLists(queryClient, ticketId);
        removedSeen.add(ticketId);
        if (removedSeen.size === demoIds.length) resolve();
      });
    });

    // The admin removes the demo data from the other console.
    const response = await server.app.request('/api/admin/demo-data', jsonRequest('DELETE', undefined, admin));
    expect(response.status).toBe(200);
    await Promise.race([allSeen, new Promise((_, reject) => setTimeout(() => reject(new Error(`saw ${removedSeen.size} of ${demoIds.length} removals`)), 15_000))]);

    expect([...removedSeen].sort()).toEqual(demoIds);
    expect(queryClient.getQueryData<{ items: TTicket[] }>(ticketKeys.list(params))!.items).toEqual([]);
    expect(queryClient.getQueryData(ticketKeys.detail(demoIds[0]!))).toBeUndefined();
    // What a reload would show agrees.
    expect((await json(await server.app.request(`/api/tickets?${new URLSearchParams(params)}`, { headers: { Cookie: supervisor } }))).items).toEqual([]);
  }, 120_000);
});
