import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { applyTicketToLists } from './apply-ticket-to-lists';
import { ticketKeys } from './ticket-keys';
import { testTicket as ticket } from './test-ticket';

const viewer = { userId: 'a'.repeat(24), teamIds: null };

function cachedList(params: Record<string, string>, items: TTicket[], nextCursor: string | null = null) {
  const queryClient = new QueryClient();
  queryClient.setQueryData(ticketKeys.list(params), { items, nextCursor });
  const read = () => queryClient.getQueryData<{ items: TTicket[] }>(ticketKeys.list(params))!.items.map((item) => item.reference);
  return { queryClient, read };
}

describe('a ticket event applied to the cached queue pages', () => {
  it('puts a new ticket in its place in the queue order, without a request', () => {
    const { queryClient, read } = cachedList({ status: 'new,open', sort: 'queue', limit: '25' }, [ticket(1, { priority: 'urgent' }), ticket(2), ticket(4)]);
    expect(applyTicketToLists(queryClient, ticket(3), viewer)).toEqual([]);
    expect(read()).toEqual(['T-2026-000001', 'T-2026-000002', 'T-2026-000003', 'T-2026-000004']);
    applyTicketToLists(queryClient, ticket(5, { priority: 'high' }), viewer);
    expect(read()[1]).toBe('T-2026-000005');
  });

  it('moves a changed ticket, and drops one that no longer matches the view', () => {
    const { queryClient, read } = cachedList({ status: 'new,open', sort: 'queue', limit: '25' }, [ticket(1), ticket(2), ticket(3)]);
    applyTicketToLists(queryClient, ticket(3, { priority: 'urgent', version: 1 }), viewer);
    expect(read()).toEqual(['T-2026-000003', 'T-2026-000001', 'T-2026-000002']);
    applyTicketToLists(queryClient, ticket(1, { status: 'solved', version: 1 }), viewer);
    expect(read()).toEqual(['T-2026-000003', 'T-2026-000002']);
  });

  it('reads a page again rather than leave it short when a ticket leaves it and more follow', () => {
    const { queryClient, read } = cachedList({ status: 'new,open', sort: 'queue', limit: '2' }, [ticket(1), ticket(2)], 'next');
    expect(applyTicketToLists(queryClient, ticket(1, { status: 'solved', version: 1 }), viewer)).toHaveLength(1);
    expect(read()).toEqual(['T-2026-000001', 'T-2026-000002']);
  });

  it('ignores a late event older than the row it shows', () => {
    const { queryClient, read } = cachedList({ status: 'new,open', sort: 'queue', limit: '25' }, [ticket(1, { version: 6 }), ticket(2)]);
    applyTicketToLists(queryClient, ticket(1, { status: 'solved', version: 5 }), viewer);
    expect(read()).toEqual(['T-2026-000001', 'T-2026-000002']);
  });

  it('leaves a ticket sorted after a page that has more to the later pages', () => {
    const { queryClient, read } = cachedList({ status: 'new,open', sort: 'createdAt', limit: '2' }, [ticket(1), ticket(2)], 'next');
    expect(applyTicketToLists(queryClient, ticket(9), viewer)).toEqual([]);
    expect(read()).toEqual(['T-2026-000001', 'T-2026-000002']);
  });

  it('asks the server only for what it cannot judge: a text search, or a team view without the viewer’s teams', () => {
    const search = cachedList({ status: 'new,open', q: 'T-2026-9', sort: 'queue', limit: '25' }, [ticket(1)]);
    expect(applyTicketToLists(search.queryClient, ticket(9), viewer)).toHaveLength(1);
    const team = cachedList({ team: 'mine', status: 'new,open', sort: 'queue', limit: '25' }, [ticket(1)]);
    expect(applyTicketToLists(team.queryClient, ticket(9, { teamId: 'b'.repeat(24) }), viewer)).toHaveLength(1);
    expect(applyTicketToLists(team.queryClient, ticket(9, { teamId: 'b'.repeat(24) }), { ...viewer, teamIds: ['b'.repeat(24)] })).toEqual([]);
    expect(team.read()).toContain('T-2026-000009');
  });
});
