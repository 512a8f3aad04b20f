import mongoose from 'mongoose';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSyncResponse, TViewingNotice } from '@mowakaba/shared/events';
import { SessionModel } from '../../server/src/modules/auth/session.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createSignedInUser, createTestUser, jsonRequest, signIn } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { nextMatching, openConsole, startTestServer, type ConsoleSocket, type TestServer } from '../helpers/test-server.js';
import { useManualClock, useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();
// Sessions expire, and nodes look for expired ones, by this clock.
const clock = useManualClock();

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

const sync = (socket: ConsoleSocket, request: unknown) =>
  new Promise<TSyncResponse>((resolve) => socket.emit('sync', request as never, resolve));

describe('a console after sign-out', () => {
  it('is cut when its own session signs out, while the same user’s other session keeps its console', async () => {
    const user = await createTestUser();
    const laptop = await signIn(server.app, user.email, user.password);
    const desk = await signIn(server.app, user.email, user.password);
    const laptopConsole = await openConsole(server.url, laptop);
    const deskConsole = await openConsole(server.url, desk);
    const cut = disconnection(laptopConsole.socket);

    expect((await server.app.request('/api/auth/logout', jsonRequest('POST', {}, laptop))).status).toBe(204);
    expect(await cut).toBe('io server disconnect');
    await expect(openConsole(server.url, laptop)).rejects.toThrow('unauthenticated');
    expect(deskConsole.socket.connected).toBe(true);
    deskConsole.socket.close();
  });
});

describe('a console whose session expires', () => {
  it('is cut by the node’s next look at its sessions and cannot come back, while a live session’s console stays', async () => {
    // The node looks every minute; this one every second: each half second moved runs a poll of the change feed.
    const node = await startTestServer({ sessionSweepMs: 1_000 });
    try {
      const expiring = await createTestUser();
      const other = await createTestUser();
      const expiringCookie = await signIn(node.app, expiring.email, expiring.password);
      const expiringConsole = await openConsole(node.url, expiringCookie);
      const otherConsole = await openConsole(node.url, await signIn(node.app, other.email, other.password));
      const cut = disconnection(expiringConsole.socket);

      // Its twelve hours are over: nothing announces it.
      await SessionModel.updateMany({ userId: new mongoose.Types.ObjectId(expiring.id) }, { $set: { expiresAt: new Date(clock.now().getTime() - 1_000) } });
      await clock.advance(1_000);
      expect(await cut).toBe('io server disconnect');
      await expect(openConsole(node.url, expiringCookie)).rejects.toThrow('unauthenticated');
      expect(otherConsole.socket.connected).toBe(true);
      otherConsole.socket.close();
    } finally {
      await node.close();
    }
  });
});

describe('a console opened from another site', () => {
  it('is refused, while the center’s own pages connect', async () => {
    const agent = await createSignedInUser(server.app);
    const open = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = connectSocket(server.url, { transports: ['websocket'], extraHeaders: { Cookie: agent.cookie, Origin: origin }, reconnection: false });
        socket.once('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.once('connect_error', () => resolve('refused'));
      });
    expect(await open('https://evil.example')).toBe('refused');
    expect(await open(new URL(server.config.PUBLIC_URL).origin)).toBe('connected');
  });
});

describe('the viewers of a ticket', () => {
  it('are only those allowed to see it: an agent of another team cannot join its room', async () => {
    const member = await createSignedInUser(server.app);
    const outsider = await createSignedInUser(server.app);
    const supervisor = await createSignedInUser(server.app, 'supervisor');
    const team = await TeamModel.create({
      key: `viewers-${Date.now()}`,
      name: { ar: 'فريق', fr: 'Équipe', en: 'Team' },
      memberIds: [new mongoose.Types.ObjectId(member.user.id)],
    });
    const ticket = await postTicket(server.app, supervisor.cookie);
    const moved = await server.app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: ticket.version, teamId: team._id.toString() }, supervisor.cookie));
    expect(moved.status).toBe(200);

    const memberConsole = await openConsole(server.url, member.cookie);
    const outsiderConsole = await openConsole(server.url, outsider.cookie);
    const supervisorConsole = await openConsole(server.url, supervisor.cookie);
    const seen: TViewingNotice[] = [];
    memberConsole.socket.on('ticket.viewers', (notice) => seen.push(notice));
    memberConsole.socket.emit('ticket.view', { ticketId: ticket.id, activity: 'viewing' });
    await expect.poll(async () => (await server.io.in(`ticket:${ticket.id}`).fetchSockets()).length).toBe(1);

    outsiderConsole.socket.emit('ticket.view', { ticketId: ticket.id, activity: 'viewing' });
    const supervisorSeen = nextMatching<TViewingNotice>(memberConsole.socket, 'ticket.viewers', (notice) => notice.userId === supervisor.user.id);
    supervisorConsole.socket.emit('ticket.view', { ticketId: ticket.id, activity: 'viewing' });
    await supervisorSeen;

    const viewers = (await server.io.in(`ticket:${ticket.id}`).fetchSockets()).map((socket) => socket.data.userId);
    expect(viewers.sort()).toEqual([member.user.id, supervisor.user.id].sort());
    expect(seen.map((notice) => notice.userId)).not.toContain(outsider.user.id);
    for (const console of [memberConsole, outsiderConsole, supervisorConsole]) console.socket.close();
  });
});

describe('a console catching up', () => {
  it('gets a snapshot, not a replay, for impossible numbers, too many rooms, or a second sync at once', async () => {
    const agent = await createSignedInUser(server.app);
    const { socket, welcome } = await openConsole(server.url, agent.cookie);
    const userRoom = `user:${agent.user.id}`;
    expect(welcome).toHaveProperty(userRoom);

    const negative = await sync(socket, { rooms: { [userRoom]: -500 } });
    expect(negative).toEqual({ rooms: {} });
    // Fifty rooms at most, the console's own among them.
    const otherRooms = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`room:${index}`, 0]));
    const tooMany = await sync(socket, { rooms: { ...otherRooms(50), [userRoom]: welcome[userRoom]! } });
    expect(tooMany).toEqual({ rooms: {} });

    const first = await sync(socket, { rooms: { ...otherRooms(49), [userRoom]: welcome[userRoom]! } });
    expect(first.rooms[userRoom]).toEqual({ events: [], lastSeq: welcome[userRoom] });
    const again = await sync(socket, { rooms: { [userRoom]: welcome[userRoom]! } });
    expect(again.rooms[userRoom]).toEqual({ snapshot: true, lastSeq: welcome[userRoom] });

    // At most 200 stored events are replayed; a console further behind refetches instead.
    const before = welcome[userRoom]!;
    for (let index = 0; index < 201; index += 1) {
      await server.hub.publish('agent.presence', { userId: agent.user.id, state: index % 2 === 0 ? 'away' : 'available', at: new Date().toISOString() }, [userRoom]);
    }
    await clock.advance(1_000);
    expect((await sync(socket, { rooms: { [userRoom]: before } })).rooms[userRoom]).toEqual({ snapshot: true, lastSeq: before + 201 });
    await clock.advance(1_000);
    const replayed = (await sync(socket, { rooms: { [userRoom]: before + 1 } })).rooms[userRoom];
    expect(replayed && 'events' in replayed ? replayed.events.map((event) => event.seq) : replayed).toEqual(Array.from({ length: 200 }, (_, index) => before + 2 + index));
    socket.close();
  });
});
