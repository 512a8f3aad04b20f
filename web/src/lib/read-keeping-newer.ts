import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * What `read` answers for the query `queryKey`, unless the cache got a newer copy while the answer
 * was on its way (a live event applied meanwhile): React Query would otherwise put the older
 * answer over the event's copy, and the screen would stay on a state the record has left.
 */
export async function readKeepingNewer<T>(queryClient: QueryClient, queryKey: QueryKey, read: () => Promise<T>, isNewer: (cached: T, answered: T) => boolean): Promise<T> {
  const answered = await read();
  const cached = queryClient.getQueryData<T>(queryKey);
  return cached !== undefined && isNewer(cached, answered) ? cached : answered;
}

/**
 * Reads with `read`, then hands back what it answered and the records cached under `keyPrefix`
 * (each one's own query) since the read began: copies a live event or another read brought while
 * the answer was on its way, which the caller puts into the answer where they are newer.
 */
export async function readWithCachedSince<T, R>(queryClient: QueryClient, keyPrefix: QueryKey, read: () => Promise<T>): Promise<{ answered: T; cachedSince: R[] }> {
  const startedAt = Date.now();
  const answered = await read();
  const cachedSince = queryClient
    .getQueryCache()
    .findAll({ queryKey: keyPrefix })
    .filter((query) => query.state.data !== undefined && query.state.dataUpdatedAt > startedAt)
    .map((query) => query.state.data as R);
  return { answered, cachedSince };
}
