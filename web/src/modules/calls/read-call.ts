import type { QueryClient } from '@tanstack/react-query';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { apiRequest } from '../../lib/api-client';
import { readKeepingNewer, readWithCachedSince } from '../../lib/read-keeping-newer';
import { placeInWaitingList } from './apply-call-event';
import { callKeys } from './call-keys';

/**
 * A call's details as the server has them, for its query; a newer copy an event brought meanwhile
 * is kept (a softphone would otherwise stay on a call that went back to the queue).
 */
export function readCall(queryClient: QueryClient, callSid: string): Promise<TCall> {
  return readKeepingNewer(queryClient, callKeys.detail(callSid), () => apiRequest<TCall>(`/api/calls/${callSid}`), (cached, answered) => cached.updatedAt > answered.updatedAt);
}

/**
 * The callers waiting now, for the waiting list's query. A call whose event reached the console
 * while the list was on its way (taken by an agent, or newly queued) is placed as the event says,
 * unless the list already has a newer copy: the older list would otherwise undo the event.
 */
export async function readWaitingCalls(queryClient: QueryClient): Promise<TCall[]> {
  const { answered, cachedSince } = await readWithCachedSince<{ items: TCall[] }, TCall>(queryClient, callKeys.details(), () =>
    apiRequest<{ items: TCall[] }>('/api/calls?phase=queued&limit=100'),
  );
  let waiting = answered.items;
  for (const call of cachedSince) {
    const listed = waiting.find((candidate) => candidate.callSid === call.callSid);
    if (!listed || listed.updatedAt < call.updatedAt) waiting = placeInWaitingList(waiting, call);
  }
  return waiting;
}
