import { useInfiniteQuery } from '@tanstack/react-query';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { apiRequest } from '../../lib/api-client';
import { callKeys } from './call-keys';

const PAGE_SIZE = '50';

/** The call log under the filters of the URL (`GET /api/calls`), newest first, page after page. */
export function useCallLog(filters: Record<string, string>) {
  return useInfiniteQuery({
    queryKey: [...callKeys.all, 'log', filters],
    queryFn: ({ pageParam }) =>
      apiRequest<{ items: TCall[]; nextCursor: string | null }>(`/api/calls?${new URLSearchParams({ ...filters, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) })}`),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
