import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { ticketKeys } from './ticket-keys';
import type { TicketPage } from './use-tickets';

/**
 * A ticket is gone for good (demo data removed): it leaves every cached page of the ticket lists at
 * once, and its cached details go. Returns the lists it left, which are now a row short: the caller
 * refetches them to fill the page.
 */
export function dropTicketFromLists(queryClient: QueryClient, ticketId: string): QueryKey[] {
  const shortened: QueryKey[] = [];
  for (const [key, page] of queryClient.getQueriesData<TicketPage>({ queryKey: ticketKeys.lists() })) {
    if (!page?.items.some((item) => item.id === ticketId)) continue;
    queryClient.setQueryData<TicketPage>(key, { ...page, items: page.items.filter((item) => item.id !== ticketId) });
    shortened.push(key);
  }
  queryClient.removeQueries({ queryKey: ticketKeys.detail(ticketId) });
  queryClient.removeQueries({ queryKey: ticketKeys.timeline(ticketId) });
  return shortened;
}
