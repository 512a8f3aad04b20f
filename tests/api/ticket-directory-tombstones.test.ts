import mongoose from 'mongoose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { createLiveTicketDirectory, keepDirectorySnapshot } from '../../server/src/modules/tickets/live-ticket-directory.js';
import { applyToDirectorySnapshot, readDirectorySnapshot, readDirectoryTombstones } from '../../server/src/modules/tickets/ticket-directory-snapshot.js';
import { removeTicket, TICKET_STREAM } from '../../server/src/modules/tickets/ticket.store.js';
import { isTombstonePrunable, TOMBSTONE_GRACE_MS } from '../../server/src/modules/tickets/tombstone-horizon.js';
import { createManualClock } from '../../server/src/platform/clock.js';
import { FEED_RETENTION_MS } from '../../server/src/platform/events/change-feed.js';
import { chooseStorage, type FeedEntry } from '../../server/src/platform/storage/index.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

// Tombstones age with this clock; it is set forward (never advanced), so no poll runs meanwhile.
const clock = createManualClock(new Date());
beforeAll(async () => {
  await chooseStorage(mongoose.connection, clock);
});

const lateEntryAbout = (ticket: TTicket, position: number): FeedEntry => ({
  position,
  at: clock.now(),
  stream: TICKET_STREAM,
  recordId: ticket.id,
  version: ticket.version,
  type: 'ticket.updated',
  payload: { ticket, actorId: null },
  rooms: [],
});

describe('removal tombstones of the ticket directory', () => {
  it('stop late entries while they may come, then are pruned from every node and the snapshot, and the removed ticket stays gone', async () => {
    const { app, hub, ticketDirectory } = createTestApp();
    const snapshotKeeper = keepDirectorySnapshot(hub.feed);
    const { cookie } = await createSignedInUser(app, 'supervisor');
    await ticketDirectory.ensureLoaded();
    const removed = await postTicket(app, cookie, { subject: 'Ticket de démonstration' });
    const kept = await postTicket(app, cookie, { subject: 'Renouvellement du bureau' });
    const listed = async () =>
      ((await json(await app.request('/api/tickets?limit=100&sort=-createdAt', { headers: { Cookie: cookie } }))).items as TTicket[]).map((ticket) => ticket.id).sort();

    expect(await removeTicket(removed.id, { actor: null, publisher: hub })).toBe(true);
    // Read again until applied: an entry appended just before (a creation's events) may still be
    // on its way, and the keeper waits for such a gap to fill (this clock never times it out).
    await vi.waitFor(async () => {
      await snapshotKeeper.catchUp();
      expect((await readDirectoryTombstones()).get(removed.id)).toMatchObject({ version: removed.version + 1, guard: { position: expect.any(Number) } });
    }, { timeout: 10_000 });
    const stored = await readDirectoryTombstones();
    expect(ticketDirectory.directory.tombstones().map((tombstone) => tombstone.id)).toEqual([removed.id]);

    // Inside the grace, a change saved before the removal but appended after it changes nothing.
    const late = lateEntryAbout(removed, stored.get(removed.id)!.guard!.position + 1);
    ticketDirectory.applyFeedEntries([late]);
    await applyToDirectorySnapshot([late]);
    expect(await listed()).toEqual([kept.id]);
    expect((await readDirectoryTombstones()).has(removed.id)).toBe(true);

    // Past the grace, the next change applied prunes it everywhere.
    clock.set(new Date(clock.now().getTime() + TOMBSTONE_GRACE_MS + 60_000));
    const patched = await app.request(`/api/tickets/${kept.id}`, jsonRequest('PATCH', { version: kept.version, priority: 'high' }, cookie));
    expect(patched.status).toBe(200);
    // The snapshot's lease ran out with the clock: the keeper takes it again, then applies.
    await snapshotKeeper.catchUp();
    await snapshotKeeper.catchUp();
    expect((await readDirectoryTombstones()).has(removed.id)).toBe(false);
    await ticketDirectory.settled();
    expect(ticketDirectory.directory.tombstones()).toEqual([]);

    // The removed ticket stays gone: in lists, in the snapshot, and for a node started now.
    const snapshot = await readDirectorySnapshot();
    const rows: string[] = [];
    for await (const chunk of snapshot!.chunks) rows.push(...chunk.map((summary) => summary.id));
    expect(rows).toEqual([kept.id]);
    const startedNow = createLiveTicketDirectory(hub.feed);
    await startedNow.ensureLoaded();
    expect([...startedNow.directory.summaries()].map((summary) => summary.id)).toEqual([kept.id]);

    // A ticket created after takes the forgotten slot and is listed like any other.
    const next = await postTicket(app, cookie, { subject: 'Demande de partenariat' });
    expect(await listed()).toEqual([kept.id, next.id].sort());
    expect(ticketDirectory.directory.size).toBe(2);
    snapshotKeeper.stop();
  }, 60_000);

  it('are kept while a holder has not applied the feed past the removal, unless the removal is older than the feed keeps entries', () => {
    const at = Date.parse('2026-03-02T09:00:00Z');
    const guard = { position: 120, at };
    const later = (ms: number) => at + ms;
    expect(isTombstonePrunable(guard, { appliedPosition: 500, now: later(TOMBSTONE_GRACE_MS - 1) })).toBe(false);
    expect(isTombstonePrunable(guard, { appliedPosition: 119, now: later(TOMBSTONE_GRACE_MS * 24) })).toBe(false);
    expect(isTombstonePrunable(guard, { appliedPosition: 120, now: later(TOMBSTONE_GRACE_MS) })).toBe(true);
    expect(isTombstonePrunable(guard, { appliedPosition: 0, now: later(FEED_RETENTION_MS + 1) })).toBe(true);
  });
});
