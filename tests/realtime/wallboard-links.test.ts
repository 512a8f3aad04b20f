import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rooms, type TEventEnvelope, type TLiveEnvelope } from '@mowakaba/shared/events';
import { ZDashboardLive } from '@mowakaba/shared/schemas/dashboard';
import { ZCreatedWallboardLink } from '@mowakaba/shared/schemas/wallboard-links';
import { createLogger } from '../../server/src/logger.js';
import { createDashboardFeed, followChangeFeed, startLiveBroadcast } from '../../server/src/modules/dashboard/index.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { nextMatching, startTestServer, type ConsoleSocket, type TestServer } from '../helpers/test-server.js';

useTestDatabase();

const feed = createDashboardFeed({ logger: createLogger('silent') });
let server: TestServer;
let stopBroadcast: () => void;
let stopFollowing: () => void;
let supervisor: string;
let teamId: string;
let teamWithoutTv: string;
const opened: ConsoleSocket[] = [];
/** Every room a dashboard.live was sent to. */
const snapshotRooms: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  stopFollowing = followChangeFeed(server.hub.feed, feed).stop;
  const publisher = { publish: (...[event, payload, to]: Parameters<TestServer['hub']['publish']>) => (snapshotRooms.push(...to), server.hub.publish(event, payload, to)) };
  stopBroadcast = startLiveBroadcast({ feed, publisher, activeTickets: server.ticketDirectory, logger: createLogger('silent') });
  supervisor = (await createSignedInUser(server.app, 'supervisor')).cookie;
  teamId = (await TeamModel.create({ key: 'tv-team', name: { ar: 'الفريق', fr: 'Équipe', en: 'Team' }, skills: { languages: ['ar'], topics: ['founding'] }, memberIds: [] }))._id.toString();
  teamWithoutTv = (await TeamModel.create({ key: 'no-tv-team', name: { ar: 'فريق بلا شاشة', fr: 'Équipe sans écran', en: 'No TV' }, skills: { languages: ['fr'], topics: ['funding'] }, memberIds: [] }))._id.toString();
});
afterAll(async () => {
  for (const socket of opened) socket.close();
  stopBroadcast();
  stopFollowing();
  await feed.settled();
  await server.close();
});

async function createLink(team?: string) {
  const response = await server.app.request('/api/dashboard/wallboard-links', jsonRequest('POST', { label: 'TV', ...(team ? { team } : {}) }, supervisor));
  return ZCreatedWallboardLink.parse(await json(response));
}

/** A TV's socket, opened with a link's token and no cookie. */
function openTv(token: string): Promise<ConsoleSocket> {
  const socket: ConsoleSocket = connectSocket(server.url, { transports: ['websocket'], auth: { wallboardToken: token }, reconnection: false });
  opened.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const backlogOf = (envelope: TLiveEnvelope) => ZDashboardLive.parse(envelope.payload).totals.backlog.total;

describe('a wallboard link’s TV', () => {
  it('receives dashboard.live as things change, scoped to its team, and no other event', async () => {
    const center = await openTv((await createLink()).token);
    const scoped = await openTv((await createLink(teamId)).token);
    const received: string[] = [];
    for (const socket of [center, scoped]) {
      socket.on('event', (envelope: TEventEnvelope) => received.push(envelope.event));
      socket.on('event.live', (envelope: TLiveEnvelope) => received.push(envelope.event));
    }
    const scopedSnapshot = nextMatching<TLiveEnvelope>(scoped, 'event.live', (envelope) => envelope.event === 'dashboard.live');
    // Listened for before the changes: on a loaded machine the snapshot can leave before the second answer arrives.
    const bothCounted = nextMatching<TLiveEnvelope>(center, 'event.live', (envelope) => envelope.event === 'dashboard.live' && backlogOf(envelope) === 2);
    await postTicket(server.app, supervisor);
    await postTicket(server.app, supervisor);
    await bothCounted;
    expect(ZDashboardLive.parse((await scopedSnapshot).payload).teams.map((team) => team.teamId)).toEqual([teamId]);
    expect(new Set(received)).toEqual(new Set(['dashboard.live']));
    // A team without a link gets no snapshot of its own: nothing could show it.
    expect(snapshotRooms).toContain(rooms.wallboard(teamId));
    expect(snapshotRooms).not.toContain(rooms.wallboard(teamWithoutTv));
  });

  it('has every event it sends refused: a sync gets 403, viewing a ticket joins nothing', async () => {
    const tv = await openTv((await createLink()).token);
    const answer = await tv.timeout(5_000).emitWithAck('sync', { rooms: { 'role:supervisor': 0 } });
    expect(answer).toEqual({ error: { code: 'forbidden', message: 'a wallboard link only receives the live dashboard' } });
    const ticket = await postTicket(server.app, supervisor);
    tv.emit('ticket.view', { ticketId: ticket.id, activity: 'viewing' });
    let sawTicket = false;
    tv.on('event.live', (envelope: TLiveEnvelope) => {
      if (envelope.event !== 'dashboard.live') sawTicket = true;
    });
    await server.app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: ticket.version, priority: 'high' }, supervisor));
    await nextMatching<TLiveEnvelope>(tv, 'event.live', (envelope) => envelope.event === 'dashboard.live');
    expect(sawTicket).toBe(false);
  });

  it('cannot connect with an unknown token', async () => {
    await expect(openTv('not-a-link')).rejects.toThrow('unauthenticated');
  });

  it('is disconnected at once when its link is revoked, and cannot come back', async () => {
    const { link, token } = await createLink();
    const tv = await openTv(token);
    const disconnected = new Promise<string>((resolve) => tv.once('disconnect', resolve));
    const revoke = await server.app.request(`/api/dashboard/wallboard-links/${link.id}`, { method: 'DELETE', headers: { Cookie: supervisor } });
    expect(revoke.status).toBe(204);
    expect(await disconnected).toBe('io server disconnect');
    await expect(openTv(token)).rejects.toThrow('unauthenticated');
  });
});
