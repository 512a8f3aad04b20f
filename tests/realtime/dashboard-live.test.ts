import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TEventEnvelope } from '@mowakaba/shared/events';
import { ZDashboardLive } from '@mowakaba/shared/schemas/dashboard';
import { createLogger } from '../../server/src/logger.js';
import { createDashboardFeed, followChangeFeed, startLiveBroadcast } from '../../server/src/modules/dashboard/index.js';
import { createSignedInUser } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { nextMatching, openConsole, startTestServer, type TestServer } from '../helpers/test-server.js';

useTestDatabase();

const feed = createDashboardFeed({ logger: createLogger('silent') });
let server: TestServer;
let stopBroadcast: () => void;
let stopFollowing: () => void;

beforeAll(async () => {
  server = await startTestServer();
  // As main.ts wires it: record changes (tickets, calls, messages) reach the rollups through the change feed.
  stopFollowing = followChangeFeed(server.hub.feed, feed).stop;
  stopBroadcast = startLiveBroadcast({ feed, publisher: server.hub, activeTickets: server.ticketDirectory, logger: createLogger('silent') });
});
afterAll(async () => {
  stopBroadcast();
  stopFollowing();
  await feed.settled();
  await server.close();
});

describe('dashboard.live', () => {
  it('reaches supervisors, coalesced to at most one a second, and never agents', async () => {
    const supervisor = await createSignedInUser(server.app, 'supervisor');
    const agent = await createSignedInUser(server.app, 'agent');
    const watching = await openConsole(server.url, supervisor.cookie);
    const bystander = await openConsole(server.url, agent.cookie);
    const received: Array<{ at: number; backlog: number }> = [];
    watching.socket.on('event', (envelope: TEventEnvelope) => {
      if (envelope.event === 'dashboard.live') received.push({ at: Date.now(), backlog: ZDashboardLive.parse(envelope.payload).totals.backlog.total });
    });
    let agentSawIt = false;
    bystander.socket.on('event', (envelope: TEventEnvelope) => {
      if (envelope.event === 'dashboard.live') agentSawIt = true;
    });

    for (let index = 0; index < 6; index += 1) await postTicket(server.app, supervisor.cookie);
    await nextMatching<TEventEnvelope>(watching.socket, 'event', (envelope) => envelope.event === 'dashboard.live' && (envelope.payload as { totals: { backlog: { total: number } } }).totals.backlog.total === 6);

    expect(received.length).toBeGreaterThanOrEqual(1);
    // Six tickets and their rollups, but snapshots a second apart (a little slack for the clock).
    expect(received.length).toBeLessThan(6);
    for (let index = 1; index < received.length; index += 1) expect(received[index]!.at - received[index - 1]!.at).toBeGreaterThanOrEqual(900);
    expect(agentSawIt).toBe(false);
    watching.socket.close();
    bystander.socket.close();
  });
});
