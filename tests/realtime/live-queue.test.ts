import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TEventEnvelope, TSyncResponse, TViewingNotice } from '@mowakaba/shared/events';
import { RealtimeEventModel } from '../../server/src/realtime/realtime-event.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postTicket, ticketInput } from '../helpers/fixtures.js';
import { useTestDatabase } from '../helpers/test-database.js';
import {
  connectConsole,
  nextMatching,
  openConsole as openTestConsole,
  startTestServer,
  type ConsoleSocket,
  type TestServer,
} from '../helpers/test-server.js';

useTestDatabase();

let server: TestServer;
const sockets: ConsoleSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.close();
});

async function openConsole(cookie: string) {
  const opened = await openTestConsole(server.url, cookie);
  sockets.push(opened.socket);
  return opened;
}

function createTicket(cookie: string, subject: string) {
  return server.app.request('/api/tickets', jsonRequest('POST', ticketInput({ subject }), cookie));
}

function sync(socket: ConsoleSocket, rooms: Record<string, number>): Promise<TSyncResponse> {
  return new Promise((resolve) => socket.emit('sync', { rooms }, resolve));
}

describe('the live queue over socket.io', () => {
  it('refuses a socket without a session', async () => {
    await expect(connectConsole(server.url, 'mowakaba_session=forged')).rejects.toThrow('unauthenticated');
  });

  it("shows a ticket created by one agent in another agent's console, numbered in its room", async () => {
    const author = await createSignedInUser(server.app);
    const watcher = await createSignedInUser(server.app);
    const { socket, welcome } = await openConsole(watcher.cookie);
    expect(Object.keys(welcome)).toEqual(expect.arrayContaining([`user:${watcher.user.id}`, 'role:agent']));

    const received = nextMatching<TEventEnvelope>(socket, 'event', (envelope) => envelope.event === 'ticket.created' && envelope.room === 'role:agent');
    const response = await createTicket(author.cookie, 'تسجيل جمعية جديدة');
    expect(response.status).toBe(201);
    const envelope = await received;
    expect(envelope.seq).toBe(welcome['role:agent']! + 1);
    expect(envelope.payload).toMatchObject({ ticket: { subject: 'تسجيل جمعية جديدة', status: 'new' }, actorId: author.user.id });
  });

  it('gives a console that lost its connection every event it missed, in order', async () => {
    const author = await createSignedInUser(server.app);
    const watcher = await createSignedInUser(server.app);
    const first = await openConsole(watcher.cookie);
    let lastSeen = first.welcome['role:agent']!;
    const seenIds = new Set<string>();
    first.socket.on('event', (envelope) => {
      if (envelope.room !== 'role:agent') return;
      lastSeen = envelope.seq;
      seenIds.add((envelope.payload as { ticket: { id: string } }).ticket.id);
    });

    const created: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const ticket = await (await createTicket(author.cookie, `flow ${index}`)).json();
      created.push((ticket as { id: string }).id);
      if (index === 1) {
        // Lost once it has seen the first two.
        await expect.poll(() => seenIds.has(created[1]!)).toBe(true);
        first.socket.disconnect();
      }
    }
    // Creations answer before their events are stored; replay is for what was stored.
    await vi.waitFor(async () => expect(await RealtimeEventModel.exists({ room: 'role:agent', 'payload.ticket.id': created.at(-1) })).toBeTruthy());

    const second = await openConsole(watcher.cookie);
    const answer = await sync(second.socket, { 'role:agent': lastSeen });
    const room = answer.rooms['role:agent'];
    expect(room && 'events' in room).toBe(true);
    if (!room || !('events' in room)) return;
    expect(room.events.map((event) => event.seq)).toEqual(Array.from({ length: room.lastSeq - lastSeen }, (_, index) => lastSeen + 1 + index));
    for (const event of room.events) seenIds.add((event.payload as { ticket: { id: string } }).ticket.id);
    expect(created.every((id) => seenIds.has(id))).toBe(true);
  });

  it('sends a fresh-snapshot answer when the missed events are too old to replay', async () => {
    const author = await createSignedInUser(server.app);
    const watcher = await createSignedInUser(server.app);
    const { socket, welcome } = await openConsole(watcher.cookie);
    const received = nextMatching<TEventEnvelope>(socket, 'event', (envelope) => envelope.event === 'ticket.created' && envelope.room === 'role:agent');
    await createTicket(author.cookie, 'old news');
    await received;
    await RealtimeEventModel.deleteMany({ room: 'role:agent' });
    const answer = await sync(socket, { 'role:agent': welcome['role:agent']! });
    expect(answer.rooms['role:agent']).toEqual({ snapshot: true, lastSeq: welcome['role:agent']! + 1 });
  });

  it("never replays a room the console is not in", async () => {
    const watcher = await createSignedInUser(server.app);
    const { socket } = await openConsole(watcher.cookie);
    const answer = await sync(socket, { 'role:supervisor': 0, 'user:someone-else': 0 });
    expect(answer.rooms).toEqual({});
  });

  it('tells agents on the same ticket who else is viewing or typing, and when they leave', async () => {
    const first = await createSignedInUser(server.app);
    const second = await createSignedInUser(server.app);
    const a = (await openConsole(first.cookie)).socket;
    const b = (await openConsole(second.cookie)).socket;
    const ticketId = (await postTicket(server.app, first.cookie)).id;
    b.emit('ticket.view', { ticketId, activity: 'viewing' });
    await expect.poll(async () => (await server.io.in(`ticket:${ticketId}`).fetchSockets()).length).toBe(1);

    const viewing = nextMatching<TViewingNotice>(b, 'ticket.viewers', (notice) => notice.userId === first.user.id && notice.activity === 'viewing');
    a.emit('ticket.view', { ticketId, activity: 'viewing' });
    expect(await viewing).toMatchObject({ ticketId, name: first.user.name });

    const typing = nextMatching<TViewingNotice>(b, 'ticket.viewers', (notice) => notice.activity === 'typing');
    a.emit('ticket.view', { ticketId, activity: 'typing' });
    expect((await typing).userId).toBe(first.user.id);

    const left = nextMatching<TViewingNotice>(b, 'ticket.viewers', (notice) => notice.activity === 'left');
    a.disconnect();
    expect((await left).userId).toBe(first.user.id);
  });
});
