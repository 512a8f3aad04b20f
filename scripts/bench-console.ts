// npm run bench:console — 50 agent consoles follow a queue of 5,000 open tickets while tickets are
// created and changed at 20 a second: how soon each console shows each change, how many list
// requests a console sends per event, and whether every console's queue page equals the server's
// at the end. Each console keeps its page as the web app does: patched by the shared placeTicket, read
// again only when that cannot decide.
// Sizes: BENCH_CONSOLES (50), BENCH_OPEN_TICKETS (5000), BENCH_EVENT_RATE (20 per second), BENCH_SECONDS (15).
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import mongoose from 'mongoose';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { createApp } from '../server/src/app.js';
import { createModules } from '../server/src/composition.js';
import { loadConfig } from '../server/src/config.js';
import { createLogger } from '../server/src/logger.js';
import { createSession } from '../server/src/modules/auth/sessions.service.js';
import { createLiveTicketDirectory } from '../server/src/modules/tickets/live-ticket-directory.js';
import { PRIORITY_RANK, TicketModel } from '../server/src/modules/tickets/ticket.model.js';
import { hashPassword } from '../server/src/modules/users/password.js';
import { UserModel } from '../server/src/modules/users/user.model.js';
import { createRealtimeHub } from '../server/src/realtime/realtime-hub.js';
import { createSocketServer } from '../server/src/realtime/socket-server.js';
import type { TEventEnvelope } from '@mowakaba/shared/events';
import { ZTicketListQuery, type TTicket, type TTicketList } from '@mowakaba/shared/schemas/tickets';
import { placeTicket } from '@mowakaba/shared/tickets/ticket-list-match';
import { withBenchDatabase } from './bench-database.js';
import { ms, percentile } from './bench-load.js';

