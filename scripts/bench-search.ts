// npm run bench:search — ticket search at scale on the embedded FerretDB (or MONGODB_URI): seeds
// tickets with replies, notes and messages over twelve months, rebuilds the index, applies live
// changes as the change-feed consumer does, then runs the labelled queries from concurrent users.
// Sizes: BENCH_TICKETS (default 100000), BENCH_ENTRIES_PER_TICKET (3), BENCH_USERS (20 concurrent),
// BENCH_SEARCHES (1000 in all). `measureTicketSearch` is what npm run bench:scale calls.
import mongoose from 'mongoose';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import type { TicketSearchChange } from '../server/src/modules/ticket-search/domain/ticket-search-change.js';
import { rebuildTicketSearch } from '../server/src/modules/ticket-search/index.js';
import { applyTicketSearchChanges } from '../server/src/modules/ticket-search/ticket-search-indexer.js';
import { markTicketSearchVocabularyStale, searchTickets } from '../server/src/modules/ticket-search/ticket-search.service.js';
import { TeamModel } from '../server/src/modules/teams/team.model.js';
import { TicketEntryModel } from '../server/src/modules/tickets/ticket-entry.model.js';
import { TicketModel } from '../server/src/modules/tickets/ticket.model.js';
import { LiveTicketDirectory } from '../server/src/modules/tickets/live-ticket-directory.js';
import { toTicketDto } from '../server/src/modules/tickets/ticket-dto.js';
import { chooseStorage } from '../server/src/platform/storage/index.js';
import { ticketSearchCorpus, ticketSearchDistractors, ticketSearchQueries } from '../tests/fixtures/ticket-search-corpus.js';
import { countDatabaseCommands, withBenchDatabase } from './bench-database.js';
import { ms, percentile } from './bench-load.js';

const DAY_MS = 86_400_000;
const CITIES = ['Agadir', 'Oujda', 'Fès', 'Rabat', 'Béni Mellal', 'Casablanca', 'Safi', 'Errachidia', 'Tiznit', 'Guelmim', 'Laâyoune', 'Dakhla', 'الناظور', 'ورزازات', 'الحسيمة'];

/** A small seeded generator, so two runs search the same corpus. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % n;
  };
}

export interface TicketSearchMeasure {
  tickets: number;
  seedMs: number;
  rebuildMs: number;
  liveChangesPerSecond: number;
  firstSearchMs: number;
  supervisor: { p50: number; p95: number; p99: number; perSecond: number; commandsPerSearch: number };
  agent: { p50: number; p95: number; p99: number; perSecond: number; commandsPerSearch: number };
  rssMb: number;
}

/**
 * Seeds `tickets` tickets (text drawn from the labelled corpus, with a city and a number each so
 * terms vary) and measures: the rebuild, live indexing through the consumer's batch path, the first
 * search of a node (vocabulary load), and `users` concurrent users running the labelled queries.
 */
