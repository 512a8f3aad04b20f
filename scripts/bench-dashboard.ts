/**
 * Dashboard benchmark: `npm run bench:dashboard`. Loads synthetic tickets, calls and messages spread
 * over the last 12 months into a throwaway database (embedded FerretDB, or MONGODB_URI), builds the
 * rollups with the rebuild (the same contribution functions the live feed uses), then prints p50/p95
 * of history (30 days and 12 months, with and without filters; every answer carries the five
 * breakdowns and the heatmap), the CSV of 12 months by day, the live snapshot, and the delay from an
 * event to the `dashboard.live` that shows it. Sizes: BENCH_TICKETS (1,000,000), BENCH_CALLS
 * (600,000), BENCH_MESSAGES (300,000), BENCH_QUERIES (20).
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { REGION_KEYS, TICKET_CHANNELS, TOPIC_KEYS } from '../shared/src/constants.js';
import type { TDashboardHistoryQuery } from '../shared/src/schemas/dashboard.js';
import { createLogger } from '../server/src/logger.js';
import { CallArchiveModel } from '../server/src/modules/calls/call.model.js';
import { dashboardCsvLines } from '../server/src/modules/dashboard/dashboard-csv.js';
import { createDashboardFeed } from '../server/src/modules/dashboard/dashboard-feed.js';
import { localDateOf } from '../server/src/modules/dashboard/domain/local-time.js';
import { getDashboardHistory } from '../server/src/modules/dashboard/get-dashboard-history.js';
import { getLiveSnapshot } from '../server/src/modules/dashboard/get-live-snapshot.js';
import { startLiveBroadcast } from '../server/src/modules/dashboard/live-broadcast.js';
import { rebuildRollups } from '../server/src/modules/dashboard/rebuild-rollups.js';
import { MessageModel } from '../server/src/modules/messages/message.model.js';
import { TeamModel } from '../server/src/modules/teams/team.model.js';
import { LiveTicketDirectory } from '../server/src/modules/tickets/live-ticket-directory.js';
import { summarizeTicket } from '../server/src/modules/tickets/ticket-summary.js';
import { TicketModel } from '../server/src/modules/tickets/ticket.model.js';
import { toTicketDto } from '../server/src/modules/tickets/tickets.service.js';
import { withBenchDatabase } from './bench-database.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 600_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 300_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 20);
const YEAR_MS = 365 * 86_400_000;
const BATCH = 2_000;

let seed = 20_261_205;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * values.length) - 1)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function timed(label: string, run: () => Promise<unknown>): Promise<void> {
  const durations: number[] = [];
  await run();
  for (let index = 0; index < QUERIES; index += 1) {
    const started = performance.now();
    await run();
    durations.push(performance.now() - started);
  }
  console.log(`${label.padEnd(52)} p50 ${ms(percentile(durations, 0.5))}, p95 ${ms(percentile(durations, 0.95))}`);
}

async function insertInBatches(total: number, collection: mongoose.mongo.Collection, make: (index: number) => Record<string, unknown>) {
  for (let start = 0; start < total; start += BATCH) {
    await collection.insertMany(Array.from({ length: Math.min(BATCH, total - start) }, (_, offset) => make(start + offset)), { ordered: false });
    process.stderr.write(`\r${collection.collectionName}: ${Math.min(start + BATCH, total)}/${total}   `);
  }
  process.stderr.write('\n');
}

await withBenchDatabase(async (databaseLabel) => {
  console.log(`Dashboard benchmark on ${databaseLabel}: ${TICKETS} tickets, ${CALLS} calls, ${MESSAGES} messages over 12 months`);
  const teams = await TeamModel.insertMany(
    ['accueil', 'juridique', 'financement', 'numerique'].map((key) => ({ key, name: { ar: key, fr: key, en: key }, skills: { languages: ['ar', 'fr'], topics: [] }, memberIds: [] })),
  );
  const teamIds = teams.map((team) => team._id);
  const agentIds = Array.from({ length: 40 }, () => new mongoose.Types.ObjectId());
  const now = Date.now();
  const at = () => new Date(now - random() * YEAR_MS);

  const loadStarted = performance.now();
  await insertInBatches(TICKETS, TicketModel.collection, (index) => {
    const createdAt = at();
    const solved = random() < 0.9 && createdAt.getTime() < now - 86_400_000;
    const responded = random() < 0.95;
    return {
      reference: `T-B-${index}`,
      subject: 'Demande',
      description: '',
      channel: pick(TICKET_CHANNELS),
      language: 'ar',
      topic: pick(TOPIC_KEYS),
      priority: 'normal',
      priorityRank: 1,
      status: solved ? 'closed' : 'open',
      region: pick([...REGION_KEYS, null]),
      teamId: pick(teamIds),
      assigneeId: pick(agentIds),
      tags: [],
      custom: {},
      sla: { firstRespondedAt: responded ? new Date(createdAt.getTime() + random() * 2 * 86_400_000) : null, firstResponseBreached: false, resolutionBreached: false },
      satisfaction: solved && random() < 0.3 ? { rating: 1 + Math.floor(random() * 5), answeredAt: new Date(createdAt.getTime() + 3 * 86_400_000) } : null,
      solvedAt: solved ? new Date(createdAt.getTime() + random() * 10 * 86_400_000) : null,
      version: 3,
      createdAt,
      updatedAt: createdAt,
    };
  });
  await insertInBatches(CALLS, CallArchiveModel.collection, () => {
    const createdAt = at();
    const result = pick(['answered', 'answered', 'answered', 'abandoned', 'callback-requested', 'voicemail'] as const);
    return {
      _id: `CA${randomBytes(16).toString('hex')}`,
      direction: 'inbound',
      phase: 'ended',
      status: 'completed',
      result,
      topic: pick(TOPIC_KEYS),
      teamId: pick(teamIds),
      agentId: result === 'answered' ? pick(agentIds) : null,
      queuedAt: result === 'voicemail' ? null : createdAt,
      queueWaitSeconds: Math.floor(random() * 120),
      talkSeconds: result === 'answered' ? Math.floor(random() * 600) : null,
      facts: [],
      statusTimes: {},
      endedAt: createdAt,
      createdAt,
      updatedAt: createdAt,
    };
  });
  await insertInBatches(MESSAGES, MessageModel.collection, () => {
    const createdAt = at();
    return { _id: `SM${randomBytes(16).toString('hex')}`, direction: pick(['inbound', 'outbound'] as const), channel: pick(['sms', 'whatsapp'] as const), status: 'delivered', media: [], body: '', createdAt, updatedAt: createdAt };
  });
  console.log(`load: ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

  const rebuildStarted = performance.now();
  const rebuilt = await rebuildRollups();
  const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
  console.log(`rebuild: ${rebuilt.records} records into ${rebuilt.cells} rollup cells in ${rebuildSeconds.toFixed(1)} s (${Math.round(rebuilt.records / rebuildSeconds)} records/s)`);

  const today = localDateOf(now);
  const daysAgo = (days: number) => localDateOf(now - days * 86_400_000);
  const query = (from: string, interval: TDashboardHistoryQuery['interval'], filters: Partial<TDashboardHistoryQuery> = {}): TDashboardHistoryQuery => ({ from, to: today, interval, lang: 'fr', ...filters });
  const team = teamIds[1]!.toString();
  await timed('history 30 days by day', () => getDashboardHistory(query(daysAgo(29), 'day')));
  await timed('history 30 days by day, team filter', () => getDashboardHistory(query(daysAgo(29), 'day', { team })));
  await timed('history 12 months by month', () => getDashboardHistory(query(daysAgo(364), 'month')));
  await timed('history 12 months by day, topic + channel filter', () => getDashboardHistory(query(daysAgo(364), 'day', { topic: 'funding', channel: 'web' })));
  await timed('history 12 months by week, agent filter', () => getDashboardHistory(query(daysAgo(364), 'week', { agent: agentIds[3]!.toString() })));
  await timed('CSV 12 months by day', async () => [...dashboardCsvLines(await getDashboardHistory(query(daysAgo(364), 'day')))].join(''));
  await timed('CSV 12 months, agent breakdown', async () => [...dashboardCsvLines(await getDashboardHistory(query(daysAgo(364), 'day')), 'agent')].join(''));

  const activeTickets = new LiveTicketDirectory();
  await activeTickets.ensureLoaded();
  await timed('live snapshot', () => getLiveSnapshot(activeTickets, new Date()));

  // Event to `dashboard.live`: a new ticket taken by the feed, until a snapshot counts it.
  const logger = createLogger('silent');
  const feed = createDashboardFeed({ logger });
  let waiting: { backlog: number; started: number; resolve: (delay: number) => void } | undefined;
  const stop = startLiveBroadcast({
    feed,
    activeTickets,
    logger,
    publisher: {
      async publish(_event, payload) {
        const backlog = (payload as { totals: { backlog: { total: number } } }).totals.backlog.total;
        if (waiting && backlog >= waiting.backlog) waiting.resolve(performance.now() - waiting.started);
      },
    },
  });
  const delays: number[] = [];
  for (let sample = 0; sample < Math.max(5, Math.min(QUERIES, 20)); sample += 1) {
    const created = await TicketModel.create({ reference: `T-E-${sample}`, subject: 'Demande', channel: 'web', language: 'ar', topic: 'funding', status: 'new', teamId: teamIds[0], version: 0 });
    const ticket = toTicketDto(created.toObject());
    const expected = activeTickets.activeTickets().length + 1;
    const delay = await new Promise<number>((resolve) => {
      waiting = { backlog: expected, started: performance.now(), resolve };
      activeTickets.directory.apply(summarizeTicket(ticket));
      feed.take('ticket.created', { ticket, actorId: null });
    });
    delays.push(delay);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
  }
  stop();
  await feed.settled();
  console.log(`${'event to dashboard.live'.padEnd(52)} p50 ${ms(percentile(delays, 0.5))}, p99 ${ms(percentile(delays, 0.99))}`);
});
