import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { TEventEnvelope, TSyncResponse } from '@mowakaba/shared/events';
import { createTestUser } from '../helpers/factories.js';
import { ticketInput } from '../helpers/fixtures.js';
import { useServerNodes } from '../helpers/server-process.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { openConsole, type ConsoleSocket } from '../helpers/test-server.js';

const database = useTestDatabase();
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOM = 'role:agent';

const nodes = useServerNodes();
const sockets: ConsoleSocket[] = [];
afterAll(() => {
  for (const socket of sockets) socket.close();
});

async function signIn(url: string, user: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** What an agent's console knows of the queue: tickets by id, from events and, after a snapshot, from a fresh list. */
function trackConsole() {
  const tickets = new Set<string>();
  const seen = new Set<number>();
  let replayedUpTo = 0;
  const apply = (envelope: TEventEnvelope) => {
    if (envelope.room !== ROOM || seen.has(envelope.seq)) return;
    seen.add(envelope.seq);
    const ticket = (envelope.payload as { ticket?: { id: string } }).ticket;
    if (ticket) tickets.add(ticket.id);
  };
  // Live events may arrive while a replay is on its way: ask for what follows the last unbroken run.
  const lastUnbroken = () => {
    let seq = replayedUpTo;
    while (seen.has(seq + 1)) seq += 1;
    return seq;
  };
  return {
    tickets,
    start: (seq: number) => {
      replayedUpTo = seq;
    },
    listen: (socket: ConsoleSocket) => socket.on('event', apply),
    async catchUp(socket: ConsoleSocket, url: string, cookie: string) {
      const answer = await new Promise<TSyncResponse>((resolve) => socket.emit('sync', { rooms: { [ROOM]: lastUnbroken() } }, resolve));
      const room = answer.rooms[ROOM]!;
      if ('events' in room) {
        for (const envelope of room.events) apply(envelope);
        return;
      }
      // Too much or too old to replay: the console reads its list again, as the web console does.
      let cursor: string | null = null;
      do {
        const query: string = `status=new&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
        const list = (await (await fetch(`${url}/api/tickets?${query}`, { headers: { Cookie: cookie } })).json()) as { items: Array<{ id: string }>; nextCursor: string | null };
        for (const item of list.items) tickets.add(item.id);
        cursor = list.nextCursor;
      } while (cursor);
      replayedUpTo = Math.max(replayedUpTo, room.lastSeq);
    },
  };
}

describe('two nodes on one database and Redis, one killed under load', () => {
  it('keeps every acknowledged ticket, and the console that moves to the survivor gets every one it missed', { timeout: 180_000 }, async () => {
    const uri = new URL(inject('mongoUri'));
    uri.pathname = `/${database.connection().name}`;
    const shared = { MONGODB_URI: uri.toString(), REDIS_URL, SESSION_SECRET: randomBytes(32).toString('hex') };
    const [a, b] = await Promise.all([nodes.start(shared), nodes.start(shared)]);

    const agent = await createTestUser({ role: 'agent' });
    const author = await createTestUser({ role: 'agent' });
    const agentCookie = await signIn(a.url, agent);
    const authorCookie = await signIn(a.url, author);

    const view = trackConsole();
    const first = await openConsole(a.url, agentCookie);
    sockets.push(first.socket);
    view.start(first.welcome[ROOM]!);
    view.listen(first.socket);
    const disconnected = new Promise<void>((resolve) => first.socket.once('disconnect', () => resolve()));

    // Two writers behind a load balancer: each sends to its node, and to the other once its node is gone.
    const acknowledged: string[] = [];
    let sent = 0;
    let stopAt = Number.POSITIVE_INFINITY;
    const writer = async (preferred: string, other: string) => {
      for (let index = 0; Date.now() < stopAt; index += 1) {
        sent += 1;
        const body = JSON.stringify(ticketInput({ subject: `طلب رقم ${sent}` }));
        for (const url of [preferred, other]) {
          try {
            const response = await fetch(`${url}/api/tickets`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: authorCookie }, body });
            if (response.status === 201) acknowledged.push(((await response.json()) as { id: string }).id);
            break;
          } catch {
            // The node is gone: the balancer sends the request to the other one.
          }
        }
      }
    };
    const load = Promise.all([writer(a.url, b.url), writer(b.url, a.url), writer(a.url, b.url)]);

    await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThan(15);
    a.node.child.kill('SIGKILL');
    await disconnected;

    // The console reconnects to the survivor and asks for what it missed since the last event it saw.
    const second = await openConsole(b.url, agentCookie);
    sockets.push(second.socket);
    view.listen(second.socket);
    await view.catchUp(second.socket, b.url, agentCookie);

    const acknowledgedAtKill = acknowledged.length;
    await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThan(acknowledgedAtKill + 15);
    stopAt = Date.now();
    await load;

    // Every ticket a writer was told was saved is in the database once, and in the console.
    const stored = await database.connection().collection('tickets').find({}, { projection: { _id: 1 } }).toArray();
    const storedIds = stored.map((ticket) => ticket._id.toString());
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    expect(storedIds).toEqual(expect.arrayContaining(acknowledged));
    // On the embedded database a node killed while holding the short lock of the rooms' numbering
    // holds up announcements until that lock lapses (about 2 s), then the backstop's grace (3 s).
    await expect.poll(() => acknowledged.filter((id) => !view.tickets.has(id)), { timeout: 25_000 }).toEqual([]);
    expect(b.node.child.exitCode).toBeNull();
  });
});