export async function measureTicketSearch(options: { tickets: number; entriesPerTicket?: number; users?: number; searches?: number; log?: (line: string) => void }): Promise<TicketSearchMeasure> {
  const { tickets, entriesPerTicket = 3, users = 20, searches = 1_000, log = console.log } = options;
  await chooseStorage(mongoose.connection);
  const random = seeded(14);
  const corpus = [...ticketSearchCorpus, ...ticketSearchDistractors];
  const bodies = corpus.flatMap((item) => [...(item.replies ?? []), ...(item.notes ?? []), ...(item.messages ?? []), ...(item.callNotes ?? [])]);
  const agentId = new mongoose.Types.ObjectId();
  const teams = await TeamModel.insertMany(
    Array.from({ length: 6 }, (_, index) => ({ key: `bench-${index}`, name: { ar: `فريق ${index}`, fr: `Équipe ${index}`, en: `Team ${index}` }, memberIds: index === 0 ? [agentId] : [] })),
  );
  const start = Date.now() - 365 * DAY_MS;

  let started = performance.now();
  for (let offset = 0; offset < tickets; offset += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, tickets - offset) }, (_, index) => {
      const item = corpus[random(corpus.length)]!;
      const number = offset + index + 1;
      const createdAt = new Date(start + Math.floor(((offset + index) / tickets) * 365 * DAY_MS));
      return {
        _id: new mongoose.Types.ObjectId(),
        reference: `T-2026-${String(number).padStart(7, '0')}`,
        subject: `${item.subject} — ${CITIES[random(CITIES.length)]}`,
        description: `${item.description} (${random(500)})`,
        channel: 'web',
        language: item.language,
        topic: 'other',
        status: 'closed',
        teamId: random(7) === 0 ? null : teams[random(teams.length)]!._id,
        // As the ticket store writes every ticket: the directory and the search index hold this version.
        version: 1,
        createdAt,
        updatedAt: createdAt,
      };
    });
    await TicketModel.insertMany(batch, { lean: true });
    const entries = batch.flatMap((ticket) =>
      Array.from({ length: entriesPerTicket }, (_, index) => ({
        ticketId: ticket._id,
        kind: (['public-reply', 'internal-note', 'message'] as const)[index % 3],
        body: `${bodies[random(bodies.length)]} ${CITIES[random(CITIES.length)]}`,
        createdAt: new Date(ticket.createdAt.getTime() + (index + 1) * 3_600_000),
      })),
    );
    await TicketEntryModel.insertMany(entries, { lean: true });
  }
  const seedMs = performance.now() - started;
  log(`seeded ${tickets} tickets and ${tickets * entriesPerTicket} timeline entries in ${(seedMs / 1000).toFixed(1)} s`);

  started = performance.now();
  let lastShown = 0;
  await rebuildTicketSearch((done, total) => {
    if (done - lastShown >= total / 10 || done === total) log(`  rebuild ${done}/${total} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    if (done - lastShown >= total / 10) lastShown = done;
  });
  const rebuildMs = performance.now() - started;
  log(`rebuild: ${(rebuildMs / 1000).toFixed(1)} s (${Math.round((tickets / rebuildMs) * 1000)} tickets/s)`);

  started = performance.now();
  const firstSearch = await searchTickets({ q: 'تجديد المكتب', limit: 20 }, { id: 'bench', role: 'supervisor' });
  const firstSearchMs = performance.now() - started;
  log(`first search on a node (loads the vocabulary): ${ms(firstSearchMs)}, ${firstSearch.results.length} results`);

  // Live: new tickets with a reply each, in batches of 100 feed entries as the consumer reads them.
  const live: TicketSearchChange[] = [];
  const liveRecords: Array<Record<string, unknown>> = [];
  for (let index = 0; index < 300; index += 1) {
    const item = corpus[random(corpus.length)]!;
    const document = new TicketModel({ reference: `T-2026-L${index}`, subject: item.subject, description: item.description, channel: 'web', language: item.language, topic: 'other' });
    const now = new Date();
    liveRecords.push({ ...document.toObject(), createdAt: now, updatedAt: now });
    const ticket: TTicket = toTicketDto(liveRecords.at(-1) as never);
    live.push({ type: 'ticket', ticket });
    live.push({ type: 'entry', entry: { id: new mongoose.Types.ObjectId().toString(), ticketId: ticket.id, kind: 'public-reply', authorId: null, body: bodies[random(bodies.length)]!, data: null, createdAt: ticket.createdAt } });
  }
  // The live tickets exist, as they would: the newest shards (read first) hold them.
  await TicketModel.collection.insertMany(liveRecords as never[]);
  started = performance.now();
  for (let offset = 0; offset < live.length; offset += 100) {
    await applyTicketSearchChanges(live.slice(offset, offset + 100).map((change, index) => ({ position: 10_000_000 + offset + index, change })), async () => null);
  }
  const liveChangesPerSecond = (live.length / (performance.now() - started)) * 1000;
  markTicketSearchVocabularyStale();
  log(`live indexing (batches of 100 feed entries): ${Math.round(liveChangesPerSecond)} changes/s`);

  const queries = ticketSearchQueries.filter((query) => query.kind !== 'reference').map((query) => query.query);
  // This node's ticket directory, as the route passes it: result rows at the version it holds come from
  // the index. BENCH_SEARCH_ROWS=tickets leaves it out: every result reads its ticket, as before.
  const directory = process.env.BENCH_SEARCH_ROWS === 'tickets' ? undefined : new LiveTicketDirectory();
  await directory?.ensureLoaded();
  log(`result rows: ${directory ? 'from the index when the directory holds their version' : 'each ticket read (BENCH_SEARCH_ROWS=tickets)'}`);
  // Zero when the connection does not monitor its commands (withBenchDatabase's does).
  const commands = countDatabaseCommands();
  const perSearch = (count: number) => (count > 0 ? `, ${count.toFixed(1)} db commands/search` : '');
  const measureUsers = async (actor: { id: string; role: string }) => {
    const latencies: number[] = [];
    let next = 0;
    const commandsBefore = commands();
    const began = performance.now();
    await Promise.all(
      Array.from({ length: users }, async () => {
        while (next < searches) {
          const q = queries[next++ % queries.length]!;
          const at = performance.now();
          await searchTickets({ q, limit: 20 }, actor, directory);
          latencies.push(performance.now() - at);
        }
      }),
    );
    const perSecond = (latencies.length / (performance.now() - began)) * 1000;
    const commandsPerSearch = (commands() - commandsBefore) / latencies.length;
    return { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99), perSecond, commandsPerSearch };
  };
  const alone = await (async () => {
    const latencies: number[] = [];
    for (const q of queries) {
      const at = performance.now();
      await searchTickets({ q, limit: 20 }, { id: 'bench', role: 'supervisor' }, directory);
      latencies.push(performance.now() - at);
    }
    return latencies;
  })();
  log(`one user, each labelled query once: p50 ${ms(percentile(alone, 0.5))}, p95 ${ms(percentile(alone, 0.95))}`);
  const supervisor = await measureUsers({ id: new mongoose.Types.ObjectId().toString(), role: 'supervisor' });
  log(`${users} concurrent supervisors, ${searches} searches (limit 20): p50 ${ms(supervisor.p50)}, p95 ${ms(supervisor.p95)}, p99 ${ms(supervisor.p99)}, ${supervisor.perSecond.toFixed(1)} searches/s${perSearch(supervisor.commandsPerSearch)}`);
  const agent = await measureUsers({ id: agentId.toString(), role: 'agent' });
  log(`${users} concurrent agents of one team in six, ${searches} searches: p50 ${ms(agent.p50)}, p95 ${ms(agent.p95)}, p99 ${ms(agent.p99)}, ${agent.perSecond.toFixed(1)} searches/s${perSearch(agent.commandsPerSearch)}`);
  const rssMb = process.memoryUsage().rss / 1_048_576;
  log(`resident memory of this process: ${Math.round(rssMb)} MB`);
  return { tickets, seedMs, rebuildMs, liveChangesPerSecond, firstSearchMs, supervisor, agent, rssMb };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  withBenchDatabase(async (label) => {
    console.log(`Mowakaba ticket search benchmark — database: ${label}`);
    await measureTicketSearch({
      tickets: Number(process.env.BENCH_TICKETS ?? 100_000),
      entriesPerTicket: Number(process.env.BENCH_ENTRIES_PER_TICKET ?? 3),
      users: Number(process.env.BENCH_USERS ?? 20),
      searches: Number(process.env.BENCH_SEARCHES ?? 1_000),
    });
  }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
