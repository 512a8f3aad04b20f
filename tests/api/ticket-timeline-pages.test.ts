import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ZTicketTimeline, type TTicketEntry } from '@mowakaba/shared/schemas/tickets';
import { eraseMessageEntriesBefore, eraseTicketsPersonalData } from '../../server/src/modules/tickets/ticket-personal-data.service.js';
import { appendTicketEntries, moveTicketEntries } from '../../server/src/modules/tickets/ticket.store.js';
import { addTimelineEntriesToPages, rebuildTimelinePages, timelineListOf } from '../../server/src/modules/tickets/timeline-pages.js';
import { getStorage, type OrderedListEntry } from '../../server/src/platform/storage/index.js';
import { TicketEntryModel } from '../../server/src/modules/tickets/ticket-entry.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

type App = ReturnType<typeof createTestApp>['app'];

async function readTimeline(app: App, cookie: string, ticketId: string, query: string) {
  const response = await app.request(`/api/tickets/${ticketId}/timeline?${query}`, { headers: { Cookie: cookie } });
  expect(response.status).toBe(200);
  return ZTicketTimeline.parse(await json(response));
}

/** Every entry, page by page, following the cursors. */
async function readWholeTimeline(app: App, cookie: string, ticketId: string, order: string, limit: number): Promise<TTicketEntry[]> {
  const all: TTicketEntry[] = [];
  let cursor: string | null = null;
  do {
    const page = await readTimeline(app, cookie, ticketId, `order=${order}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

async function addNote(app: App, cookie: string, ticketId: string, body: string) {
  const response = await app.request(`/api/tickets/${ticketId}/entries`, jsonRequest('POST', { kind: 'internal-note', body }, cookie));
  expect(response.status).toBe(201);
}

/** A timeline's pages as stored: every key with the summary kept beside it. */
async function readStoredPages(ticketId: string): Promise<OrderedListEntry[]> {
  const all: OrderedListEntry[] = [];
  for (;;) {
    const page = await getStorage().lists.readEntries(timelineListOf(ticketId), { limit: 100, after: all.at(-1)?.key, direction: 'ascending' });
    all.push(...page);
    if (page.length < 100) return all;
  }
}

describe('ticket timeline pages', () => {
  it('a long timeline reads newest first page by page, and older pages stay put while new entries arrive', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const ticket = await postTicket(app, cookie);
    for (let n = 1; n <= 45; n += 1) await addNote(app, cookie, ticket.id, `note ${n}`);

    const first = await readTimeline(app, cookie, ticket.id, 'order=newest-first&limit=20');
    expect(first.items.map((entry) => entry.body)).toEqual(Array.from({ length: 20 }, (_, index) => `note ${45 - index}`));
    // A colleague writes while the agent scrolls back: the older pages neither repeat nor skip.
    await addNote(app, cookie, ticket.id, 'note 46');
    const second = await readTimeline(app, cookie, ticket.id, `order=newest-first&limit=20&cursor=${first.nextCursor}`);
    const third = await readTimeline(app, cookie, ticket.id, `order=newest-first&limit=20&cursor=${second.nextCursor}`);
    expect(second.items.map((entry) => entry.body)).toEqual(Array.from({ length: 20 }, (_, index) => `note ${25 - index}`));
    expect(third.items.map((entry) => entry.body)).toEqual(['note 5', 'note 4', 'note 3', 'note 2', 'note 1']);
    expect(third.nextCursor).toBeNull();

    const oldestFirst = await readWholeTimeline(app, cookie, ticket.id, 'oldest-first', 7);
    expect(oldestFirst.map((entry) => entry.body)).toEqual(Array.from({ length: 46 }, (_, index) => `note ${index + 1}`));
    expect(await readWholeTimeline(app, cookie, ticket.id, 'newest-first', 13)).toEqual([...oldestFirst].reverse());
  }, 60_000);

  it('a cursor it did not give, or an unknown order, is refused with 400 in the error shape', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const ticket = await postTicket(app, cookie);
    for (const query of ['cursor=bm90LWEta2V5', 'cursor=%24%24%24', 'order=sideways']) {
      const response = await app.request(`/api/tickets/${ticket.id}/timeline?${query}`, { headers: { Cookie: cookie } });
      expect(response.status).toBe(400);
      expect(await json(response)).toMatchObject({ error: { code: 'validation_failed', details: [expect.objectContaining({ path: query.startsWith('cursor') ? 'cursor' : 'order' })] } });
    }
  });

  it('after random concurrent and redelivered appends, the maintained pages equal a rebuild from the entries', async () => {
    const { app, hub } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const tickets = await Promise.all(Array.from({ length: 4 }, () => postTicket(app, cookie)));
    let seed = 11;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let round = 0; round < 6; round += 1) {
      const batches = Array.from({ length: 5 }, () =>
        Array.from({ length: 1 + Math.floor(next() * 6) }, () => ({
          ticketId: tickets[Math.floor(next() * tickets.length)]!.id as string,
          kind: 'internal-note' as const,
          body: `round ${round}`,
        })),
      );
      const written = await Promise.all(batches.map((batch) => appendTicketEntries(batch, hub)));
      // A redelivery of the same entries, concurrent with the next writes, changes nothing.
      await Promise.all(written.slice(0, 2).map((entries) => addTimelineEntriesToPages(entries)));
    }
    // Texts change after they were paged: a message's retention, an erasure on request, and a merge moving entries.
    await appendTicketEntries([{ ticketId: tickets[1]!.id, kind: 'message', body: 'رسالة قديمة', data: { direction: 'inbound', channel: 'sms' } }], hub);
    await eraseMessageEntriesBefore(new Date(Date.now() + 60_000), hub);
    await eraseTicketsPersonalData({ email: 'requester@example.org', ticketIds: [tickets[2]!.id] }, hub, null);
    await moveTicketEntries(tickets[3]!.id, tickets[0]!.id, hub);
    const snapshot = async () => Promise.all(tickets.map((ticket) => readWholeTimeline(app, cookie, ticket.id, 'oldest-first', 9)));
    const maintained = await snapshot();
    const maintainedPages = await Promise.all(tickets.map((ticket) => readStoredPages(ticket.id)));
    expect(maintainedPages.flat().every((entry) => entry.value !== null)).toBe(true);
    // What the agent reads shows the changes: the erased texts are gone, the merged notes moved.
    expect(maintained[1]!.filter((entry) => entry.kind === 'message').map((entry) => entry.body)).toEqual(['']);
    expect(maintained[2]!.every((entry) => entry.body === '')).toBe(true);
    expect(maintained[3]!).toEqual([]);
    const stored = await Promise.all(tickets.map((ticket) => TicketEntryModel.find({ ticketId: new mongoose.Types.ObjectId(ticket.id as string) }).sort({ createdAt: 1, _id: 1 }).lean()));
    expect(maintained.map((entries) => entries.map((entry) => entry.id))).toEqual(stored.map((entries) => entries.map((entry) => entry._id.toString())));

    const progress: Array<[number, number]> = [];
    await rebuildTimelinePages((done, total) => progress.push([done, total]));
    expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
    expect(await snapshot()).toEqual(maintained);
    expect(await Promise.all(tickets.map((ticket) => readStoredPages(ticket.id)))).toEqual(maintainedPages);
  }, 60_000);

  it('pages written before summaries were kept still read whole, each entry from the record', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const ticket = await postTicket(app, cookie);
    for (let n = 1; n <= 5; n += 1) await addNote(app, cookie, ticket.id, `note ${n}`);
    const summarised = await readWholeTimeline(app, cookie, ticket.id, 'newest-first', 2);
    // The keys alone, as the previous version wrote them.
    await getStorage().lists.replace(timelineListOf(ticket.id), (await readStoredPages(ticket.id)).map((entry) => entry.key));
    expect((await readStoredPages(ticket.id)).every((entry) => entry.value === null)).toBe(true);
    expect(await readWholeTimeline(app, cookie, ticket.id, 'newest-first', 2)).toEqual(summarised);
    expect(summarised.slice(0, 5).map((entry) => entry.body)).toEqual(['note 5', 'note 4', 'note 3', 'note 2', 'note 1']);
  }, 60_000);
});
