// npm run bench:queue — ticket creation over HTTP, queue lists over a large ticket collection, and
// fan-out of ticket.created to many agent consoles, on the embedded FerretDB (or MONGODB_URI).
// Sizes: BENCH_TICKETS (default 100000), BENCH_SOCKETS (500), BENCH_CREATE_SECONDS (10),
// BENCH_CREATE_RATE (100 per second), BENCH_LIST_QUERIES (100 per queue view), BENCH_HISTORY_QUERIES (10:
// a history view reads the whole collection on FerretDB).
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import mongoose from 'mongoose';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { createApp } from '../server/src/app.js';
import { createModules } from '../server/src/composition.js';
import { loadConfig } from '../server/src/config.js';
import { toSortDocument } from '../server/src/database/cursor.js';
import { createLogger } from '../server/src/logger.js';
import { createSession } from '../server/src/modules/auth/sessions.service.js';
import { createLiveTicketDirectory } from '../server/src/modules/tickets/live-ticket-directory.js';
import { PRIORITY_RANK, TicketModel } from '../server/src/modules/tickets/ticket.model.js';
import { buildTicketFilter, SORTS } from '../server/src/modules/tickets/tickets.service.js';
import { hashPassword } from '../server/src/modules/users/password.js';
import { UserModel } from '../server/src/modules/users/user.model.js';
import { createRealtimeHub } from '../server/src/realtime/realtime-hub.js';
import { createSocketServer } from '../server/src/realtime/socket-server.js';
import type { TEventEnvelope } from '@mowakaba/shared/events';
import { ZTicketListQuery } from '@mowakaba/shared/schemas/tickets';
import { startCpuCount, withBenchDatabase } from './bench-database.js';
import { ms, percentile, runLoad, summarizeLoad, type LoadRequest } from './bench-load.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 500);
const CREATE_SECONDS = Number(process.env.BENCH_CREATE_SECONDS ?? 10);
const CREATE_RATE = Number(process.env.BENCH_CREATE_RATE ?? 100);
const LIST_QUERIES = Number(process.env.BENCH_LIST_QUERIES ?? 100);
const HISTORY_QUERIES = Number(process.env.BENCH_HISTORY_QUERIES ?? 10);

const VIEWS = [
  ['active queue', 'status=new,open,pending&sort=queue&limit=25'],
  ['mine', 'assignee=me&status=new,open,pending&limit=25'],
  ['unassigned', 'assignee=none&status=new&limit=25'],
  ['history (database)', 'status=closed&sort=-updatedAt&limit=25'],
] as const;

interface PlanStage {
  stage?: string;
  indexName?: string;
  inputStage?: PlanStage;
}

/** One line of an explain: MongoDB's winning plan stages (with the index), or FerretDB's SQLite plan and pushdowns. */
function describePlan(explain: unknown): string {
  const result = explain as { queryPlanner?: { winningPlan?: PlanStage; Plan?: string[] }; filterPushdown?: boolean; sortPushdown?: boolean };
  const winning = result.queryPlanner?.winningPlan;
  if (winning) {
    const stages: string[] = [];
    for (let stage: PlanStage | undefined = winning; stage; stage = stage.inputStage) stages.push(stage.indexName ? `${stage.stage}(${stage.indexName})` : String(stage.stage));
    return stages.join(' ← ');
  }
  const sqlite = (result.queryPlanner?.Plan ?? []).map((line) => line.replace(/^.*detail=/, '')).join('; ');
  return `SQLite ${sqlite}; filter pushed down: ${result.filterPushdown ?? false}, sort pushed down: ${result.sortPushdown ?? false}`;
}

