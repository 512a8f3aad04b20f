import mongoose from 'mongoose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { ZTicketListQuery } from '@mowakaba/shared/schemas/tickets';
import { createLogger } from '../../server/src/logger.js';
import { createLiveTicketDirectory, LiveTicketDirectory } from '../../server/src/modules/tickets/live-ticket-directory.js';
import { TICKET_STREAM } from '../../server/src/modules/tickets/ticket.store.js';
import { createManualClock } from '../../server/src/platform/clock.js';
import { createChangeFeed } from '../../server/src/platform/events/change-feed.js';
import { chooseStorage, getStorage, type FeedEntry } from '../../server/src/platform/storage/index.js';
import { createSignedInUser } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

// Feed polling and lease expiry follow this clock: nothing happens until a test moves it.
const clock = createManualClock(new Date());
beforeAll(async () => {
  await chooseStorage(mongoose.connection, clock);
});

const logger = createLogger('silent');
const listIds = (index: LiveTicketDirectory, query: Record<string, string>) =>
  index.directory.list({ query: ZTicketListQuery.parse({ limit: 100, ...query }), actorId: 'nobody', actorTeamIds: [], visibility: { everything: true } }).items.map((ticket) => ticket.id);
const activeIds = (index: LiveTicketDirectory) => listIds(index, { status: 'new,open,pending,on-hold' });

async function createTicketDto(): Promise<TTicket> {
  const { app } = createTestApp();
  const { cookie } = await createSignedInUser(app);
  return postTicket(app, cookie);
}

const entryOf = (ticket: TTicket, position: number): FeedEntry => ({
  position,
  at: new Date(),
  stream: TICKET_STREAM,
  recordId: ticket.id,
  version: ticket.version,
  type: 'ticket.updated',
  payload: { ticket, actorId: null },
  rooms: [],
});

describe('the ticket directory, applied by version', () => {
  it('a ticket closed at version 6 is not brought back by a late update at version 5; a duplicate is harmless', async () => {
    const ticket = await createTicketDto();
    const index = new LiveTicketDirectory();
    index.applyFeedEntries([entryOf({ ...ticket, version: 4, status: 'open' }, 1)]);
    expect(activeIds(index)).toContain(ticket.id);

    index.applyFeedEntries([entryOf({ ...ticket, version: 6, status: 'closed' }, 3)]);
    index.applyFeedEntries([entryOf({ ...ticket, version: 5, status: 'open', subject: 'late' }, 2)]);
    index.applyFeedEntries([entryOf({ ...ticket, version: 6, status: 'closed' }, 3)]);
    expect(activeIds(index)).not.toContain(ticket.id);

    index.applyFeedEntries([entryOf({ ...ticket, version: 7, status: 'open', subject: 'reopened' }, 4)]);
    index.applyFeedEntries([entryOf({ ...ticket, version: 7, status: 'open', subject: 'reopened' }, 4)]);
    expect(activeIds(index).filter((id) => id === ticket.id)).toHaveLength(1);
  });

  it('ends equal to the latest versions whatever the order, duplicates and drops of deliveries, once the feed is read again', async () => {
    const base = await createTicketDto();
    const statuses = ['new', 'open', 'pending', 'solved', 'closed', 'open', 'on-hold'] as const;
    // A seeded generator: the same shuffles every run.
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 20; round += 1) {
      const tickets = Array.from({ length: 5 }, (_, index) => ({ ...base, id: new mongoose.Types.ObjectId().toHexString(), reference: `T-2026-9${round}${index}` }));
      const history = tickets.flatMap((ticket) =>
        Array.from({ length: 1 + Math.floor(random() * 6) }, (_, version) => ({ ...ticket, version: version + 1, status: statuses[Math.floor(random() * statuses.length)]! })),
      );
      const latest = new Map(history.map((ticket) => [ticket.id, ticket]));
      const deliveries = history.flatMap((ticket) => (random() < 0.2 ? [] : random() < 0.3 ? [ticket, ticket] : [ticket])).sort(() => random() - 0.5);
      const index = new LiveTicketDirectory();
      for (const ticket of deliveries) index.applyFeedEntries([entryOf(ticket, 0)]);
      // What was dropped is read from the feed again, in order.
      history.forEach((ticket, position) => index.applyFeedEntries([entryOf(ticket, position + 1)]));
      const expected = [...latest.values()].filter((ticket) => ['new', 'open', 'pending', 'on-hold'].includes(ticket.status)).map((ticket) => ticket.id);
      expect(activeIds(index).sort()).toEqual(expected.sort());
    }
  });

  it('notices a gap in the feed and fills it from the feed before applying what came after', async () => {
    const feed = createChangeFeed({ logger });
    const index = createLiveTicketDirectory(feed);
    await index.ensureLoaded();
    const [first, second] = [await createTicketDto(), await createTicketDto()];
    // Written by another node: this node was given no copy and no hint.
    await getStorage().appendToFeed([{ stream: TICKET_STREAM, recordId: first.id, version: 9, type: 'ticket.updated', payload: { ticket: { ...first, version: 9, status: 'solved' }, actorId: null }, rooms: [] }], 60_000);
    await feed.append([{ stream: TICKET_STREAM, recordId: second.id, version: 9, type: 'ticket.updated', payload: { ticket: { ...second, version: 9, priority: 'urgent' }, actorId: null }, rooms: [] }]);
    await vi.waitFor(() => {
      expect(activeIds(index)).not.toContain(first.id);
      expect(listIds(index, { status: 'new', priority: 'urgent' })).toContain(second.id);
    });
    feed.stop();
  });

  it('a node that missed an append and its hint catches up at its next poll', async () => {
    const ticket = await createTicketDto();
    const feed = createChangeFeed({ logger });
    const index = createLiveTicketDirectory(feed);
    await index.ensureLoaded();
    // The follower's first read, started with the load, is done before the other node appends: under load it could run after the append.
    await clock.advance(500);
    await getStorage().appendToFeed([{ stream: TICKET_STREAM, recordId: ticket.id, version: 3, type: 'ticket.updated', payload: { ticket: { ...ticket, version: 3, status: 'closed' }, actorId: null }, rooms: [] }], 60_000);
    expect(activeIds(index)).toContain(ticket.id);
    await clock.advance(500);
    await vi.waitFor(() => expect(activeIds(index)).not.toContain(ticket.id));
    feed.stop();
  });
});

