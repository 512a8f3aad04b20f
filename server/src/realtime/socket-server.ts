import type { Server as HttpServer } from 'node:http';
import { parse as parseCookie } from 'hono/utils/cookie';
import mongoose from 'mongoose';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import {
  rooms,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type THandshakeRateLimited,
  type TViewingNotice,
} from '@mowakaba/shared/events';
import { errorBody } from '../errors.js';
import type { Logger } from '../logger.js';
import { getHandshakeClientIp } from '../middleware/client-ip.js';
import { SESSION_COOKIE } from '../middleware/session.js';
import {
  findLiveSessionKeys,
  forgetExpiredSessions,
  findSessionUser,
  onSessionsEnded,
  onUserAccessChanged,
  sessionKey,
  type SessionSettings,
} from '../modules/auth/sessions.service.js';
import { findLiveWallboardLinkIds, findWallboardLink, isSignedWallboardToken, onWallboardLinkRevoked } from '../modules/dashboard/index.js';
import { markOffline, restoreChosenPresence } from '../modules/presence/presence.service.js';
import { readBackoff, recordFailure, type BackoffRule } from '../modules/rate-limit/rate-limit.service.js';
import { getTeamsOf } from '../modules/teams/teams.service.js';
import { canSeeTicket } from '../modules/tickets/tickets.service.js';
import type { RealtimeHub } from './realtime-hub.js';
import type { AppScope } from '../platform/app-state.js';
import { getStorage } from '../platform/storage/index.js';

export interface SocketData {
  userId: string;
  name: string;
  role: string;
  /** The stored key of the session the console connected with; its end closes the console. */
  sessionKey: string;
  /** Set for a TV connected with a wallboard link's token instead of a session: it only receives `dashboard.live`. */
  wallboard?: { linkId: string; teamId: string | null };
}

