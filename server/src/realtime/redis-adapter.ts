import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { RealtimeServer } from './socket-server.js';

/** Shares rooms and broadcasts between nodes through Redis; returns what closes the connections. */
export async function useRedisAdapter(io: RealtimeServer, redisUrl: string): Promise<(() => Promise<void>) & { isReady(): boolean }> {
  const publisher = createClient({ url: redisUrl });
  const subscriber = publisher.duplicate();
  await Promise.all([publisher.connect(), subscriber.connect()]);
  io.adapter(createAdapter(publisher, subscriber));
  const close = async () => {
    await Promise.allSettled([publisher.quit(), subscriber.quit()]);
  };
  // /metrics reports whether both connections are up (the client reconnects by itself).
  return Object.assign(close, { isReady: () => publisher.isReady && subscriber.isReady });
}
