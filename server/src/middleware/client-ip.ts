import type { IncomingHttpHeaders } from 'node:http';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The first X-Forwarded-For hop behind a trusted proxy, else the address the connection came from. */
function chooseClientIp(forwardedFor: string | undefined, connectionAddress: () => string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = forwardedFor?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return connectionAddress() ?? 'unknown';
}

/** The caller's address: the first X-Forwarded-For hop behind a trusted proxy, else the socket's. */
export function getClientIp(c: Context, trustProxy: boolean): string {
  return chooseClientIp(c.req.header('x-forwarded-for'), () => {
    try {
      return getConnInfo(c).remote.address;
    } catch {
      // app.request() in tests has no socket.
      return undefined;
    }
  }, trustProxy);
}

/** The address of a socket.io handshake, chosen as for an HTTP request. */
export function getHandshakeClientIp(handshake: { headers: IncomingHttpHeaders; address: string }, trustProxy: boolean): string {
  const forwardedFor = handshake.headers['x-forwarded-for'];
  return chooseClientIp(Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor, () => handshake.address || undefined, trustProxy);
}