/** What nodes tell each other through the adapter (Redis when several nodes run). */
export interface InterServerEvents {
  'feed-appended': () => void;
  'sessions-ended': () => void;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type ConsoleSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const VIEW_ACTIVITIES = new Set<TViewingNotice['activity']>(['viewing', 'typing', 'left']);

// A console is in a handful of rooms; a sync naming more, or numbers that cannot be, is refused.
const ZSyncRequest = z.object({ rooms: z.record(z.string().max(100), z.number().int().min(0)) }).refine((request) => Object.keys(request.rooms).length <= 50);
// A sync replays from the database; a console needs one after each reconnect, not a stream of them.
const SYNC_INTERVAL_MS = 1_000;
// Sessions also end by expiry, which nothing announces: each node looks at its consoles' sessions this often.
const SESSION_SWEEP_MS = 60_000;

/**
 * Failed handshakes (a forged, revoked or expired cookie, an unknown wallboard token) per address:
 * past the free ones the address waits, twice as long after each further failure, and is refused
 * meanwhile; only a cookie or a wallboard token bearing the server's signature is looked up first, so
 * a console with a live session, or a TV with its link, connects even from a waiting address. A
 * handshake that succeeds is never counted, so
 * consoles reconnecting after a cut or a deploy are never held up by it.
 */
export const HANDSHAKE_FAILURE_BACKOFF: BackoffRule = {
  bucket: 'socket-handshake',
  freeFailures: 10,
  firstDelayMs: 10_000,
  maxDelayMs: 10 * 60_000,
  forgetAfterMs: 30 * 60_000,
};

/** The `connect_error` a client receives while its address waits. */
function rateLimitedHandshake(retryAfterSeconds: number): Error & { data: THandshakeRateLimited } {
  return Object.assign(new Error('rate-limited'), { data: { code: 'rate-limited' as const, retryAfterSeconds } });
}

const sessionRoom = (key: string) => `session:${key}`;
const wallboardLinkRoom = (linkId: string) => `wallboard-link:${linkId}`;

/** socket.io on the HTTP server; a connection without a valid session cookie is refused, and an address that keeps failing waits. */
export function createSocketServer(
  httpServer: HttpServer,
  options: {
    sessionSettings: SessionSettings;
    publicUrl: string;
    logger: Logger;
    hub: RealtimeHub;
    /** How long an agent with no console left stays in their presence before going offline. */
    presenceGraceMs?: number;
    /** The app whose caches socket events are served with (see composition.ts). */
    scope?: AppScope;
    /** How often this node looks for consoles whose session expired (a minute; shorter in tests). */
    sessionSweepMs?: number;
    /** Whether the client's address is the first X-Forwarded-For hop (behind a reverse proxy). */
    trustProxy?: boolean;
  },
): RealtimeServer {
  // socket.io's engine loses the caller's async context: its middleware, events and disconnections enter the app's scope again.
  const inScope = <A extends unknown[], R>(handler: (...args: A) => R) => (...args: A): R => (options.scope ? options.scope.run(() => handler(...args)) : handler(...args));
  const presenceGraceMs = options.presenceGraceMs ?? 60_000;
  const publicOrigin = new URL(options.publicUrl).origin;
  const io: RealtimeServer = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    cors: { origin: publicOrigin, credentials: true },
    // CORS does not cover WebSockets: a page of another site must not open a console with the user's cookie.
    allowRequest: (request, callback) => {
      const origin = request.headers.origin;
      const ownOrigin = `${(request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${request.headers.host ?? ''}`;
      callback(null, origin === undefined || origin === publicOrigin || origin === ownOrigin);
    },
  });

  // Through the adapter, these reach the consoles on every node.
  const stopAccessListener = onUserAccessChanged((userId) => io.in(rooms.user(userId)).disconnectSockets(true));
  const stopSessionListener = onSessionsEnded((key) => {
    if (key) io.in(sessionRoom(key)).disconnectSockets(true);
  });
  const stopRevocationListener = onWallboardLinkRevoked((linkId) => io.in(wallboardLinkRoom(linkId)).disconnectSockets(true));
  const stopSweeping = getStorage().clock.every(
    options.sessionSweepMs ?? SESSION_SWEEP_MS,
    inScope(() => closeExpiredConsoles(io).catch((error: unknown) => options.logger.warn({ err: error }, 'could not check console sessions'))),
  );
  httpServer.once('close', () => {
    stopAccessListener();
    stopSessionListener();
    stopRevocationListener();
    stopSweeping();
  });

  io.use((_socket, next) => inScope(next)());
  io.use(async (socket, next) => {
    try {
      const address = getHandshakeClientIp(socket.handshake, options.trustProxy ?? false);
      const wallboardToken: unknown = socket.handshake.auth?.wallboardToken;
      const token = typeof wallboardToken === 'string' ? undefined : parseCookie(socket.handshake.headers.cookie ?? '', SESSION_COOKIE)[SESSION_COOKIE];
      // The session first, whatever the address: the wait slows guessing down and must never lock out
      // the agents who share an address (an office, a mobile carrier) with whoever guesses. A token
      // without the server's signature is refused before any read, so guessing gains nothing here.
      const user = token ? await findSessionUser(token, options.sessionSettings) : undefined;
      if (user) {
        socket.data = { userId: user._id.toString(), name: user.name, role: user.role, sessionKey: sessionKey(token!, options.sessionSettings) };
        next();
        return;
      }
      // The same for a TV: a wallboard token the server signed is looked up before the wait.
      const signedLink = typeof wallboardToken === 'string' && isSignedWallboardToken(wallboardToken, options.sessionSettings.secret);
      let link = signedLink ? await findWallboardLink(wallboardToken) : undefined;
      if (!link) {
        const backoff = await readBackoff(HANDSHAKE_FAILURE_BACKOFF, address);
        if (!backoff.allowed) {
          next(rateLimitedHandshake(backoff.retryAfterSeconds));
          return;
        }
        // A link made before its token was signed opens only outside the wait.
        if (typeof wallboardToken === 'string' && !signedLink) link = await findWallboardLink(wallboardToken);
      }
      if (!link) {
        await recordFailure(HANDSHAKE_FAILURE_BACKOFF, address);
        next(new Error('unauthenticated'));
        return;
      }
      socket.data = { userId: '', name: link.label, role: 'wallboard', sessionKey: '', wallboard: { linkId: link.id, teamId: link.teamId } };
      next();
    } catch (error) {
      options.logger.error({ err: error }, 'socket authentication failed');
      next(new Error('unavailable'));
    }
  });

  io.on('connection', async (socket) => {
    if (socket.data.wallboard) {
      await serveWallboard(socket, socket.data.wallboard).catch((error: unknown) => {
        options.logger.warn({ err: error }, 'could not join the wallboard room');
        socket.disconnect(true);
      });
      return;
    }
    const { userId } = socket.data;
    socket.use((_packet, next) => inScope(next)());
    // Handlers first: a client may speak as soon as it is connected, before the rooms are joined.
    let lastSyncAt = 0;
    socket.on('sync', async (request, acknowledge) => {
      if (typeof acknowledge !== 'function') return;
      const parsed = ZSyncRequest.safeParse(request);
      if (!parsed.success) {
        acknowledge({ rooms: {} });
        return;
      }
      const now = getStorage().clock.now().getTime();
      const tooSoon = now - lastSyncAt < SYNC_INTERVAL_MS;
      lastSyncAt = now;
      try {
        // Syncing again at once costs the sender a snapshot (a refetch), not the database a replay.
        acknowledge(tooSoon ? await options.hub.snapshot(parsed.data, socket.rooms) : await options.hub.sync(parsed.data, socket.rooms));
      } catch (error) {
        options.logger.warn({ err: error }, 'sync failed');
        acknowledge({ rooms: Object.fromEntries(Object.keys(request.rooms).map((room) => [room, { snapshot: true, lastSeq: 0 }])) });
      }
    });

    // Collision detection: who else has this ticket open, or is typing in it.
    // Only a console allowed to see the ticket joins its viewers' room (its events carry the ticket's data).
    socket.on('ticket.view', async (request) => {
      if (typeof request?.ticketId !== 'string' || !mongoose.isValidObjectId(request.ticketId) || !VIEW_ACTIVITIES.has(request.activity)) return;
      const room = rooms.ticket(request.ticketId);
      const notice: TViewingNotice = { ticketId: request.ticketId, userId, name: socket.data.name, activity: request.activity };
      if (request.activity === 'left') {
        if (!socket.rooms.has(room)) return;
        await socket.leave(room);
      } else if (!socket.rooms.has(room)) {
        const allowed = await canSeeTicket(request.ticketId, { id: userId, role: socket.data.role }).catch(() => false);
        if (!allowed) return;
        await socket.join(room);
      }
      socket.to(room).emit('ticket.viewers', notice);
    });

    socket.on('disconnecting', () => {
      for (const room of socket.rooms) {
        if (!room.startsWith('ticket:')) continue;
        socket.to(room).emit('ticket.viewers', { ticketId: room.slice('ticket:'.length), userId, name: socket.data.name, activity: 'left' });
      }
    });

    socket.on('disconnect', () => {
      // Once, after the grace period: the clock only repeats, so the first run stops it.
      const stopWaiting = getStorage().clock.every(presenceGraceMs, inScope(() => {
        stopWaiting();
        return markOfflineWithoutConsoles(io, userId, options.hub).catch((error: unknown) =>
          options.logger.warn({ err: error }, 'could not update presence after disconnect'),
        );
      }));
    });

    // The database may be gone by now (a shutdown under way): a failed join ends this socket, not the process.
    await joinRooms(socket, options.hub).catch((error: unknown) => {
      options.logger.warn({ err: error }, 'could not join rooms');
      socket.disconnect(true);
    });
    // After a reload or a new sign-in the agent is back in the state they chose, not offline.
    await restoreChosenPresence(userId, options.hub).catch((error: unknown) => options.logger.warn({ err: error }, 'could not restore presence'));
  });

  options.hub.attach(io);
  return io;
}

