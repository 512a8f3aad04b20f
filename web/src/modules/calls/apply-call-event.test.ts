import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { applyCallEvent } from './apply-call-event';
import { callKeys } from './call-keys';

const CALL_SID = `CA${'4'.repeat(32)}`;

function call(overrides: Partial<TCall>): TCall {
  return {
    callSid: CALL_SID,
    direction: 'inbound',
    from: '+212661234567',
    to: '+212522000000',
    phase: 'queued',
    queuedAt: '2026-12-01T08:00:00.000Z',
    createdAt: '2026-12-01T07:59:00.000Z',
    updatedAt: '2026-12-01T08:00:00.000Z',
    ...overrides,
  } as TCall;
}

describe('a call event with masked numbers applied to the console', () => {
  it('keeps the whole numbers the console already read for that call, on its page and in the waiting list', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(callKeys.detail(CALL_SID), call({}));
    queryClient.setQueryData(callKeys.waiting(), [call({})]);
    applyCallEvent(queryClient, call({ from: '+212•••••••67', to: '+212•••••••00', updatedAt: '2026-12-01T08:00:05.000Z', offer: { agentId: 'a'.repeat(24), expiresAt: '2026-12-01T08:00:25.000Z' } }));

    expect(queryClient.getQueryData<TCall>(callKeys.detail(CALL_SID))).toMatchObject({ from: '+212661234567', to: '+212522000000', updatedAt: '2026-12-01T08:00:05.000Z' });
    expect(queryClient.getQueryData<TCall[]>(callKeys.waiting())).toMatchObject([{ from: '+212661234567', offer: { agentId: 'a'.repeat(24) } }]);
  });

  it('shows a call it never read whole as the event gives it, masked', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(callKeys.waiting(), []);
    applyCallEvent(queryClient, call({ from: '+212•••••••67' }));
    expect(queryClient.getQueryData<TCall[]>(callKeys.waiting())).toMatchObject([{ from: '+212•••••••67' }]);
  });
});
