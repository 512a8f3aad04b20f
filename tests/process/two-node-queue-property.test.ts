import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { TICKET_TRANSITIONS, type TTicket } from '@mowakaba/shared/schemas/tickets';
import { createTestUser } from '../helpers/factories.js';
import { ticketInput } from '../helpers/fixtures.js';
import { useServerNodes } from '../helpers/server-process.js';
import { useTestDatabase } from '../helpers/test-database.js';

const database = useTestDatabase();
const ACTIVE = 'new,open,pending,on-hold';

let redis: ChildProcess | undefined;
// Registered first, so it runs after the nodes have stopped (hooks run as a stack).
afterAll(() => {
  redis?.kill('SIGTERM');
});
const nodes = useServerNodes();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Redis of this test's own, so it can drop the nodes' hints without touching other tests. */
async function startOwnRedis(): Promise<number> {
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await expect.poll(() => spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim(), { timeout: 10_000 }).toBe('PONG');
  return port;
}


describe('two node processes on one database and Redis', () => {
  it('agree with the database on the queue after random changes through both, lost hints and a restart', { timeout: 240_000 }, async () => {
    const redisPort = await startOwnRedis();
    const uri = new URL(inject('mongoUri'));
    uri.pathname = `/${database.connection().name}`;
    const shared = { MONGODB_URI: uri.toString(), REDIS_URL: `redis://127.0.0.1:${redisPort}`, SESSION_SECRET: randomBytes(32).toString('hex') };
    const running = await Promise.all([nodes.start(shared), nodes.start(shared)]);
    const supervisor = await createTestUser({ role: 'supervisor' });
    const login = await fetch(`${running[0]!.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: supervisor.email, password: supervisor.password }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const call = async (url: string, path: string, method = 'GET', body?: unknown) => {
      const response = await fetch(`${url}${path}`, { method, headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: response.status, body: response.status === 204 ? null : await response.json() };
    };
    const queueOf = async (url: string) => {
      const page = await call(url, `/api/tickets?status=${ACTIVE}&limit=100`);
      expect(page.status).toBe(200);
      return (page.body as { items: TTicket[] }).items.map((ticket) => `${ticket.id}@${ticket.version}:${ticket.status}`).sort();
    };

    // A seeded generator: the same interleaving every run.
    let seed = 20_261_206;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const ids: string[] = [];

    for (let step = 0; step < 80; step += 1) {
      if (step === 40) {
        // One node dies mid-run and comes back: it loads its queue again and follows the feed from there.
        running[1]!.node.child.kill('SIGKILL');
        await running[1]!.node.exited;
        running[1] = await nodes.start(shared);
      }
      const url = pick(running).url;
      // Hints between nodes are lost now and then: a node must still catch up from the feed.
      if (random() < 0.1) spawnSync('redis-cli', ['-p', String(redisPort), 'CLIENT', 'KILL', 'TYPE', 'pubsub']);
      if (ids.length < 8 || random() < 0.25) {
        const created = await call(url, '/api/tickets', 'POST', ticketInput({ subject: `طلب ${step}` }));
        expect(created.status).toBe(201);
        ids.push((created.body as TTicket).id);
        continue;
      }
      const id = pick(ids);
      // The version as this node shows it: a stale one gets 409 and changes nothing, as for a real agent.
      const seen = await call(url, `/api/tickets/${id}`);
      const ticket = seen.body as TTicket;
      const next = TICKET_TRANSITIONS[ticket.status];
      const change =
        random() < 0.5 && next.length > 0
          ? { status: pick(next) }
          : { assigneeId: ticket.assigneeId ? null : supervisor.id };
      const changed = await call(pick(running).url, `/api/tickets/${id}`, 'PATCH', { version: ticket.version, ...change });
      expect([200, 409]).toContain(changed.status);
    }

    const truth = async () =>
      (await database.connection().collection('tickets').find({ status: { $in: ACTIVE.split(',') } }).toArray())
        .map((ticket) => `${ticket._id.toString()}@${ticket.version as number}:${ticket.status as string}`)
        .sort();
    const expected = await truth();
    expect(expected.length).toBeGreaterThan(0);
    for (const { url } of running) await expect.poll(() => queueOf(url), { timeout: 2_000, interval: 100 }).toEqual(expected);
  });
});
