import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { apiRequest } from '../../lib/api-client';
import { applyCallEvent } from './apply-call-event';
import { callKeys } from './call-keys';
import { readCall } from './read-call';

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
  let answer: (call: TCall) => void = () => undefined;
  vi.mocked(apiRequest).mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
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
