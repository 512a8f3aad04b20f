import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveConnection } from '../../web/src/lib/live-connection.js';

/**
 * A bare socket.io server that welcomes each connection with the rooms the test gives it next, then
 * sends a live event: once the console has it, it has handled the welcome (a socket keeps order).
 */
async function startWelcomingServer() {
  const http = createServer();
  const io = new Server(http, { path: '/socket.io' });
  const welcomes: Array<Record<string, number>> = [];
  let connections = 0;
  io.on('connection', (socket) => {
    connections += 1;
    socket.emit('welcome', welcomes.shift() ?? {});
    socket.emit('event.live', { id: `after-welcome-${connections}`, room: 'user:1', event: 'ticket.removed', payload: { ticketId: 'none' }, at: new Date().toISOString() });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    welcomeNextWith: (rooms: Record<string, number>) => welcomes.push(rooms),
    /** Cuts each console's transport, as a network drop would (socket.io then reconnects by itself). */
    cutConsoles: () => {
      for (const socket of io.sockets.sockets.values()) socket.conn.close();
    },
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

let cleanUp: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanUp.reverse()) await step();
  cleanUp = [];
});

describe('a console joining its rooms', () => {
  it('reads again what events keep current when it joins a room for the first time, not when it comes back to rooms it follows', async () => {
    const server = await startWelcomingServer();
    cleanUp.push(server.close);
    let joins = 0;
    let staleReports = 0;
    const welcomesHandled: string[] = [];
    server.welcomeNextWith({ 'user:1': 0, 'role:supervisor': 12 });
    const connection = new LiveConnection(
      { onEvent: (envelope) => welcomesHandled.push(envelope.id), onStale: () => (staleReports += 1), onJoinedRooms: () => (joins += 1), onViewers: () => undefined, onStatus: () => undefined },
      { url: server.url },
    );
    cleanUp.push(() => connection.close());

    // First join: the waiting list read at page load may have missed a caller queued while the socket connected.
    await expect.poll(() => welcomesHandled).toEqual(['after-welcome-1']);
    expect(joins).toBe(1);

    // Back in the same rooms, nothing sent meanwhile: nothing to read again.
    server.welcomeNextWith({ 'user:1': 0, 'role:supervisor': 12 });
    server.cutConsoles();
    await expect.poll(() => welcomesHandled, { timeout: 10_000 }).toEqual(['after-welcome-1', 'after-welcome-2']);
    expect(joins).toBe(1);

    // Put in a new team meanwhile: its room's earlier events never reached this console.
    server.welcomeNextWith({ 'user:1': 0, 'role:supervisor': 12, 'team:7': 3 });
    server.cutConsoles();
    await expect.poll(() => welcomesHandled, { timeout: 10_000 }).toHaveLength(3);
    expect(joins).toBe(2);
    // Nothing was missed beyond the replay window: no refetch of everything on screen.
    expect(staleReports).toBe(0);
  });
});
