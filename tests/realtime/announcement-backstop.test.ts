import { describe, expect, it } from 'vitest';
import type { TEventEnvelope } from '@mowakaba/shared/events';
import { createSignedInUser } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { useTestServer } from '../helpers/test-server.js';

useTestDatabase();

const running = useTestServer();

async function watchQueue(cookie: string) {
  const { socket } = await running.openConsole(cookie);
  const created: string[] = [];
  socket.on('event', (envelope: TEventEnvelope) => {
    if (envelope.room === 'role:agent' && envelope.event === 'ticket.created') created.push((envelope.payload as { ticket: { id: string } }).ticket.id);
  });
  return created;
}

describe('a saved change whose node died before announcing it', () => {
  it('still reaches the consoles, announced by the backstop a few seconds later', { timeout: 20_000 }, async () => {
    const agent = await createSignedInUser(running.server.app);
    const created = await watchQueue(agent.cookie);
    const ticket = await postTicket(running.server.app, agent.cookie, { subject: 'طلب لم يعلن عنه' });
    await expect.poll(() => created, { timeout: 5_000 }).toContain(ticket.id);

    // The same change stored in the feed again, as by a node that died right after saving it.
    await running.server.hub.feed.append([
      { stream: 'ticket', recordId: ticket.id, version: ticket.version, type: 'ticket.created', payload: { ticket, actorId: null }, rooms: ['role:agent'] },
    ]);
    await expect.poll(() => created.filter((id) => id === ticket.id).length, { timeout: 10_000, interval: 200 }).toBe(2);
  });

  it('is not announced twice when its node did announce it', { timeout: 20_000 }, async () => {
    const agent = await createSignedInUser(running.server.app);
    const created = await watchQueue(agent.cookie);
    const ticket = await postTicket(running.server.app, agent.cookie, { subject: 'طلب أعلن عنه' });
    await expect.poll(() => created, { timeout: 5_000 }).toContain(ticket.id);
    // Past the backstop's grace period, and one more of its reads.
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(created.filter((id) => id === ticket.id)).toHaveLength(1);
  });
});
