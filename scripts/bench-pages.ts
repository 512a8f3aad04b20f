/**
 * Ordered list pages (issue 14): ticket timelines, association histories, the call log and a
 * conversation's messages, read a page at a time with 20 concurrent users.
 *
 *   node --max-semi-space-size=64 --import tsx scripts/bench-pages.ts
 *   sizes: BENCH_TICKETS (100000; 3 entries, 0.6 calls and 0.3 messages each), BENCH_USERS (20), BENCH_REQUESTS (200 per shape)
 *
 * Seeds a throwaway database by bulk inserts, rebuilds the pages (the rebuild rates are printed),
 * then measures every page shape through the real app (`app.request`, sessions, access rule, JSON).
 * `measurePages` is exported for `npm run bench:scale`, which runs it against a server over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { CALL_RESULTS } from '@mowakaba/shared/schemas/calls';
import { createApp } from '../server/src/app.js';
import { createModules } from '../server/src/composition.js';
import { loadConfig } from '../server/src/config.js';
import { createLogger } from '../server/src/logger.js';
import { rebuildAssociationHistory } from '../server/src/modules/associations/association-history-rebuild.js';
import { AssociationModel } from '../server/src/modules/associations/association.model.js';
import { createSession } from '../server/src/modules/auth/sessions.service.js';
import { rebuildCallLog } from '../server/src/modules/calls/call-log-rebuild.js';
import { CallArchiveModel } from '../server/src/modules/calls/call.model.js';
import { MessageModel } from '../server/src/modules/messages/message.model.js';
import { TeamModel } from '../server/src/modules/teams/team.model.js';
import { createLiveTicketDirectory } from '../server/src/modules/tickets/live-ticket-directory.js';
import { TicketEntryModel } from '../server/src/modules/tickets/ticket-entry.model.js';
import { PRIORITY_RANK, TicketModel } from '../server/src/modules/tickets/ticket.model.js';
import { rebuildTimelinePages } from '../server/src/modules/tickets/timeline-pages.js';
import { UserModel } from '../server/src/modules/users/user.model.js';
import { chooseStorage } from '../server/src/platform/storage/index.js';
import { createRealtimeHub } from '../server/src/realtime/realtime-hub.js';
import { countDatabaseCommands, withBenchDatabase } from './bench-database.js';

const DAY = 86_400_000;

/** What the page shapes are asked about: a few of each kind of record. */
export interface PageSample {
  ticketIds: string[];
  /** Tickets of an SMS or WhatsApp conversation: their timeline is the conversation's messages. */
  conversationTicketIds: string[];
  associationIds: string[];
  /** Days (`YYYY-MM-DD`, UTC) that have calls. */
  days: string[];
}

export interface PageMeasure {
  shape: string;
  p50: number;
  p95: number;
  count: number;
  /** Answers other than 200, by status. */
  failures: Record<number, number>;
  /** Database commands per request (session read included), when the caller counts them. */
  commandsPerRequest?: number;
}

type Requester = (path: string, user: number) => Promise<{ status: number; json(): Promise<unknown> }>;

const percentile = (values: number[], share: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(share * values.length))] ?? Number.NaN;

/**
 * Measures every page shape: `request(path, user)` asks as one of `users` concurrent people (the
 * caller decides who they are: agents see less than supervisors). Second pages follow the cursor the
 * first page gave.
 */
