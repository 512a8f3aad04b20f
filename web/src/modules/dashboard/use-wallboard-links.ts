import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCreatedWallboardLink, TCreateWallboardLinkRequest, TWallboardLinkList } from '@mowakaba/shared/schemas/wallboard-links';
import { apiRequest } from '../../lib/api-client';
import { dashboardKeys } from './dashboard-keys';

export function useWallboardLinks() {
  return useQuery({ queryKey: dashboardKeys.wallboardLinks(), queryFn: () => apiRequest<TWallboardLinkList>('/api/dashboard/wallboard-links') });
}

export function useCreateWallboardLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TCreateWallboardLinkRequest) => apiRequest<TCreatedWallboardLink>('/api/dashboard/wallboard-links', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: dashboardKeys.wallboardLinks() }),
  });
}

export function useRevokeWallboardLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/api/dashboard/wallboard-links/${id}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: dashboardKeys.wallboardLinks() }),
  });
}
