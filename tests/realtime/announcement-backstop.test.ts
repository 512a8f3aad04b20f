import { describe, expect, it } from 'vitest';
import type { TEventEnvelope } from '@mowakaba/shared/events';
import { createSignedInUser } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { useManualClock, useTestDatabase } from '../helpers/test-database.js';
import { useTestServer } from '../helpers/test-server.js';
import { getStorage } from '../../server/src/platform/storage/index.js';
import { RealtimeEventModel } from '../../server/src/realtime/realtime-event.model.js';

useTestDatabase();

// The backstop reads the feed at its polls, once an entry is past the grace period: both move with this clock.
const clock = useManualClock();

const running = useTestServer();

/** Past the backstop's grace period (3 s), and one more of its reads. */
const PAST_THE_GRACE_MS = 4_000;

async function watchQueue(cookie: string) {
  const { socket } = await running.openConsole(cookie);
  const created: string[] = [];
  socket.on('event', (envelope: TEventEnvelope) => {
    if (envelope.room === 'role:agent' && envelope.event === 'ticket.created') created.push((envelope.payload as { ticket: { id: string } }).ticket.id);
  });
  return created;
}

describe('a saved change whose node died before announcing it', () => {
  it('still reaches the consoles, announced by the backstop a few seconds later', async () => {
    const agent = await createSignedInUser(running.server.app);
    const created = await watchQueue(agent.cookie);
    const ticket = await postTicket(running.server.app, agent.cookie, { subject: 'طلب لم يعلن عنه' });
    await expect.poll(() => created, { timeout: 5_000 }).toContain(ticket.id);

    // The same change stored in the feed again, as by a node that died right after saving it.
    await running.server.hub.feed.append([
      { stream: 'ticket', recordId: ticket.id, version: ticket.version, type: 'ticket.created', payload: { ticket, actorId: null }, rooms: ['role:agent'] },
    ]);
    await clock.advance(PAST_THE_GRACE_MS);
    await expect.poll(() => created.filter((id) => id === ticket.id).length).toBe(2);
  });

  it('is not announced twice when its node did announce it', async () => {
    const agent = await createSignedInUser(running.server.app);
    const created = await watchQueue(agent.cookie);
    const ticket = await postTicket(running.server.app, agent.cookie, { subject: 'طلب أعلن عنه' });
    await expect.poll(() => created, { timeout: 5_000 }).toContain(ticket.id);
    await clock.advance(PAST_THE_GRACE_MS);
    // A console receives its room's events in order: a second announcement would arrive before the next ticket.
    const next = await postTicket(running.server.app, agent.cookie, { subject: 'طلب بعده' });
    await expect.poll(() => created).toContain(next.id);
    expect(created.filter((id) => id === ticket.id)).toHaveLength(1);
  });

  it('still reaches the consoles, and is stored for replay, when its announcement mark is already there (announced twice)', async () => {
    const agent = await createSignedInUser(running.server.app);
    const created = await watchQueue(agent.cookie);
    // Marks for the next feed positions, as if the backstop had announced them first.
    const { head } = await getStorage().readFeed(0, 0);
    const expiresAt = new Date(clock.now().getTime() + 60_000);
    await RealtimeEventModel.collection.insertMany(Array.from({ length: 6 }, (_, index) => ({ _id: `feed#${head + 1 + index}` as never, expiresAt })));
    const ticket = await postTicket(running.server.app, agent.cookie, { subject: 'طلب أعلن عنه مرتين' });
    await expect.poll(() => created, { timeout: 5_000 }).toContain(ticket.id);
    const stored = await RealtimeEventModel.collection.findOne({ room: 'role:agent', event: 'ticket.created', 'payload.ticket.id': ticket.id });
    expect(stored).not.toBeNull();
  });
});