export async function measurePages(
  request: Requester,
  sample: PageSample,
  options: { users: number; requests: number; commands?: () => number },
): Promise<PageMeasure[]> {
  const at = <T>(items: T[], index: number) => items[index % items.length]!;
  const cursorOf = async (path: string) => {
    const answer = (await (await request(path, 0)).json()) as { nextCursor?: string | null };
    return answer.nextCursor ? `&cursor=${encodeURIComponent(answer.nextCursor)}` : '';
  };
  const secondTimeline = await cursorOf(`/api/tickets/${sample.ticketIds[0]}/timeline?order=newest-first&limit=50`);
  const secondHistory = await cursorOf(`/api/associations/${sample.associationIds[0]}/timeline?limit=20`);
  const secondLog = await cursorOf('/api/calls?limit=25');
  const shapes: Array<[string, (iteration: number) => string]> = [
    ["a ticket's timeline, latest page", (i) => `/api/tickets/${at(sample.ticketIds, i)}/timeline?order=newest-first&limit=50`],
    ["a long ticket's timeline, older page (cursor)", () => `/api/tickets/${sample.ticketIds[0]}/timeline?order=newest-first&limit=50${secondTimeline}`],
    ["a conversation's messages (SMS/WhatsApp ticket)", (i) => `/api/tickets/${at(sample.conversationTicketIds, i)}/timeline?order=newest-first&limit=50`],
    ["an association's history, first page", (i) => `/api/associations/${at(sample.associationIds, i)}/timeline?limit=20`],
    ["an association's history, next page (cursor)", () => `/api/associations/${sample.associationIds[0]}/timeline?limit=20${secondHistory}`],
    ['call log, newest first', () => '/api/calls?limit=25'],
    ['call log, next page (cursor)', () => `/api/calls?limit=25${secondLog}`],
    ['call log, one result', (i) => `/api/calls?limit=25&result=${at(['answered', 'abandoned', 'voicemail'], i)}`],
    ['call log, one day', (i) => `/api/calls?limit=25&from=${at(sample.days, i)}T00:00:00Z&to=${new Date(Date.parse(`${at(sample.days, i)}T00:00:00Z`) + DAY).toISOString()}`],
    ['call log, one association', (i) => `/api/calls?limit=25&associationId=${at(sample.associationIds, i)}`],
    ['call log, a month of one result', (i) => `/api/calls?limit=25&result=abandoned&from=${at(sample.days, i)}T00:00:00Z&to=${new Date(Date.parse(`${at(sample.days, i)}T00:00:00Z`) + 30 * DAY).toISOString()}`],
  ];
  const results: PageMeasure[] = [];
  for (const [shape, path] of shapes) {
    const latencies: number[] = [];
    const failures: Record<number, number> = {};
    let next = 0;
    const commandsBefore = options.commands?.();
    await Promise.all(
      Array.from({ length: options.users }, async (_, user) => {
        while (next < options.requests) {
          const iteration = next++;
          const begun = performance.now();
          const answer = await request(path(iteration), user);
          await answer.json();
          latencies.push(performance.now() - begun);
          if (answer.status !== 200) failures[answer.status] = (failures[answer.status] ?? 0) + 1;
        }
      }),
    );
    const commandsPerRequest = commandsBefore === undefined ? undefined : (options.commands!() - commandsBefore) / latencies.length;
    results.push({ shape, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), count: latencies.length, failures, commandsPerRequest });
  }
  return results;
}

/** Rebuilds the three paths of ordered pages, printing each one's time and rate. */
export async function rebuildPages(log: (line: string) => void): Promise<void> {
  for (const [name, rebuild] of [
    ['ticket timelines', rebuildTimelinePages],
    ['association histories', rebuildAssociationHistory],
    ['call log', rebuildCallLog],
  ] as const) {
    const started = performance.now();
    let records = 0;
    await rebuild((done, total) => {
      records = total;
      if (done % 50_000 === 0) process.stderr.write(`\r${name}: ${done}/${total}   `);
    });
    const seconds = (performance.now() - started) / 1000;
    log(`rebuild ${name}: ${records} records in ${seconds.toFixed(1)} s (${Math.round(records / seconds)}/s)`);
  }
}

