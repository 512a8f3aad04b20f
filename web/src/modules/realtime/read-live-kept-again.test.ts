import { QueryClient, QueryObserver, type QueryKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { callKeys } from '../calls/call-keys';
import { ticketKeys } from '../tickets/ticket-keys';
import { isContactQuery, readLiveKeptAgain } from './read-live-kept-again';

/** A query on screen (an observer keeps it active) whose reads the test answers one by one. */
function queryOnScreen<T>(queryClient: QueryClient, queryKey: QueryKey) {
  const answers: Array<(value: T) => void> = [];
  const observer = new QueryObserver<T>(queryClient, { queryKey, queryFn: () => new Promise<T>((resolve) => answers.push(resolve)) });
  const unsubscribe = observer.subscribe(() => undefined);
  return { answers, unsubscribe, data: () => queryClient.getQueryData<T>(queryKey) };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('reading again what events keep current, once the console joined its rooms', () => {
  it('starts a first read still on its way again, so what the server answered before the join does not stay on screen', async () => {
    const queryClient = new QueryClient();
    const waiting = queryOnScreen<string[]>(queryClient, callKeys.waiting());
    await settled();
    expect(waiting.answers).toHaveLength(1);

    const reading = readLiveKeptAgain(queryClient);
    await settled();
    // The first read, answered before the caller queued (and before the join), counts for nothing.
    waiting.answers[0]!([]);
    expect(waiting.answers).toHaveLength(2);
    waiting.answers[1]!(['CA-the-caller-who-queued-meanwhile']);
    await reading;
    expect(waiting.data()).toEqual(['CA-the-caller-who-queued-meanwhile']);
    waiting.unsubscribe();
  });

  it('reads the queues again but not a ticket’s contact, whose every read is a reveal in the audit', async () => {
    const queryClient = new QueryClient();
    const queue = queryOnScreen<string[]>(queryClient, ticketKeys.list({ view: 'unassigned' }));
    const contact = queryOnScreen<string>(queryClient, ticketKeys.contact('a'.repeat(24)));
    await settled();
    queue.answers[0]!(['T-1']);
    contact.answers[0]!('+212600000000');
    await settled();

    const reading = readLiveKeptAgain(queryClient);
    await settled();
    queue.answers[1]!(['T-1', 'T-2']);
    await reading;
    expect(queue.data()).toEqual(['T-1', 'T-2']);
    expect(contact.answers).toHaveLength(1);
    // Nor does reading everything again after a stale sync (the provider skips what this names).
    expect(isContactQuery(ticketKeys.contact('a'.repeat(24)))).toBe(true);
    expect(isContactQuery(ticketKeys.detail('a'.repeat(24)))).toBe(false);
    queue.unsubscribe();
    contact.unsubscribe();
  });
});
