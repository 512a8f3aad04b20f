import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { apiRequest } from '../../lib/api-client';
import { holdNextApiAnswer } from '../../lib/held-api-answer.test-helper';
import { applyCallEvent } from './apply-call-event';
import { callKeys } from './call-keys';
import { readCall, readWaitingCalls } from './read-call';

vi.mock('../../lib/api-client', () => ({ apiRequest: vi.fn() }));

const CALL_SID = `CA${'7'.repeat(32)}`;
const AGENT = 'a'.repeat(24);

function call(overrides: Partial<TCall>): TCall {
  return { callSid: CALL_SID, direction: 'inbound', from: '+212661998877', to: '+212522000000', createdAt: '2026-12-01T07:59:00.000Z', ...overrides } as TCall;
}

const connecting = call({ phase: 'connecting', agentId: AGENT, updatedAt: '2026-12-01T08:00:00.000Z' });
const requeued = call({ phase: 'queued', agentId: null, updatedAt: '2026-12-01T08:00:01.000Z' });

/** The agent's softphone reads the call (as it does when it takes it up); the server answers when `answer` is called. */
function startRead(queryClient: QueryClient) {
  const answer = holdNextApiAnswer<TCall>(apiRequest);
  const read = queryClient.fetchQuery({ queryKey: callKeys.detail(CALL_SID), queryFn: () => readCall(queryClient, CALL_SID) });
  return { read, answer };
}

afterEach(() => vi.mocked(apiRequest).mockReset());

describe('reading a call the console follows live', () => {
  it('keeps the requeue an event brought while a read from before it was on its way', async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(callKeys.detail(CALL_SID), connecting);
    const { read, answer } = startRead(queryClient);
    // Twilio reported that the softphone did not pick up: `call.queued` reaches the console first…
    applyCallEvent(queryClient, requeued);
    // …then the server's answer, read before the requeue.
    answer(connecting);
    await read;
    expect(queryClient.getQueryData<TCall>(callKeys.detail(CALL_SID))).toMatchObject({ phase: 'queued', agentId: null });
  });

  it('takes what the server answers when it is newer than what the console had', async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(callKeys.detail(CALL_SID), connecting);
    const { read, answer } = startRead(queryClient);
    answer(requeued);
    await read;
    expect(queryClient.getQueryData<TCall>(callKeys.detail(CALL_SID))).toMatchObject({ phase: 'queued', updatedAt: requeued.updatedAt });
  });
});

describe('reading the waiting list the console follows live', () => {
  const OTHER_SID = `CA${'6'.repeat(32)}`;
  const waitingCall = (callSid: string, queuedAt: string) => call({ callSid, phase: 'queued', agentId: null, queuedAt, updatedAt: queuedAt });

  // The console's clock, which dates what reaches its cache, moves only when a test moves it.
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  function startListRead(queryClient: QueryClient) {
    const answerList = holdNextApiAnswer<{ items: TCall[] }>(apiRequest);
    const answer = (items: TCall[]) => answerList({ items });
    const read = queryClient.fetchQuery({ queryKey: callKeys.waiting(), queryFn: () => readWaitingCalls(queryClient) });
    return { read, answer };
  }

  it('keeps out a caller an agent took, and in a caller who just joined, while a list from before was on its way', async () => {
    const queryClient = new QueryClient();
    const earlier = waitingCall(CALL_SID, '2026-12-01T08:00:00.000Z');
    const { read, answer } = startListRead(queryClient);
    vi.setSystemTime(Date.now() + 200);
    // While the list is read: an agent takes the first caller, and a second caller joins the queue.
    applyCallEvent(queryClient, call({ phase: 'connecting', agentId: AGENT, queuedAt: earlier.queuedAt, updatedAt: '2026-12-01T08:00:05.000Z' }));
    applyCallEvent(queryClient, waitingCall(OTHER_SID, '2026-12-01T08:00:04.000Z'));
    // The server's answer, read before both.
    answer([earlier]);
    await read;
    expect(queryClient.getQueryData<TCall[]>(callKeys.waiting())?.map((waiting) => waiting.callSid)).toEqual([OTHER_SID]);
  });

  it('takes the list as the server answers it when it is newer than the events the console had', async () => {
    const queryClient = new QueryClient();
    applyCallEvent(queryClient, waitingCall(CALL_SID, '2026-12-01T08:00:00.000Z'));
    vi.setSystemTime(Date.now() + 200);
    const { read, answer } = startListRead(queryClient);
    // Taken after the console's event: the server's list, newer, no longer has the caller.
    answer([waitingCall(OTHER_SID, '2026-12-01T08:00:04.000Z')]);
    await read;
    expect(queryClient.getQueryData<TCall[]>(callKeys.waiting())?.map((waiting) => waiting.callSid)).toEqual([OTHER_SID]);
  });
});
