import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { ZTicketListQuery, type TTicket } from '../../../../shared/src/schemas/tickets';
import { compareTicketsForList, matchesTicketListQuery, type TListViewer } from '../../../../shared/src/tickets/ticket-list-match';
import { ticketKeys } from './ticket-keys';
import type { TicketPage } from './use-tickets';

/**
 * Puts a changed ticket where it belongs in every cached page of the ticket lists, from the event's
 * payload alone: replaced, moved, added or removed. Returns the lists it could not decide for (a text
 * search, a team view when the viewer's teams are unknown, a ticket sorting before the first row of a
 * later page): only those are refetched.
 */
export function applyTicketToLists(queryClient: QueryClient, ticket: TTicket, viewer: TListViewer): QueryKey[] {
  const undecided: QueryKey[] = [];
  for (const [key, page] of queryClient.getQueriesData<TicketPage>({ queryKey: ticketKeys.lists() })) {
    if (!page) continue;
    const params = (key[2] ?? {}) as Record<string, string>;
    const parsed = ZTicketListQuery.safeParse(params);
    if (!parsed.success) continue;
    const placed = placeTicket(page, ticket, parsed.data, viewer, params.cursor !== undefined);
    if (placed === 'undecided') undecided.push(key);
    else if (placed !== page) queryClient.setQueryData(key, placed);
  }
  return undecided;
}

/** The page with the ticket in its place (the same page when nothing changes), or `undecided`. */
export function placeTicket(
  page: TicketPage,
  ticket: TTicket,
  query: ReturnType<typeof ZTicketListQuery.parse>,
  viewer: TListViewer,
  startsAtCursor: boolean,
): TicketPage | 'undecided' {
  const held = page.items.find((item) => item.id === ticket.id);
  // A late event never undoes a newer version the page already shows.
  if (held && held.version >= ticket.version) return page;
  const matches = matchesTicketListQuery(ticket, query, viewer);
  if (matches === undefined) return 'undecided';
  const others = page.items.filter((item) => item.id !== ticket.id);
  if (!matches) return held ? { ...page, items: others } : page;
  const position = others.findIndex((item) => compareTicketsForList(ticket, item, query.sort) < 0);
  // Before the first row of a later page: between this page's cursor and its first row, or on an earlier page.
  if (position === 0 && startsAtCursor) return 'undecided';
  // After the last row of a page with more after it: on a later page, which starts after that row.
  if (position === -1) return page.nextCursor === null ? { ...page, items: [...others, ticket] } : held ? { ...page, items: others } : page;
  // A page may grow past its size: its next cursor still starts after its last row.
  return { ...page, items: [...others.slice(0, position), ticket, ...others.slice(position)] };
}