describe('durable feed consumers', () => {
  it('resume after a crash from the position they stored, without seeing an entry twice', async () => {
    const seen: number[] = [];
    const name = `rollups-${new mongoose.Types.ObjectId().toHexString()}`;
    const consumer = { name, durable: true, apply: (entries: FeedEntry[]) => void seen.push(...entries.map((entry) => entry.payload.n as number)) };
    const draft = (n: number) => ({ stream: 'test', recordId: 'r', version: n, type: 'test.changed', payload: { n }, rooms: [] });

    const before = (await getStorage().readFeed(0, 0)).head;
    await getStorage().saveFeedPosition(name, before);
    const firstNode = createChangeFeed({ logger });
    const follower = firstNode.follow(consumer);
    await firstNode.append([draft(1), draft(2)]);
    await follower.catchUp();
    expect(seen).toEqual([1, 2]);
    firstNode.stop();

    // Saved while no consumer ran (the node was down).
    await getStorage().appendToFeed([draft(3), draft(4)], 60_000);
    const restarted = createChangeFeed({ logger });
    await restarted.follow(consumer).catchUp();
    expect(seen).toEqual([1, 2, 3, 4]);
    restarted.stop();
  });

  it('an exclusive consumer runs on one node at a time; another takes over from the stored position when it stops', async () => {
    const applied: string[] = [];
    const name = `exclusive-${new mongoose.Types.ObjectId().toHexString()}`;
    await getStorage().saveFeedPosition(name, (await getStorage().readFeed(0, 0)).head);
    const nodes = ['a', 'b'].map((node) => ({ node, feed: createChangeFeed({ logger }) }));
    const followers = nodes.map(({ node, feed }) =>
      feed.follow({ name, durable: true, exclusive: true, apply: (entries) => void applied.push(...entries.map((entry) => `${node}:${String(entry.payload.n)}`)) }),
    );
    await Promise.all(followers.map((follower) => follower.catchUp()));
    await getStorage().appendToFeed([{ stream: 'test', recordId: 'r', version: 1, type: 'test.changed', payload: { n: 1 }, rooms: [] }], 60_000);
    await Promise.all(followers.map((follower) => follower.catchUp()));
    expect(applied).toHaveLength(1);
    const holder = applied[0]!.split(':')[0];

    const stopping = nodes.findIndex(({ node }) => node === holder);
    const survivor = followers[1 - stopping]!;
    await getStorage().appendToFeed([{ stream: 'test', recordId: 'r', version: 2, type: 'test.changed', payload: { n: 2 }, rooms: [] }], 60_000);
    followers[stopping]!.stop();
    await vi.waitFor(async () => {
      await survivor.catchUp();
      expect(applied).toHaveLength(2);
    });
    expect(applied).toEqual([`${holder}:1`, `${holder === 'a' ? 'b' : 'a'}:2`]);
  });

  it('a consumer that lets entries settle gets them in order at the first poll once they are old enough, whichever node wrote them', async () => {
    const applied: number[] = [];
    const name = `settling-${new mongoose.Types.ObjectId().toHexString()}`;
    const draft = (n: number) => ({ stream: 'test', recordId: 'r', version: n, type: 'test.changed', payload: { n }, rooms: [] });
    await getStorage().saveFeedPosition(name, (await getStorage().readFeed(0, 0)).head);
    const feed = createChangeFeed({ logger });
    const follower = feed.follow({ name, durable: true, settleMs: 3_000, apply: (entries) => void applied.push(...entries.map((entry) => entry.payload.n as number)) });
    await follower.catchUp();

    await feed.append([draft(1)]);
    await clock.advance(1_000);
    // Written by another node: read from the feed, not handed over.
    await getStorage().appendToFeed([draft(2)], 60_000);
    await clock.advance(1_500);
    expect(applied).toEqual([]);
    await clock.advance(500);
    expect(applied).toEqual([1]);
    await clock.advance(1_000);
    expect(applied).toEqual([1, 2]);
    feed.stop();
  });
});

