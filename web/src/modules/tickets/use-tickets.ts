import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ZTicketListQuery, type TCreateTicketEntryRequest, type TTicket, type TTicketEntry, type TUpdateTicketRequest } from '@mowakaba/shared/schemas/tickets';
import { placeTicket, type TListViewer } from '@mowakaba/shared/tickets/ticket-list-match';
import { ApiError, apiRequest } from '../../lib/api-client';
import { readKeepingNewer, readWithCachedSince } from '../../lib/read-keeping-newer';
import { useSession } from '../auth/use-session';
import { ticketKeys } from './ticket-keys';
import { refreshTimeline, timelinePagePath, type TimelinePage } from './timeline-cache';

export interface TicketPage {
  items: TTicket[];
  nextCursor: string | null;
}

/**
 * One page of the queue, for its query. A ticket whose event reached the console while the page was
 * on its way is put where it now belongs, as the event itself put it in the cached pages: the older
 * page would otherwise undo the event (a ticket a colleague just took back in the unassigned queue).
 */
export async function readTicketPage(queryClient: QueryClient, params: Record<string, string>, viewer: TListViewer | null): Promise<TicketPage> {
  const { answered, cachedSince } = await readWithCachedSince<TicketPage, TTicket>(queryClient, ticketKeys.details(), () =>
    apiRequest<TicketPage>(`/api/tickets?${new URLSearchParams(params).toString()}`),
  );
  const query = ZTicketListQuery.safeParse(params);
  if (!viewer || !query.success) return answered;
  let page = answered;
  for (const ticket of cachedSince) {
    const placed = placeTicket(page, ticket, query.data, viewer, params.cursor !== undefined);
    if (placed !== 'undecided') page = placed;
  }
  return page;
}

/** One page of the queue for the given server-side filters, sort and cursor (not asked while `enabled` is false). */
export function useTicketList(params: Record<string, string>, enabled = true) {
  const queryClient = useQueryClient();
  const { data: user } = useSession();
  const viewer = user ? { userId: user.id, teamIds: user.teamIds } : null;
  return useQuery({
    queryKey: ticketKeys.list(params),
    queryFn: () => readTicketPage(queryClient, params, viewer),
    placeholderData: (previous) => previous,
    enabled,
  });
}

/** A ticket, for its query; a newer version a live event brought while the read was on its way is kept (a save from the older one would be refused as stale). */
export function readTicket(queryClient: QueryClient, id: string): Promise<TTicket> {
  return readKeepingNewer(queryClient, ticketKeys.detail(id), () => apiRequest<TTicket>(`/api/tickets/${id}`), (cached, answered) => cached.version > answered.version);
}

export function useTicket(id: string) {
  const queryClient = useQueryClient();
  return useQuery({ queryKey: ticketKeys.detail(id), queryFn: () => readTicket(queryClient, id) });
}

/** A ticket's timeline, newest page first; older pages load on demand and live changes patch the loaded ones. */
export function useTicketTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: ticketKeys.timeline(id),
    queryFn: ({ pageParam }) => apiRequest<TimelinePage>(timelinePagePath(id, pageParam)),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useUpdateTicket(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: TUpdateTicketRequest) => apiRequest<TTicket>(`/api/tickets/${id}`, { method: 'PATCH', body: changes }),
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(id), ticket);
      void refreshTimeline(queryClient, id);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
    onError: (error) => {
      // 409: a colleague saved first; the answer carries the ticket as it now is, shown at once.
      const current = error instanceof ApiError && error.code === 'conflict' ? (error.details as { current?: TTicket } | undefined)?.current : undefined;
      if (current) queryClient.setQueryData(ticketKeys.detail(id), current);
      else void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) });
    },
  });
}

export function useAddEntry(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (entry: TCreateTicketEntryRequest) =>
      apiRequest<TTicketEntry>(`/api/tickets/${id}/entries`, { method: 'POST', body: entry }),
    onSuccess: () => {
      void refreshTimeline(queryClient, id);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) });
    },
  });
}

export function useTakeNext() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<TTicket>('/api/tickets/take-next', { method: 'POST' }),
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(ticket.id), ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });
}
