import type { Server as HttpServer } from 'node:http';
import { parse as parseCookie } from 'hono/utils/cookie';
import { Server } from 'socket.io';
import { rooms, type ClientToServerEvents, type ServerToClientEvents } from '../../../shared/src/events.js';
import type { Logger } from '../logger.js';
import { SESSION_COOKIE } from '../middleware/session.js';
import { findSessionUser, type SessionSettings } from '../modules/auth/sessions.service.js';

export interface SocketData {
  userId: string;
  role: string;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** socket.io on the HTTP server; a connection without a valid session cookie is refused. */
export function createSocketServer(
  httpServer: HttpServer,
  options: { sessionSettings: SessionSettings; publicUrl: string; logger: Logger },
): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    cors: { origin: new URL(options.publicUrl).origin, credentials: true },
  });

  io.use(async (socket, next) => {
    try {
      const cookies = parseCookie(socket.handshake.headers.cookie ?? '', SESSION_COOKIE);
      const token = cookies[SESSION_COOKIE];
      const user = token ? await findSessionUser(token, options.sessionSettings) : undefined;
      if (!user) {
        next(new Error('unauthenticated'));
        return;
      }
      socket.data = { userId: user._id.toString(), role: user.role };
      next();
    } catch (error) {
      options.logger.error({ err: error }, 'socket authentication failed');
      next(new Error('unavailable'));
    }
  });

  io.on('connection', (socket) => {
    void socket.join([rooms.user(socket.data.userId), rooms.role(socket.data.role)]);
  });

  return io;
}
