/**
 * The two writes an agent waits on (issue 14): take-next and accepting a waiting call, through the
 * real app (`app.request`: session, access rule, JSON), on a small throwaway database, one agent
 * alone and then 20 at once. Prints p50/p95 and the database commands each one sends, by command and
 * collection: latency on a shared machine depends on what else runs, the commands do not.
 *
 *   node --max-semi-space-size=64 --import tsx scripts/bench-writes.ts
 *   sizes: BENCH_TICKETS (5000; a fifth of them new and waiting), BENCH_USERS (20), BENCH_REQUESTS (100 per run)
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { createApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { createModules } from '../server/src/composition.js';
import { createLogger } from '../server/src/logger.js';
import { AssociationModel } from '../server/src/modules/associations/association.model.js';
import { createSession } from '../server/src/modules/auth/sessions.service.js';
import { CallModel, type CallDocument } from '../server/src/modules/calls/call.model.js';
import { recordCallInWaitingList } from '../server/src/modules/calls/waiting-calls.js';
import { TeamModel } from '../server/src/modules/teams/team.model.js';
import { createLiveTicketDirectory } from '../server/src/modules/tickets/live-ticket-directory.js';
import { PRIORITY_RANK, TicketModel } from '../server/src/modules/tickets/ticket.model.js';
import { UserModel } from '../server/src/modules/users/user.model.js';
import { chooseStorage } from '../server/src/platform/storage/index.js';
import { createRealtimeHub } from '../server/src/realtime/realtime-hub.js';
import { withBenchDatabase } from './bench-database.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 5_000);
const USERS = Number(process.env.BENCH_USERS ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const ALONE = 10;
/** BENCH_TRACE=1: also print each command of the last requests alone, in order, with its filter. */
const TRACE = process.env.BENCH_TRACE === '1';
const DAY = 86_400_000;

const percentile = (values: number[], share: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(share * values.length))] ?? Number.NaN;

/** Every command this process sends, as `command collection`, from now on. */
function recordCommands(): { since(mark: number): Map<string, number>; mark(): number; detail(from: number, to: number): string[] } {
  const sent: string[] = [];
  const details: string[] = [];
  mongoose.connection.getClient().on('commandStarted', (event) => {
    const target = event.command[event.commandName];
    sent.push(`${event.commandName} ${typeof target === 'string' ? target : ''}`.trim());
    if (TRACE) {
      const { filter, query, updates, documents, q, update, deletes } = event.command as Record<string, unknown>;
      details.push(`${sent.at(-1)} ${JSON.stringify(filter ?? query ?? updates ?? deletes ?? q ?? documents ?? '').slice(0, 200)}${update ? ` ${JSON.stringify(update).slice(0, 160)}` : ''}`);
    }
  });
  return {
    detail: (from, to) => details.slice(from, to),
    mark: () => sent.length,
    since(mark) {
      const counts = new Map<string, number>();
      for (const name of sent.slice(mark)) counts.set(name, (counts.get(name) ?? 0) + 1);
      return counts;
    },
  };
}

