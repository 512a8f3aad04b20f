import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '@mowakaba/shared/events';
import { createLogger } from '../../server/src/logger.js';
import { useRedisAdapter } from '../../server/src/realtime/redis-adapter.js';
import { createSocketServer, type RealtimeServer } from '../../server/src/realtime/socket-server.js';
import { createTestApp, type TestApp } from './test-app.js';

export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer extends TestApp {
  url: string;
  io: RealtimeServer;
  close(): Promise<void>;
}

/** The real app and socket.io on a real port, as one node; with `redisUrl`, sharing events through Redis. */
export async function startTestServer(
  options: {
    redisUrl?: string;
    sessionSecret?: string;
    presenceGraceMs?: number;
    sessionSweepMs?: number;
    environment?: Record<string, string>;
    extra?: Parameters<typeof createTestApp>[2];
  } = {},
): Promise<TestServer> {
  const testApp = createTestApp(options.environment ?? {}, options.sessionSecret, options.extra);
  const httpServer = await new Promise<HttpServer>((resolve) => {
    const server = serve({ fetch: testApp.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server as HttpServer)) as HttpServer;
  });
  const io = createSocketServer(httpServer, {
    sessionSettings: testApp.sessionSettings,
    publicUrl: testApp.config.PUBLIC_URL,
    logger: createLogger('silent'),
    hub: testApp.hub,
    presenceGraceMs: options.presenceGraceMs,
    scope: testApp.modules.scope,
    sessionSweepMs: options.sessionSweepMs,
    trustProxy: testApp.config.TRUST_PROXY,
  });
  const closeRedis = options.redisUrl ? await useRedisAdapter(io, options.redisUrl) : undefined;
  if (closeRedis) testApp.hub.shareAcrossNodes();
  const { port } = httpServer.address() as AddressInfo;
  return {
    ...testApp,
    url: `http://127.0.0.1:${port}`,
    io,
    async close() {
      testApp.hub.detach();
      testApp.modules.stop();
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
        httpServer.closeAllConnections();
      });
      await closeRedis?.();
    },
  };
}

/** A console's socket signed in with the given session cookie, connected. */
export async function connectConsole(url: string, cookie: string): Promise<ConsoleSocket> {
  const socket: ConsoleSocket = connectSocket(url, { transports: ['websocket'], extraHeaders: { Cookie: cookie }, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** A console connected and welcomed: it knows its rooms and their current numbers. */
export async function openConsole(url: string, cookie: string): Promise<{ socket: ConsoleSocket; welcome: Record<string, number> }> {
  const socket: ConsoleSocket = connectSocket(url, { transports: ['websocket'], extraHeaders: { Cookie: cookie }, reconnection: false });
  const welcome = await new Promise<Record<string, number>>((resolve, reject) => {
    socket.once('welcome', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, welcome };
}

/**
 * Resolves with the first value `predicate` accepts from `event`, or rejects after the timeout. An
 * event comes in milliseconds; the timeout only bounds a failure, and is long because a loaded CI
 * machine held deliveries past 5 s in three different realtime tests across this day's runs.
 */
export function nextMatching<T>(socket: ConsoleSocket, event: 'event' | 'event.live' | 'ticket.viewers' | 'welcome', predicate: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (value: T) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(value);
    };
    socket.on(event, listener as never);
  });
}

/**
 * One test server for the calling file, started before its tests and closed after them with every
 * console opened through `openConsole`.
 */
export function useTestServer() {
  let server: TestServer | undefined;
  const sockets: ConsoleSocket[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
  });
  return {
    get server(): TestServer {
      return server!;
    },
    async openConsole(cookie: string) {
      const opened = await openConsole(server!.url, cookie);
      sockets.push(opened.socket);
      return opened;
    },
  };
}