describe('stopping', () => {
  it('resolves only once the batch under way is applied and its position stored, so nothing touches the database after a node closes it', async () => {
    const name = `stopping-${new mongoose.Types.ObjectId().toHexString()}`;
    await getStorage().saveFeedPosition(name, (await getStorage().readFeed(0, 0)).head);
    let finishApply!: () => void;
    const applying = new Promise<void>((resolve) => (finishApply = resolve));
    let applyStarted!: () => void;
    const started = new Promise<void>((resolve) => (applyStarted = resolve));
    const feed = createChangeFeed({ logger });
    const follower = feed.follow({
      name,
      durable: true,
      apply: async () => {
        applyStarted();
        await applying;
      },
    });
    await follower.catchUp();
    const [entry] = await feed.append([{ stream: 'test', recordId: 'r', version: 1, type: 'test.changed', payload: {}, rooms: [] }]);
    await started;

    let stopped = false;
    const stopping = feed.stop().then(() => (stopped = true));
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    finishApply();
    await stopping;
    expect(await getStorage().readFeedPosition(name)).toBe(entry!.position);
  });
});

describe('polling', () => {
  it('a poll that finds nothing new costs the node one read of the head, however many consumers follow', async () => {
    const reads: number[] = [];
    const counted = () => ({ ...getStorage(), readFeed: (after: number, limit: number) => (reads.push(limit), getStorage().readFeed(after, limit)) });
    const feed = createChangeFeed({ logger, storage: counted });
    const followers = ['a', 'b', 'c', 'd'].map((name) => feed.follow({ name: `idle-${name}`, apply: () => undefined }));
    await Promise.all(followers.map((follower) => follower.catchUp()));
    reads.length = 0;
    await clock.advance(500);
    expect(reads).toEqual([0]);

    // Something new: every follower reads it.
    await getStorage().appendToFeed([{ stream: 'test', recordId: 'r', version: 1, type: 'test.changed', payload: {}, rooms: [] }], 60_000);
    reads.length = 0;
    await clock.advance(500);
    expect(reads.filter((limit) => limit > 0)).toHaveLength(4);
    expect(followers.map((follower) => follower.position)).toEqual(Array(4).fill((await getStorage().readFeed(0, 0)).head));
    feed.stop();
  });
});

describe('the feed kept by a database from before its entries had text keys (embedded database)', () => {
  it('is still read in full once a node starts on it', async () => {
    if (getStorage().kind !== 'embedded') return;
    const name = `upgrade-${new mongoose.Types.ObjectId().toHexString()}`;
    const head = (await getStorage().readFeed(0, 0)).head;
    await getStorage().saveFeedPosition(name, head);
    // Two entries as the previous release wrote them: their position as a numeric `_id`.
    const earlier = [1, 2].map((n) => ({ _id: head + n, at: new Date(), stream: 'test', recordId: 'r', version: n, type: 'test.changed', payload: { n }, rooms: [], expiresAt: new Date(Date.now() + 60_000) }));
    await mongoose.connection.collection('change_feed').insertMany(earlier as never[]);
    await mongoose.connection.collection('counters').updateOne({ _id: 'change-feed' as never }, { $set: { sequence: head + 2 } });

    await chooseStorage(mongoose.connection, clock);
    const seen: number[] = [];
    const node = createChangeFeed({ logger });
    await node.follow({ name, durable: true, apply: (entries: FeedEntry[]) => void seen.push(...entries.map((entry) => entry.payload.n as number)) }).catchUp();
    await node.append([{ stream: 'test', recordId: 'r', version: 3, type: 'test.changed', payload: { n: 3 }, rooms: [] }]);
    await vi.waitFor(() => expect(seen).toEqual([1, 2, 3]));
    node.stop();
  });
});