async function seed(users: number, waitingCalls: number) {
  const team = await TeamModel.create({ key: 'bench-writes', name: { ar: 'فريق', fr: 'Équipe', en: 'Team' }, skills: { languages: ['ar', 'fr'], topics: ['funding'] } });
  const agents = await UserModel.insertMany(
    Array.from({ length: users }, (_, index) => ({ email: `writes-agent-${index}@mowakaba.test`, name: `Agent ${index}`, role: 'agent', language: 'ar', passwordHash: 'x', teamIds: [team._id] })),
  );
  await TeamModel.updateOne({ _id: team._id }, { $set: { memberIds: agents.map((agent) => agent._id) } });
  // A multiple of 5: every fifth association has waiting tickets (every fifth ticket waits).
  const associationIds = Array.from({ length: 5 * Math.max(10, Math.round(TICKETS / 100)) }, () => new mongoose.Types.ObjectId());
  await AssociationModel.collection.insertMany(
    associationIds.map((_id, index) => ({ _id, name: { ar: `جمعية ${index}`, fr: `Association ${index}` }, region: 'rabat-sale-kenitra', city: 'Rabat', contacts: [], phones: [`+2126${String(10_000_000 + index)}`], version: 0 })) as never[],
  );
  const now = Date.now();
  for (let offset = 0; offset < TICKETS; offset += 1000) {
    const documents: Record<string, unknown>[] = [];
    for (let index = offset; index < Math.min(TICKETS, offset + 1000); index += 1) {
      const createdAt = new Date(now - 90 * DAY + (index / TICKETS) * 90 * DAY);
      const waiting = index % 5 === 0;
      const priority = (['low', 'normal', 'high', 'urgent'] as const)[index % 4]!;
      documents.push({
        _id: new mongoose.Types.ObjectId(), reference: `T-W-${index}`, subject: `Demande ${index}`, description: '', channel: 'voice', language: 'ar', topic: 'funding', priority, priorityRank: PRIORITY_RANK[priority],
        status: waiting ? 'new' : 'closed', associationId: associationIds[index % associationIds.length], teamId: team._id, assigneeId: null, tags: [], custom: {},
        sla: { firstResponseDueAt: new Date(createdAt.getTime() + 4 * 3_600_000), resolutionDueAt: new Date(createdAt.getTime() + 3 * DAY), firstRespondedAt: null, pausedAt: null, pausedMinutes: 0,
          firstResponseWarned: false, resolutionWarned: false, firstResponseBreached: false, resolutionBreached: false },
        version: 1, createdAt, updatedAt: createdAt,
      });
    }
    await TicketModel.collection.insertMany(documents as never[]);
  }
  // Each waiting call rings at one agent's console (an offer), as routing leaves it; half come from an
  // association with an active ticket (the accept suggests it), half open a new ticket.
  const callsOf = agents.map((agent, user) =>
    Array.from({ length: waitingCalls + (user === 0 ? ALONE : 0) }, (_, index) => ({
      _id: `CA${randomBytes(16).toString('hex')}`, direction: 'inbound', from: '+212600000000', to: '+212522112233', phone: '+212600000000',
      associationId: index % 2 === 0 ? associationIds[((user * 7 + index) * 5) % associationIds.length] : new mongoose.Types.ObjectId(),
      language: 'ar', topic: 'funding', teamId: team._id, queue: 'support', phase: 'queued', agentId: null, ticketId: null, suggestedTicketId: null,
      facts: [{ key: 'offered:1', kind: 'offered', status: null, at: new Date(), sequence: null, data: { agentId: agent._id.toString(), expiresAt: new Date(Date.now() + 3_600_000).toISOString() } }],
      queuedAt: new Date(), simulated: true, version: 1, createdAt: new Date(), updatedAt: new Date(),
    })),
  );
  await CallModel.collection.insertMany(callsOf.flat() as never[]);
  // Listed among the waiting callers, as the owner of calls lists a caller joining the queue.
  await Promise.all(callsOf.flat().map((call) => recordCallInWaitingList(null, call as unknown as CallDocument)));
  return { agentIds: agents.map((agent) => agent._id.toString()), callsOf: callsOf.map((calls) => calls.map((call) => call._id)) };
}

