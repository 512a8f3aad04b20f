import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCall, TCallbackTask, TUpdateCallbackTaskRequest, TUpdateCallRequest } from '@mowakaba/shared/schemas/calls';
import { apiRequest } from '../../lib/api-client';
import { refreshTimeline } from '../tickets/timeline-cache';
import { callKeys } from './call-keys';
import { readCall, readWaitingCalls } from './read-call';

/** Callers waiting in a queue now; kept live by `call.queued` / `call.updated` (see applyCallEvent). */
export function useWaitingCalls() {
  const queryClient = useQueryClient();
  return useQuery({ queryKey: callKeys.waiting(), queryFn: () => readWaitingCalls(queryClient) });
}

export function useCallbackTasks() {
  return useQuery({
    queryKey: callKeys.callbacks(),
    queryFn: async () => (await apiRequest<{ items: TCallbackTask[] }>('/api/calls/callbacks?limit=100')).items,
  });
}

export function useCall(callSid: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: callKeys.detail(callSid ?? ''),
    queryFn: () => readCall(queryClient, callSid ?? ''),
    enabled: callSid !== null,
  });
}

/** The agent's wrap-up: disposition, notes and the ticket the call belongs to. */
export function useSaveCallDetails(callSid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (details: TUpdateCallRequest) => apiRequest<TCall>(`/api/calls/${callSid}`, { method: 'PATCH', body: details }),
    onSuccess: (call) => {
      queryClient.setQueryData(callKeys.detail(callSid), call);
      if (call.ticketId) void refreshTimeline(queryClient, call.ticketId);
    },
  });
}

export function useCloseCallbackTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...request }: TUpdateCallbackTaskRequest & { id: string }) =>
      apiRequest<TCallbackTask>(`/api/calls/callbacks/${id}`, { method: 'PATCH', body: request }),
    onSuccess: (task) =>
      queryClient.setQueryData<TCallbackTask[]>(callKeys.callbacks(), (tasks) => tasks?.filter((candidate) => candidate.id !== task.id)),
  });
}
