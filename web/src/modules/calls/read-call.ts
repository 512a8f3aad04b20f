import type { QueryClient } from '@tanstack/react-query';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { apiRequest } from '../../lib/api-client';
import { callKeys } from './call-keys';

/**
 * A call's details as the server has them, for its query. A read answered after a newer event
 * (the call went back to the queue while the answer was on its way) keeps the event's copy, as
 * applyCallEvent does: React Query would otherwise put the older state back over it, and a
 * softphone that had not yet seen the event would stay on a call that is no longer the agent's.
 */
export async function readCall(queryClient: QueryClient, callSid: string): Promise<TCall> {
  const read = await apiRequest<TCall>(`/api/calls/${callSid}`);
  const cached = queryClient.getQueryData<TCall>(callKeys.detail(callSid));
  return cached && cached.updatedAt > read.updatedAt ? cached : read;
}
