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
