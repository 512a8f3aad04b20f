import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { ZTicketListQuery, type TTicket } from '@mowakaba/shared/schemas/tickets';
import { placeTicket, type TListViewer } from '@mowakaba/shared/tickets/ticket-list-match';
import { withKnownTicketNumber } from '../realtime/keep-known-numbers';
import { ticketKeys } from './ticket-keys';
import type { TicketPage } from './use-tickets';

/**
 * Puts a changed ticket where it belongs in every cached page of the ticket lists, from the event's
 * payload alone: replaced, moved, added or removed. Returns the lists it could not decide for (a text
 * search, a team view when the viewer's teams are unknown, a ticket sorting before the first row of a
 * later page, a page that would fall short of its size): only those are refetched.
 */
export function applyTicketToLists(queryClient: QueryClient, ticket: TTicket, viewer: TListViewer): QueryKey[] {
  const undecided: QueryKey[] = [];
  for (const [key, page] of queryClient.getQueriesData<TicketPage>({ queryKey: ticketKeys.lists() })) {
    if (!page) continue;
    const params = (key[2] ?? {}) as Record<string, string>;
    const parsed = ZTicketListQuery.safeParse(params);
    if (!parsed.success) continue;
    const known = page.items.find((item) => item.id === ticket.id);
    const placed = placeTicket(page, withKnownTicketNumber(known, ticket), parsed.data, viewer, params.cursor !== undefined);
    if (placed === 'undecided') undecided.push(key);
    else if (placed !== page) queryClient.setQueryData(key, placed);
  }
  return undecided;
}
