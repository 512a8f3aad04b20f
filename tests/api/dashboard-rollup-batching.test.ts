import mongoose from 'mongoose';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { createLogger } from '../../server/src/logger.js';
import { contributionOfEvent, createDashboardFeed, createRecordLookups, followChangeFeed } from '../../server/src/modules/dashboard/dashboard-feed.js';
import { DashboardContributionModel, DashboardRollupModel, DashboardSummaryModel } from '../../server/src/modules/dashboard/dashboard-rollup.model.js';
import { readAllRollupCells, readAllSummaries } from '../../server/src/modules/dashboard/dashboard.store.js';
import { summaryDeltasOf } from '../../server/src/modules/dashboard/domain/history-summary.js';
import { sumContributions } from '../../server/src/modules/dashboard/rebuild-rollups.js';
import { createManualClock } from '../../server/src/platform/clock.js';
import { getStorage } from '../../server/src/platform/storage/index.js';
import { normaliseCells, normaliseSummaries, objectId, ticketRecord } from '../helpers/dashboard.js';
import { createTestApp } from '../helpers/test-app.js';
import { useManualClock, useTestDatabase } from '../helpers/test-database.js';

useTestDatabase({ monitorCommands: true });
const clock = useManualClock();
const logger = createLogger('silent');

beforeEach(async () => {
  await DashboardRollupModel.deleteMany({});
  await DashboardSummaryModel.deleteMany({});
  await DashboardContributionModel.deleteMany({});
});

/** A durable rollup consumer that starts after what the feed holds now (the file's earlier tests). */
async function startingNow(name: string): Promise<string> {
  await getStorage().saveFeedPosition(name, (await getStorage().readFeed(0, 0)).head);
  return name;
}

/** How many times each history summary is written (replaced or removed) from now on, as the database is asked. */
function countSummaryWrites(): Map<string, number> {
  const writes = new Map<string, number>();
  mongoose.connection.getClient().on('commandStarted', ({ commandName, command }) => {
    if (command[commandName] !== 'dashboard_summaries' || (commandName !== 'update' && commandName !== 'delete')) return;
    for (const { q } of (command.updates ?? command.deletes) as Array<{ q: { _id: string } }>) writes.set(q._id, (writes.get(q._id) ?? 0) + 1);
  });
  return writes;
}

const changeOf = (ticket: TTicket) => ({ stream: 'ticket', recordId: ticket.id, version: ticket.version, type: 'ticket.updated', payload: { ticket, actorId: null }, rooms: [] });

/** Tickets created now in two teams, then each answered a minute later. */
function ticketChanges(count: number): { changes: TTicket[]; finals: TTicket[] } {
  const now = clock.now().toISOString();
  const answeredAt = new Date(clock.now().getTime() + 60_000).toISOString();
  const teams = [objectId(), objectId()];
  const created = Array.from({ length: count }, (_, index) => ticketRecord({ createdAt: now, updatedAt: now, teamId: teams[index % 2]!, topic: index % 3 === 0 ? 'funding' : 'founding' }));
  const answered = created.map((ticket) => ({ ...ticket, version: 2, status: 'open' as const, updatedAt: answeredAt, sla: { ...ticket.sla, firstRespondedAt: answeredAt } }));
  return { changes: [...created, ...answered], finals: answered };
}

/** The rollups a rebuild from the tickets' last versions gives, beside those the feed maintained. */
async function maintainedAndRebuilt(finals: TTicket[]) {
  const lookups = createRecordLookups();
  const rebuilt = sumContributions(await Promise.all(finals.map(async (ticket) => (await contributionOfEvent('ticket.updated', { ticket, actorId: null }, lookups))!)));
  return {
    maintained: { cells: normaliseCells(await readAllRollupCells()), summaries: normaliseSummaries(await readAllSummaries()) },
    rebuilt: { cells: normaliseCells(rebuilt), summaries: normaliseSummaries(summaryDeltasOf(rebuilt.map((cell) => [cell.id, cell.values]))) },
  };
}

describe('rollup writes', () => {
  it('write each summary about once a second during a burst of changes, and keep it equal to a rebuild within a second', async () => {
    const { hub } = createTestApp();
    const feed = createDashboardFeed({ logger });
    const name = await startingNow('dashboard-rollups-burst');
    const follower = followChangeFeed(hub.feed, feed, name);
    await follower.catchUp();
    const writes = countSummaryWrites();
    const applied: string[] = [];
    feed.onChange((change) => applied.push(change));

    // 160 changes over 16 seconds, each delivered on its own: a write at the first, then one a second.
    const { changes, finals } = ticketChanges(80);
    const mostWrites = changes.length / 10 + 2;
    let last = 0;
    for (const ticket of changes) {
      last = (await hub.feed.append([changeOf(ticket)]))[0]!.position;
      await clock.advance(100);
    }
    // Every event reached the listeners as it came, the rollup writes a second apart.
    expect(applied.filter((change) => change === 'ticket.updated')).toHaveLength(changes.length);
    expect(applied.filter((change) => change === 'rollups.applied').length).toBeLessThanOrEqual(mostWrites);

    // A second after the last change was taken, with nobody hurrying the writes, the rollups count every change.
    await follower.catchUp();
    await clock.advance(1_000);
    await feed.written();
    const { maintained, rebuilt } = await maintainedAndRebuilt(finals);
    expect(maintained).toEqual(rebuilt);
    // Today's summary of the whole center took every change, in far fewer writes.
    const today = [...writes.keys()].find((id) => id.startsWith('D|') && id.endsWith('|*'))!;
    expect(writes.get(today)).toBeGreaterThan(1);
    expect(Math.max(...writes.values())).toBeLessThanOrEqual(mostWrites);
    await vi.waitFor(async () => expect(await getStorage().readFeedPosition(name)).toBe(last));
    follower.stop();
  });

  it('store the feed position only once its changes are written: a node that stops before writing leaves them to the next one', async () => {
    const { hub } = createTestApp();
    const name = await startingNow('dashboard-rollups-restart');
    // This node's write clock never moves: after its first write, what it takes is never written, as if it died first.
    const frozen = createManualClock(clock.now());
    const stalled = createDashboardFeed({ logger, clock: () => frozen });
    const stopping = followChangeFeed(hub.feed, stalled, name);
    const { changes, finals } = ticketChanges(10);
    const [first] = await hub.feed.append([changeOf(changes[0]!)]);
    await stopping.catchUp();
    await stalled.written();
    await vi.waitFor(async () => expect(await getStorage().readFeedPosition(name)).toBe(first!.position));
    let last = 0;
    for (const ticket of changes.slice(1)) last = (await hub.feed.append([changeOf(ticket)]))[0]!.position;
    await stopping.catchUp();
    expect(stopping.position).toBe(last);
    expect(await getStorage().readFeedPosition(name)).toBe(first!.position);
    stopping.stop();

    const restarted = createDashboardFeed({ logger });
    const follower = followChangeFeed(hub.feed, restarted, name);
    // Once the stopped node's lease is given back, the next one reads on from the stored position.
    await vi.waitFor(async () => {
      await follower.catchUp();
      expect(follower.position).toBe(last);
    });
    await restarted.settled();
    const { maintained, rebuilt } = await maintainedAndRebuilt(finals);
    expect(maintained).toEqual(rebuilt);
    follower.stop();
  });
});