async function seed(tickets: number) {
  const team = await TeamModel.create({ key: 'bench-pages', name: { ar: 'فريق', fr: 'Équipe', en: 'Team' }, skills: { languages: ['ar', 'fr'], topics: ['funding'] } });
  const otherTeam = await TeamModel.create({ key: 'bench-pages-other', name: { ar: 'فريق آخر', fr: 'Autre équipe', en: 'Other team' }, skills: { languages: ['ar'], topics: ['founding'] } });
  const [agent, supervisor] = await UserModel.insertMany([
    { email: 'pages-agent@mowakaba.test', name: 'Agent', role: 'agent', language: 'ar', passwordHash: 'x', teamIds: [team._id] },
    { email: 'pages-supervisor@mowakaba.test', name: 'Superviseur', role: 'supervisor', language: 'fr', passwordHash: 'x' },
  ]);
  await TeamModel.updateOne({ _id: team._id }, { $set: { memberIds: [agent!._id] } });
  const associationIds = Array.from({ length: Math.max(50, Math.round(tickets / 20)) }, () => new mongoose.Types.ObjectId());
  for (let start = 0; start < associationIds.length; start += 1000) {
    await AssociationModel.collection.insertMany(
      associationIds.slice(start, start + 1000).map((_id, index) => ({ _id, name: { ar: `جمعية ${start + index}`, fr: `Association ${start + index}` }, region: 'rabat-sale-kenitra', city: 'Rabat', contacts: [], phones: [], version: 0 })) as never[],
    );
  }
  let seed = 14;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const now = Date.now();
  const sample: PageSample = { ticketIds: [], conversationTicketIds: [], associationIds: associationIds.slice(0, 200).map(String), days: [] };
  for (let offset = 0; offset < tickets; offset += 1000) {
    const ticketDocuments: Record<string, unknown>[] = [];
    const entries: Record<string, unknown>[] = [];
    const calls: Record<string, unknown>[] = [];
    const messages: Record<string, unknown>[] = [];
    for (let index = offset; index < Math.min(tickets, offset + 1000); index += 1) {
      const _id = new mongoose.Types.ObjectId();
      const createdAt = new Date(now - 365 * DAY + ((index + random()) / tickets) * 365 * DAY);
      const associationId = associationIds[Math.floor(random() * associationIds.length)]!;
      const channel = random() < 0.3 ? 'sms' : 'voice';
      const teamId = random() < 0.5 ? team._id : otherTeam._id;
      ticketDocuments.push({
        _id, reference: `T-B-${index}`, subject: `Demande ${index}`, description: '', channel, language: 'ar', topic: 'funding', priority: 'normal', priorityRank: PRIORITY_RANK.normal,
        status: 'closed', associationId, teamId, assigneeId: null, tags: [], custom: {}, version: 1, createdAt, updatedAt: createdAt,
      });
      // The first ticket is a long one: 250 entries.
      const entryCount = index === 0 ? 250 : 3;
      for (let n = 0; n < entryCount; n += 1) {
        entries.push({ ticketId: _id, kind: n % 3 === 0 ? 'public-reply' : 'internal-note', authorId: agent!._id, body: `réponse ${n}`, data: null, createdAt: new Date(createdAt.getTime() + (n + 1) * 60_000) });
      }
      if (random() < 0.6) {
        const result = CALL_RESULTS[Math.floor(random() * CALL_RESULTS.length)];
        calls.push({ _id: `CA${randomBytes(16).toString('hex')}`, direction: 'inbound', from: '+212600000000', to: '+212522000000', associationId, teamId, agentId: null, phase: 'ended', result, facts: [], ticketId: _id, createdAt, updatedAt: createdAt });
      }
      if (channel === 'sms') {
        messages.push({ _id: `SM${randomBytes(16).toString('hex')}`, direction: 'inbound', channel: 'sms', body: 'سلام', media: [], ticketId: _id, associationId, status: 'received', createdAt, updatedAt: createdAt });
        if (sample.conversationTicketIds.length < 200 && random() < 0.05) sample.conversationTicketIds.push(String(_id));
      }
      if (index === 0 || (sample.ticketIds.length < 200 && random() < 0.01)) sample.ticketIds.push(String(_id));
    }
    await Promise.all([
      TicketModel.collection.insertMany(ticketDocuments as never[]),
      TicketEntryModel.collection.insertMany(entries as never[]),
      calls.length > 0 ? CallArchiveModel.collection.insertMany(calls as never[]) : undefined,
      messages.length > 0 ? MessageModel.collection.insertMany(messages as never[]) : undefined,
    ]);
    process.stderr.write(`\rseeding ${Math.min(tickets, offset + 1000)}/${tickets}   `);
  }
  process.stderr.write('\n');
  sample.days = Array.from({ length: 30 }, (_, index) => new Date(now - (index * 11 + 1) * DAY).toISOString().slice(0, 10));
  return { sample, agentId: agent!._id.toString(), supervisorId: supervisor!._id.toString() };
}

async function main() {
  const tickets = Number(process.env.BENCH_TICKETS ?? 100_000);
  const users = Number(process.env.BENCH_USERS ?? 20);
  const requests = Number(process.env.BENCH_REQUESTS ?? 200);
  await withBenchDatabase(async (databaseLabel) => {
    await chooseStorage(mongoose.connection);
    const commands = countDatabaseCommands();
    const seeding = performance.now();
    const { sample, agentId, supervisorId } = await seed(tickets);
    console.log(`${databaseLabel}: seeded ${tickets} tickets, ${tickets * 3} entries, ~${Math.round(tickets * 0.6)} calls, ~${Math.round(tickets * 0.3)} messages in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
    await rebuildPages((line) => console.log(line));

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000' });
    const logger = createLogger('silent');
    const sessionSettings = { secret: randomBytes(32).toString('hex'), ttlMs: 3_600_000 };
    const hub = createRealtimeHub({ logger });
    const app = createApp(createModules({ config, logger, connection: mongoose.connection, sessionSettings, publisher: hub, ticketDirectory: createLiveTicketDirectory(hub.feed) }));
    // One person alone first (what a page costs), then the issue's concurrency.
    const runs = [['a supervisor alone', supervisorId, 1, 20], ['supervisors', supervisorId, users, requests], ['agents (one team of two)', agentId, users, requests]] as const;
    for (const [who, userId, concurrent, count] of runs) {
      const cookie = `mowakaba_session=${await createSession(userId, sessionSettings)}`;
      const results = await measurePages(async (path) => app.request(path, { headers: { Cookie: cookie } }), sample, { users: concurrent, requests: count, commands });
      console.log(`\n${who}, ${concurrent} concurrent, ${count} requests per shape [target p95 ≤ 150 ms with 20 users]`);
      for (const result of results) {
        const failed = Object.keys(result.failures).length > 0 ? `  answers other than 200: ${JSON.stringify(result.failures)}` : '';
        const sent = result.commandsPerRequest === undefined ? '' : `  ${result.commandsPerRequest.toFixed(1).padStart(5)} db commands/request`;
        console.log(`${result.shape.padEnd(50)} p50 ${result.p50.toFixed(1).padStart(7)} ms  p95 ${result.p95.toFixed(1).padStart(7)} ms${sent}  ${result.p95 <= 150 ? 'met' : 'NOT MET'}${failed}`);
      }
    }
    hub.feed.stop();
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
