import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { RealtimeServer } from './socket-server.js';

/** Shares rooms and broadcasts between nodes through Redis; returns what closes the connections. */
export async function useRedisAdapter(io: RealtimeServer, redisUrl: string): Promise<() => Promise<void>> {
  const publisher = createClient({ url: redisUrl });
  const subscriber = publisher.duplicate();
  await Promise.all([publisher.connect(), subscriber.connect()]);
  io.adapter(createAdapter(publisher, subscriber));
  return async () => {
    await Promise.allSettled([publisher.quit(), subscriber.quit()]);
  };
}
