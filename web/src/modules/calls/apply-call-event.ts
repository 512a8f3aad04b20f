import type { QueryClient } from '@tanstack/react-query';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { withKnownCallNumbers } from '../realtime/keep-known-numbers';
import { callKeys } from './call-keys';

const byQueueTime = (a: TCall, b: TCall) => (a.queuedAt ?? a.createdAt).localeCompare(b.queuedAt ?? b.createdAt);

/**
 * Reconciles the cache with a `call.queued` / `call.updated` event: the call's details are replaced
 * (unless the cache already holds a newer copy) keeping the whole numbers the console already had,
 * it joins or leaves the waiting list by its phase. The callback list follows its own events
 * (`callback.updated`, `callback.removed`).
 */
export function applyCallEvent(queryClient: QueryClient, call: TCall): void {
  queryClient.setQueryData<TCall>(callKeys.detail(call.callSid), (current) => (current && current.updatedAt > call.updatedAt ? current : withKnownCallNumbers(current, call)));
  queryClient.setQueryData<TCall[]>(callKeys.waiting(), (waiting) => waiting && placeInWaitingList(waiting, call));
}

/** The waiting list with `call` as it now is: in it, in queue order, while queued; out of it otherwise. */
export function placeInWaitingList(waiting: TCall[], call: TCall): TCall[] {
  const others = waiting.filter((candidate) => candidate.callSid !== call.callSid);
  const known = waiting.find((candidate) => candidate.callSid === call.callSid);
  return call.phase === 'queued' ? [...others, withKnownCallNumbers(known, call)].sort(byQueueTime) : others;
}
