import { describe, expect, it } from 'vitest';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createLiveTicketDirectory, keepDirectorySnapshot, LiveTicketDirectory } from '../../server/src/modules/tickets/live-ticket-directory.js';
import { TicketDirectory } from '../../server/src/modules/tickets/ticket-directory.js';
import {
  applyToDirectorySnapshot,
  readDirectorySnapshot,
  readSummariesFromRecords,
  rebuildDirectorySnapshot,
} from '../../server/src/modules/tickets/ticket-directory-snapshot.js';
import type { TicketSummary } from '../../server/src/modules/tickets/ticket-summary.js';
import { removeTicket, TICKET_STREAM } from '../../server/src/modules/tickets/ticket.store.js';
import { getStorage, type FeedEntry } from '../../server/src/platform/storage/index.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const byId = (summaries: Iterable<TicketSummary>) => [...summaries].sort((a, b) => (a.id < b.id ? -1 : 1));

async function rebuiltFromRecords(): Promise<TicketSummary[]> {
  const directory = new TicketDirectory();
  await directory.load(readSummariesFromRecords());
  return byId(directory.summaries());
}

async function loadedFromSnapshot(): Promise<TicketSummary[]> {
  const snapshot = await readDirectorySnapshot();
  const directory = new TicketDirectory();
  if (snapshot) await directory.load(snapshot.chunks);
  return byId(directory.summaries());
}

async function readWholeFeed(): Promise<FeedEntry[]> {
  const entries: FeedEntry[] = [];
  for (;;) {
    const { entries: batch, head } = await getStorage().readFeed(entries.at(-1)?.position ?? 0, 100);
    entries.push(...batch);
    if (batch.length === 0 || entries.at(-1)!.position >= head) return entries.filter((entry) => entry.stream === TICKET_STREAM);
  }
}

describe('the ticket directory, maintained from the change feed, equals a rebuild from the records', () => {
  it('after random creations, changes, closes and reassignments, delivered in order, shuffled, duplicated or dropped and read again', async () => {
    // A seeded generator: the same run every time, and a failure can be replayed.
    let seed = 20_261_206;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;

    const { app, hub, ticketDirectory } = createTestApp();
    const snapshotKeeper = keepDirectorySnapshot(hub.feed);
    const { cookie: supervisor } = await createSignedInUser(app, 'supervisor');
    const { user: agent, cookie: agentCookie } = await createSignedInUser(app);
    const team = await TeamModel.create({ key: 'property', name: { ar: 'خاصية', fr: 'Propriété', en: 'Property' }, memberIds: [agent.id], skills: { languages: ['fr', 'ar'], topics: ['funding', 'platform'] } });
    await ticketDirectory.ensureLoaded();

    const tickets: TTicket[] = [];
    const refresh = async (id: string) => json(await app.request(`/api/tickets/${id}`, { headers: { Cookie: supervisor } })) as Promise<TTicket>;
    for (let step = 0; step < 70; step += 1) {
      const roll = random();
      if (tickets.length < 4 || roll < 0.3) {
        tickets.push(await postTicket(app, supervisor, { priority: pick(['low', 'normal', 'high', 'urgent'] as const), topic: pick(['funding', 'platform', 'other'] as const), language: pick(['fr', 'ar'] as const), tags: random() < 0.3 ? [pick(['budget', 'urgent-budget', 'statuts'])] : [] }));
        continue;
      }
      const index = Math.floor(random() * tickets.length);
      const current = await refresh(tickets[index]!.id);
      const change =
        roll < 0.45 ? { status: pick(['open', 'pending', 'on-hold', 'solved', 'closed'] as const) }
        : roll < 0.6 ? { assigneeId: random() < 0.5 ? agent.id : null }
        : roll < 0.7 ? { teamId: random() < 0.5 ? team._id.toString() : null }
        : roll < 0.8 ? { priority: pick(['low', 'normal', 'high', 'urgent'] as const), tags: random() < 0.5 ? ['statuts'] : [] }
        : undefined;
      if (change) await app.request(`/api/tickets/${current.id}`, jsonRequest('PATCH', { version: current.version, ...change }, supervisor));
      else await app.request('/api/tickets/take-next', jsonRequest('POST', {}, agentCookie));
      tickets[index] = await refresh(current.id);
    }

    // Some tickets are removed for good (as demo data is): every copy must drop them, and no late or
    // repeated entry about them (the shuffled deliveries below) may bring them back.
    // (The two least changed: the checks below still see tickets that went through several versions.)
    const removed = [...tickets].sort((a, b) => a.version - b.version).slice(0, 2);
    for (const ticket of removed) expect(await removeTicket(ticket.id, { actor: null, publisher: hub })).toBe(true);
    expect(await removeTicket(removed[0]!.id, { actor: null, publisher: hub })).toBe(false);

    const rebuilt = await rebuiltFromRecords();
    expect(rebuilt).toHaveLength(tickets.length - removed.length);
    // The run did what it says: tickets left the queue, changed hands and went through several versions.
    expect(rebuilt.some((summary) => summary.status === 'closed' || summary.status === 'solved')).toBe(true);
    expect(rebuilt.some((summary) => summary.assigneeId === agent.id)).toBe(true);
    expect(Math.max(...rebuilt.map((summary) => summary.version))).toBeGreaterThanOrEqual(3);
    await ticketDirectory.settled();
    expect(byId(ticketDirectory.directory.summaries())).toEqual(rebuilt);

    // Another node given the same entries shuffled, twice over, with some dropped and then read again in order.
    const feed = await readWholeFeed();
    const shuffled = new LiveTicketDirectory();
    const deliveries = feed.flatMap((entry) => (random() < 0.15 ? [] : random() < 0.3 ? [entry, entry] : [entry])).sort(() => random() - 0.5);
    for (const entry of deliveries) shuffled.applyFeedEntries([entry]);
    shuffled.applyFeedEntries(feed);
    expect(byId(shuffled.directory.summaries())).toEqual(rebuilt);

    // The persisted snapshot: kept by its consumer, then given late and repeated entries again.
    await snapshotKeeper.catchUp();
    expect(await loadedFromSnapshot()).toEqual(rebuilt);
    for (let start = 0; start < deliveries.length; start += 17) await applyToDirectorySnapshot(deliveries.slice(start, start + 17));
    expect(await loadedFromSnapshot()).toEqual(rebuilt);

    // A node starting now loads the snapshot and replays the feed from its position.
    const restarted = createLiveTicketDirectory(hub.feed);
    await restarted.ensureLoaded();
    expect(byId(restarted.directory.summaries())).toEqual(rebuilt);

    // `npm run index:rebuild` writes the same snapshot.
    await rebuildDirectorySnapshot();
    expect(await loadedFromSnapshot()).toEqual(rebuilt);
    snapshotKeeper.stop();
  }, 120_000);
});
