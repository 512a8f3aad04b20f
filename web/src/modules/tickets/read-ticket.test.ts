import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { apiRequest } from '../../lib/api-client';
import { ticketKeys } from './ticket-keys';
import { readTicket } from './use-tickets';

vi.mock('../../lib/api-client', () => ({ apiRequest: vi.fn(), ApiError: class extends Error {} }));

const TICKET_ID = 'b'.repeat(24);
const ticket = (version: number, status: string) => ({ id: TICKET_ID, reference: 'MWK-1', subject: 'Subvention', status, version }) as unknown as TTicket;

/** The console reads the ticket (its page opens); the server answers when `answer` is called. */
function startRead(queryClient: QueryClient) {
  let answer: (ticket: TTicket) => void = () => undefined;
  vi.mocked(apiRequest).mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
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
