import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { apiRequest } from '../../lib/api-client';
import { holdNextApiAnswer } from '../../lib/held-api-answer.test-helper';
import { ticketKeys } from './ticket-keys';
import { testTicket } from './test-ticket';
import { readTicket, readTicketPage, type TicketPage } from './use-tickets';

vi.mock('../../lib/api-client', () => ({ apiRequest: vi.fn(), ApiError: class extends Error {} }));

const TICKET_ID = 'b'.repeat(24);
const ticket = (version: number, status: string) => ({ id: TICKET_ID, reference: 'MWK-1', subject: 'Subvention', status, version }) as unknown as TTicket;

/** The console reads the ticket (its page opens); the server answers when `answer` is called. */
function startRead(queryClient: QueryClient) {
  const answer = holdNextApiAnswer<TTicket>(apiRequest);
  const read = queryClient.fetchQuery({ queryKey: ticketKeys.detail(TICKET_ID), queryFn: () => readTicket(queryClient, TICKET_ID) });
  return { read, answer };
}

afterEach(() => vi.mocked(apiRequest).mockReset());

describe('reading a ticket the console follows live', () => {
  it('keeps the version an event brought while a read from before it was on its way', async () => {
    const queryClient = new QueryClient();
    const { read, answer } = startRead(queryClient);
    // A colleague solved it: the event reaches the console before the older answer.
    queryClient.setQueryData(ticketKeys.detail(TICKET_ID), ticket(4, 'solved'));
    answer(ticket(3, 'open'));
    await read;
    expect(queryClient.getQueryData<TTicket>(ticketKeys.detail(TICKET_ID))).toMatchObject({ version: 4, status: 'solved' });
  });

  it('takes what the server answers when it is newer than what the console had', async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(ticketKeys.detail(TICKET_ID), ticket(3, 'open'));
    const { read, answer } = startRead(queryClient);
    answer(ticket(5, 'pending'));
    await read;
    expect(queryClient.getQueryData<TTicket>(ticketKeys.detail(TICKET_ID))).toMatchObject({ version: 5, status: 'pending' });
  });
});

describe('reading a queue page the console follows live', () => {
  const params = { status: 'new,open', sort: 'queue', limit: '25' };
  const viewer = { userId: 'a'.repeat(24), teamIds: null };
  const references = (page: TicketPage) => page.items.map((item) => item.reference);
  // The console's clock, which dates what reaches its cache, moves only when a test moves it.
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  function startPageRead(queryClient: QueryClient) {
    const answer = holdNextApiAnswer<TicketPage>(apiRequest);
    return { read: readTicketPage(queryClient, params, viewer), answer };
  }

  it('leaves out a ticket solved, and puts in a ticket created, while a page from before was on its way', async () => {
    const queryClient = new QueryClient();
    const { read, answer } = startPageRead(queryClient);
    vi.setSystemTime(Date.now() + 200);
    // What the live events put in the cache meanwhile (as applyTicket does).
    queryClient.setQueryData(ticketKeys.detail(testTicket(1).id), testTicket(1, { status: 'solved', version: 1 }));
    queryClient.setQueryData(ticketKeys.detail(testTicket(3).id), testTicket(3));
    answer({ items: [testTicket(1), testTicket(2)], nextCursor: null });
    expect(references(await read)).toEqual(['T-2026-000002', 'T-2026-000003']);
  });

  it('keeps the page as answered for what the cache held before the read', async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(ticketKeys.detail(testTicket(1).id), testTicket(1, { status: 'new', version: 0 }));
    vi.setSystemTime(Date.now() + 200);
    const { read, answer } = startPageRead(queryClient);
    // Solved after that copy was cached, before the server read the page: the page is newer.
    answer({ items: [testTicket(2)], nextCursor: null });
    expect(references(await read)).toEqual(['T-2026-000002']);
  });
});