const CONSOLES = Number(process.env.BENCH_CONSOLES ?? 50);
const OPEN_TICKETS = Number(process.env.BENCH_OPEN_TICKETS ?? 5_000);
const EVENT_RATE = Number(process.env.BENCH_EVENT_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

const QUEUE = { status: 'new,open,pending,on-hold', sort: 'queue', limit: '25' };
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** A console as the web app keeps it: the queue page, patched by events, read again only when undecided. */
function startConsole(base: string, cookie: string, userId: string, stats: { listRequests: number; delays: number[] }) {
  const query = ZTicketListQuery.parse(QUEUE);
  let page: TTicketList = { items: [], nextCursor: null };
  const fetchPage = async () => {
    stats.listRequests += 1;
    const response = await fetch(`${base}/api/tickets?${new URLSearchParams(QUEUE).toString()}`, { headers: { Cookie: cookie } });
    page = (await response.json()) as TTicketList;
  };
  const socket: Socket = connectSocket(base, { transports: ['websocket'], extraHeaders: { Cookie: cookie }, reconnection: false });
  socket.on('event', (envelope: TEventEnvelope) => {
    if (envelope.event !== 'ticket.created' && envelope.event !== 'ticket.updated') return;
    const { ticket } = envelope.payload as { ticket: TTicket };
    const placed = placeTicket(page, ticket, query, { userId, teamIds: null }, false);
    if (placed === 'undecided') void fetchPage();
    else page = placed;
    stats.delays.push(Date.now() - Date.parse(envelope.at));
  });
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('welcome', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    async open() {
      await ready;
      await fetchPage();
    },
    page: () => page,
    close: () => socket.close(),
  };
}

async function main(databaseLabel: string) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1' });
  const sessionSettings = { secret: randomBytes(32).toString('hex'), ttlMs: 3_600_000 };
  const logger = createLogger('silent');
  const hub = createRealtimeHub({ logger });
  const ticketDirectory = createLiveTicketDirectory(hub.feed);
  const app = createApp(createModules({ config, logger, connection: mongoose.connection, sessionSettings, publisher: hub, ticketDirectory }));
  const httpServer = await new Promise<HttpServer>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server as HttpServer)) as HttpServer;
  });
  createSocketServer(httpServer, { sessionSettings, publicUrl: config.PUBLIC_URL, logger, hub });
  const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  console.log(`Mowakaba console benchmark — database: ${databaseLabel}`);

  const priorities = ['low', 'normal', 'normal', 'high', 'urgent'] as const;
  const start = Date.now() - OPEN_TICKETS * 60_000;
  await TicketModel.insertMany(
    Array.from({ length: OPEN_TICKETS }, (_, index) => {
      const priority = priorities[index % priorities.length]!;
      const createdAt = new Date(start + index * 60_000);
      return {
        reference: `T-2026-${String(900_000 + index)}`,
        subject: `طلب رقم ${index}`,
        channel: 'web',
        language: 'ar',
        topic: 'funding',
        priority,
        priorityRank: PRIORITY_RANK[priority],
        status: index % 3 === 0 ? 'open' : 'new',
        createdAt,
        updatedAt: createdAt,
      };
    }),
    { lean: true },
  );

  const passwordHash = await hashPassword('benchmark password');
  const users = await UserModel.insertMany(
    Array.from({ length: CONSOLES + 1 }, (_, index) => ({ email: `console-${index}@mowakaba.test`, name: `Agent ${index}`, role: index === 0 ? 'supervisor' : 'agent', passwordHash })),
  );
  const cookieOf = async (userId: string) => `mowakaba_session=${await createSession(userId, sessionSettings)}`;
  const writer = await cookieOf(users[0]!._id.toString());
  const stats = { listRequests: 0, delays: [] as number[] };
  const consoles = await Promise.all(users.slice(1).map(async (user) => startConsole(base, await cookieOf(user._id.toString()), user._id.toString(), stats)));
  for (const console of consoles) await console.open();
  const openingRequests = stats.listRequests;

  // Tickets are created and changed at a steady rate: new ones, and priorities raised on recent ones.
  const recent: TTicket[] = [];
  const send = async (index: number) => {
    const change = index % 2 === 1 && recent.length > 0 ? recent.shift()! : undefined;
    const response = change
      ? await fetch(`${base}/api/tickets/${change.id}`, {
          method: 'PATCH',
          headers: { Cookie: writer, 'Content-Type': 'application/json' },
          body: JSON.stringify({ version: change.version, priority: index % 4 === 1 ? 'urgent' : 'low' }),
        })
      : await fetch(`${base}/api/tickets`, {
          method: 'POST',
          headers: { Cookie: writer, 'Content-Type': 'application/json' },
          body: JSON.stringify({ subject: `جديد ${index}`, channel: 'web', language: 'ar', topic: 'funding', priority: priorities[index % priorities.length] }),
        });
    if (response.ok) recent.push((await response.json()) as TTicket);
  };
  const events = SECONDS * EVENT_RATE;
  const started = Date.now();
  const sent: Array<Promise<void>> = [];
  for (let index = 0; index < events; index += 1) {
    const due = started + (index * 1000) / EVENT_RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    sent.push(send(index));
  }
  await Promise.all(sent);
  await sleep(2_000);

  const truth = (await (await fetch(`${base}/api/tickets?${new URLSearchParams(QUEUE).toString()}`, { headers: { Cookie: writer } })).json()) as TTicketList;
  const expected = truth.items.map((item) => `${item.id}:${item.version}`).join();
  const current = consoles.filter((console) => console.page().items.slice(0, truth.items.length).map((item) => `${item.id}:${item.version}`).join() === expected).length;
  const requestsPerEvent = (stats.listRequests - openingRequests) / (consoles.length * events);
  console.log(`events: ${events} ticket changes at ${EVENT_RATE}/s to ${consoles.length} consoles over a queue of ${OPEN_TICKETS} open tickets`);
  console.log(`event to console: p50 ${ms(percentile(stats.delays, 0.5))}, p99 ${ms(percentile(stats.delays, 0.99))}, max ${ms(Math.max(...stats.delays))} (target: every console current within 1 s)`);
  console.log(`list requests per console per event: ${requestsPerEvent.toFixed(3)} (target ≤ 0.1)`);
  console.log(`consoles whose queue page equals the server's after the run: ${current}/${consoles.length}`);
  for (const console of consoles) console.close();
  httpServer.closeAllConnections();
  httpServer.close();
}

await withBenchDatabase(main);
