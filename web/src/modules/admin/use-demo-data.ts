import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TDemoDataRemoval, TDemoDataState } from '@mowakaba/shared/schemas/demo-data';
import { apiRequest } from '../../lib/api-client';

export const demoDataKeys = { state: ['admin', 'demo-data'] as const };

/** Where the demo data stands (admins only). */
export function useDemoDataState() {
  return useQuery({ queryKey: demoDataKeys.state, queryFn: () => apiRequest<TDemoDataState>('/api/admin/demo-data') });
}

/** Removes the demo data; every cached list may have held some of it, so all are read again. */
export function useRemoveDemoData() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<TDemoDataRemoval>('/api/admin/demo-data', { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries(),
  });
}
