import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TEventEnvelope } from '@mowakaba/shared/events';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { ticketInput } from '../helpers/fixtures.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { nextMatching, openConsole, startTestServer, type TestServer } from '../helpers/test-server.js';

useTestDatabase();

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let nodeA: TestServer;
let nodeB: TestServer;

beforeAll(async () => {
  const sessionSecret = randomBytes(32).toString('hex');
  nodeA = await startTestServer({ redisUrl: REDIS_URL, sessionSecret });
  nodeB = await startTestServer({ redisUrl: REDIS_URL, sessionSecret });
});
afterAll(async () => {
  await nodeA?.close();
  await nodeB?.close();
});

describe('two nodes behind a load balancer', () => {
  it('delivers an event raised on one node to a console connected to the other, through Redis', async () => {
    const author = await createSignedInUser(nodeA.app);
    const watcher = await createSignedInUser(nodeA.app);
    const { socket, welcome } = await openConsole(nodeB.url, watcher.cookie);
    const queueOnB = async () => {
      const response = await nodeB.app.request('/api/tickets?status=new', { headers: { Cookie: watcher.cookie } });
      return ((await response.json()) as { items: Array<{ id: string }> }).items.map((item) => item.id);
    };
    // Node B reads its queue once; from then on it only hears of changes.
    await queueOnB();

    const received = nextMatching<TEventEnvelope>(socket, 'event', (envelope) => envelope.event === 'ticket.created' && envelope.room === 'role:agent');
    const response = await nodeA.app.request('/api/tickets', jsonRequest('POST', ticketInput({ subject: 'من العقدة الأولى' }), author.cookie));
    expect(response.status).toBe(201);
    const envelope = await received;
    expect(envelope.payload).toMatchObject({ ticket: { subject: 'من العقدة الأولى' } });
    expect(envelope.seq).toBe(welcome['role:agent']! + 1);
    socket.close();

    // The other node's in-memory queue learned of it through the adapter, without reading the database.
    const created = (await response.json()) as { id: string };
    await expect.poll(queueOnB, { timeout: 3_000 }).toContain(created.id);
  });

  it('tells the other node to forget the sessions it keeps when one is signed out here', async () => {
    // Both nodes run in this test process and share one session cache; what crosses is the notice.
    const agent = await createSignedInUser(nodeA.app);
    const me = (node: TestServer) => node.app.request('/api/auth/me', { headers: { Cookie: agent.cookie } });
    expect((await me(nodeB)).status).toBe(200);
    const noticeOnB = new Promise<void>((resolve) => nodeB.io.once('sessions-ended', resolve));

    const signedOut = await nodeA.app.request('/api/auth/logout', jsonRequest('POST', {}, agent.cookie));
    expect(signedOut.status).toBe(204);
    await noticeOnB;
    expect((await me(nodeB)).status).toBe(401);
  });
});