/** Sets an agent offline once no console of theirs is connected to any node. */
async function markOfflineWithoutConsoles(io: RealtimeServer, userId: string, hub: RealtimeHub): Promise<void> {
  const consoles = await io.in(rooms.user(userId)).fetchSockets();
  if (consoles.length > 0) return;
  await markOffline(userId, hub);
}

/** Puts a console in its user, role and team rooms, then tells it each room's current number. */
async function joinRooms(socket: ConsoleSocket, hub: RealtimeHub): Promise<void> {
  const { userId, role } = socket.data;
  const teams = await getTeamsOf(userId);
  // Admins see everything supervisors see, through the same room.
  const roleRooms = role === 'admin' ? [rooms.role('admin'), rooms.role('supervisor')] : [rooms.role(role)];
  const joined = [rooms.user(userId), ...roleRooms, ...teams.map((team) => rooms.team(team._id.toString()))];
  await socket.join([...joined, sessionRoom(socket.data.sessionKey)]);
  socket.emit('welcome', await hub.currentSequences(joined));
}

/**
 * A TV: in its link's rooms only, so it receives `dashboard.live` and nothing else; whatever it
 * sends is refused (an acknowledgement, if it asks for one, gets a 403 error body).
 */
async function serveWallboard(socket: ConsoleSocket, wallboard: { linkId: string; teamId: string | null }): Promise<void> {
  socket.onAny((...args: unknown[]) => {
    const acknowledge = args.at(-1);
    if (typeof acknowledge === 'function') acknowledge(errorBody('forbidden', 'a wallboard link only receives the live dashboard'));
  });
  await socket.join([rooms.wallboard(wallboard.teamId), wallboardLinkRoom(wallboard.linkId)]);
}

/** Closes this node's consoles whose session has expired (or ended without a word reaching this node), and TVs whose link is gone. */
async function closeExpiredConsoles(io: RealtimeServer): Promise<void> {
  const sockets = await io.local.fetchSockets();
  const [consoles, tvs] = [sockets.filter((socket) => !socket.data.wallboard), sockets.filter((socket) => socket.data.wallboard)];
  const live = await findLiveSessionKeys([...new Set(consoles.map((socket) => socket.data.sessionKey))]);
  const expired = consoles.filter((socket) => !live.has(socket.data.sessionKey));
  forgetExpiredSessions(expired.map((socket) => socket.data.sessionKey));
  for (const socket of expired) socket.disconnect(true);
  const liveLinks = await findLiveWallboardLinkIds(tvs.map((socket) => socket.data.wallboard!.linkId));
  for (const socket of tvs) if (!liveLinks.has(socket.data.wallboard!.linkId)) socket.disconnect(true);
}