async function main() {
  await withBenchDatabase(async (databaseLabel) => {
    await chooseStorage(mongoose.connection);
    const commands = recordCommands();
    const { agentIds, callsOf } = await seed(USERS, Math.ceil((3 * REQUESTS) / USERS));
    console.log(`${databaseLabel}: ${TICKETS} tickets (${TICKETS / 5} new, waiting in one team), ${USERS} agents`);

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000' });
    const logger = createLogger('silent');
    const sessionSettings = { secret: randomBytes(32).toString('hex'), ttlMs: 3_600_000 };
    const hub = createRealtimeHub({ logger });
    const ticketDirectory = createLiveTicketDirectory(hub.feed);
    const app = createApp(createModules({ config, logger, connection: mongoose.connection, sessionSettings, publisher: hub, ticketDirectory }));
    const cookies = await Promise.all(agentIds.map(async (id) => `mowakaba_session=${await createSession(id, sessionSettings)}`));
    await ticketDirectory.ensureLoaded();
    const nextCall = callsOf.map(() => 0);

    const requests = {
      'take-next': (user: number) => app.request('/api/tickets/take-next', { method: 'POST', headers: { Cookie: cookies[user]! } }),
      // A user who ran out of calls offered to them (it took more than its share) takes another's.
      'accept a waiting call': (user: number) => {
        const owner = nextCall[user]! < callsOf[user]!.length ? user : callsOf.findIndex((calls, index) => nextCall[index]! < calls.length);
        return app.request(`/api/calls/${callsOf[owner]![nextCall[owner]!++]}/accept`, { method: 'POST', headers: { Cookie: cookies[owner]! } });
      },
    };
    for (const [name, request] of Object.entries(requests)) {
      // Alone: what one costs, command by command (the session read included), and what follows it
      // in the background within 300 ms (feed fan-out, the directory's snapshot, rollups).
      const alone: number[] = [];
      for (let iteration = 0; iteration < ALONE; iteration += 1) {
        await sleep(300);
        const mark = commands.mark();
        const begun = performance.now();
        const answer = await request(0);
        await answer.arrayBuffer();
        alone.push(performance.now() - begun);
        if (answer.status !== 200) console.log(`${name}: answered ${answer.status}`);
        const answered = commands.mark();
        await sleep(300);
        if (iteration >= ALONE - 2) {
          const onPath = commands.since(mark);
          const after = commands.since(answered);
          const pathOnly = new Map([...onPath].map(([command, count]) => [command, count - (after.get(command) ?? 0)] as const).filter(([, count]) => count > 0));
          const total = (counts: Map<string, number>) => [...counts.values()].reduce((sum, count) => sum + count, 0);
          const kind = name === 'take-next' ? '' : iteration % 2 === 0 ? ' (an open ticket suggested)' : ' (a new ticket opened)';
          console.log(`${name}${kind}: ${total(pathOnly)} commands before the answer  ${[...pathOnly].map(([command, count]) => `${command}×${count}`).join(', ')}; ${total(after)} within 300 ms after`);
          if (TRACE) for (const line of commands.detail(mark, commands.mark())) console.log(`    ${line}`);
        }
      }
      console.log(`${name}, one agent alone: p50 ${percentile(alone, 0.5).toFixed(1)} ms, p95 ${percentile(alone, 0.95).toFixed(1)} ms`);
      await sleep(300);
      const latencies: number[] = [];
      const statuses = new Map<number, number>();
      let next = 0;
      const mark = commands.mark();
      const begun = performance.now();
      await Promise.all(
        Array.from({ length: USERS }, async (_, user) => {
          while (next < REQUESTS) {
            next += 1;
            const started = performance.now();
            const answer = await request(user);
            await answer.arrayBuffer();
            latencies.push(performance.now() - started);
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          }
        }),
      );
      const seconds = (performance.now() - begun) / 1000;
      const sent = [...commands.since(mark).values()].reduce((sum, count) => sum + count, 0);
      console.log(
        `${name}, ${USERS} agents at once, ${REQUESTS} requests: p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms, ` +
          `${(REQUESTS / seconds).toFixed(0)}/s, ${(sent / REQUESTS).toFixed(1)} commands per request, answers ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      if (TRACE) {
        const perRequest = [...commands.since(mark)].sort(([, a], [, b]) => b - a).map(([command, count]) => `${command}×${(count / REQUESTS).toFixed(2)}`);
        console.log(`    per request: ${perRequest.join(', ')}`);
      }
    }
    hub.feed.stop();
  });
}

await main();