async function main(databaseLabel: string, databasePid?: number) {

  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1' });
  const sessionSettings = { secret: randomBytes(32).toString('hex'), ttlMs: 3_600_000 };
  const logger = createLogger('silent');
  const hub = createRealtimeHub({ logger });
  const ticketDirectory = createLiveTicketDirectory(hub.feed);
  const app = createApp(createModules({ config, logger, connection: mongoose.connection, sessionSettings, publisher: hub, ticketDirectory }));
  const httpServer = await new Promise<HttpServer>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server as HttpServer)) as HttpServer;
  });
  const io = createSocketServer(httpServer, { sessionSettings, publicUrl: config.PUBLIC_URL, logger, hub });
  const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  console.log(`Mowakaba queue benchmark — database: ${databaseLabel}`);

  const passwordHash = await hashPassword('benchmark password');
  // A room of agents creating tickets, each from their own session.
  const creators = await UserModel.insertMany(
    Array.from({ length: 20 }, (_, index) => ({ email: `bench-agent-${index}@mowakaba.test`, name: `Bench ${index}`, role: 'agent', passwordHash })),
  );
  const cookies = await Promise.all(creators.map(async (agent) => `mowakaba_session=${await createSession(agent._id.toString(), sessionSettings)}`));
  const body = JSON.stringify({ subject: 'طلب دعم لمشروع تكوين', description: 'x'.repeat(200), channel: 'voice', language: 'ar', topic: 'funding', priority: 'normal' });
  const createTicket = () => fetch(`${base}/api/tickets`, { method: 'POST', headers: { Cookie: cookies[0]!, 'Content-Type': 'application/json' }, body });

  // 1. Creation at a steady rate over HTTP, from a room of agents' sessions.
  const total = CREATE_SECONDS * CREATE_RATE;
  const warmUp = 2 * CREATE_RATE;
  const creations = Array.from({ length: warmUp + total }, (_, index): LoadRequest => ({
    method: 'POST',
    path: '/api/tickets',
    headers: { Cookie: cookies[index % cookies.length]!, 'Content-Type': 'application/json' },
    body,
  }));
  const cpuPerCreate = startCpuCount(databasePid);
  const creation = await runLoad(base, creations, { rate: CREATE_RATE, warmUp });
  if (creation.statuses['201'] !== creations.length) throw new Error(`creation answered ${JSON.stringify(creation.statuses)}`);
  console.log(`create: ${total} tickets in ${creation.seconds.toFixed(1)} s (${(total / creation.seconds).toFixed(0)}/s offered ${CREATE_RATE}/s), ${summarizeLoad(creation)}`);
  console.log(`create: ${cpuPerCreate(creations.length, creation.cpuMs)}`);

  // 2. Fan-out of ticket.created to many agent consoles.
  const users = await UserModel.insertMany(
    Array.from({ length: SOCKETS }, (_, index) => ({ email: `console-${index}@mowakaba.test`, name: `Agent ${index}`, role: 'agent', passwordHash })),
  );
  const consoles: Socket[] = [];
  for (const user of users) {
    const token = await createSession(user._id.toString(), sessionSettings);
    const socket = connectSocket(base, { transports: ['websocket'], extraHeaders: { Cookie: `mowakaba_session=${token}` }, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('welcome', () => resolve());
      socket.once('connect_error', reject);
    });
    consoles.push(socket);
  }
  const deliveries: number[] = [];
  for (const socket of consoles) {
    socket.on('event', (envelope: TEventEnvelope) => {
      if (envelope.event === 'ticket.created' && envelope.room === 'role:agent') deliveries.push(Date.now() - Date.parse(envelope.at));
    });
  }
  const FANOUT_EVENTS = 20;
  for (let index = 0; index < FANOUT_EVENTS; index += 1) {
    await (await createTicket()).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  console.log(
    `fan-out: ${deliveries.length}/${FANOUT_EVENTS * SOCKETS} deliveries of ticket.created to ${SOCKETS} consoles, p50 ${ms(percentile(deliveries, 0.5))}, p99 ${ms(percentile(deliveries, 0.99))}`,
  );
  for (const socket of consoles) socket.close();

  // 3. Queue lists over a large collection: 95 % of it history (solved, closed), 5 % active.
  const existing = await TicketModel.estimatedDocumentCount();
  const statuses = ['solved', 'closed', 'closed', 'closed', 'solved', 'closed', 'closed', 'solved', 'closed', 'closed', 'closed', 'solved', 'closed', 'closed', 'closed', 'closed', 'closed', 'solved', 'closed', 'new'] as const;
  const priorities = ['low', 'normal', 'normal', 'high', 'urgent'] as const;
  const loadStarted = performance.now();
  for (let offset = existing; offset < TICKETS; offset += 1000) {
    const batch = Array.from({ length: Math.min(1000, TICKETS - offset) }, (_, index) => {
      const number = offset + index;
      const priority = priorities[number % priorities.length]!;
      return {
        reference: `T-2025-${String(number).padStart(6, '0')}`,
        subject: `Demande ${number}`,
        channel: 'voice',
        language: number % 3 === 0 ? 'fr' : 'ar',
        topic: 'funding',
        priority,
        priorityRank: PRIORITY_RANK[priority],
        status: statuses[number % statuses.length],
        assigneeId: number % 7 === 0 ? creators[0]!._id : null,
        tags: [],
        createdAt: new Date(Date.now() - number * 60_000),
        updatedAt: new Date(Date.now() - number * 30_000),
      };
    });
    await TicketModel.collection.insertMany(batch);
  }
  console.log(`list: ${TICKETS} tickets loaded in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`);
  // A node reads its active tickets once (in the background at start); time that apart.
  const indexLoadStarted = performance.now();
  await (await fetch(`${base}/api/tickets?status=new&limit=1`, { headers: { Cookie: cookies[0]! } })).arrayBuffer();
  console.log(`list: in-memory queue index loaded in ${ms(performance.now() - indexLoadStarted)}`);
  for (const [view, query] of VIEWS) {
    const times: number[] = [];
    const queries = view.startsWith('history') ? HISTORY_QUERIES : LIST_QUERIES;
    for (let index = 0; index < queries; index += 1) {
      const sent = performance.now();
      const response = await fetch(`${base}/api/tickets?${query}`, { headers: { Cookie: cookies[0]! } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`list answered ${response.status}`);
      times.push(performance.now() - sent);
    }
    console.log(`list ${view}: p50 ${ms(percentile(times, 0.5))}, p95 ${ms(percentile(times, 0.95))} over ${queries} queries`);
  }

  // How the database would answer each view by itself (the active views above come from the
  // in-memory index): MongoDB names the index it uses, FerretDB says what it pushes down to SQLite.
  const actor = { id: creators[0]!._id.toString(), role: 'agent' };
  for (const [view, query] of VIEWS) {
    const parsed = ZTicketListQuery.parse(Object.fromEntries(new URLSearchParams(query)));
    const filter = buildTicketFilter(parsed, actor, { everything: true });
    const plan = await TicketModel.find(filter).sort(toSortDocument(SORTS[parsed.sort])).limit(parsed.limit).explain('queryPlanner');
    console.log(`explain ${view}: ${describePlan(plan)}`);
  }

  await new Promise<void>((resolve) => {
    void io.close(() => resolve());
    httpServer.closeAllConnections();
  });
}

withBenchDatabase(main).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
