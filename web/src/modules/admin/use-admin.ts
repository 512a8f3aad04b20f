import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCreateTeamRequest, TTeam, TUpdateTeamRequest } from '@mowakaba/shared/schemas/teams';
import type { TCreateUserRequest, TUpdateUserRequest, TUser } from '@mowakaba/shared/schemas/users';
import { apiRequest } from '../../lib/api-client';
import { teamKeys } from '../teams/use-teams';
import { colleagueKeys } from '../users/use-colleagues';

export const userKeys = { all: ['users'] as const };

export function useUsers() {
  return useQuery({ queryKey: userKeys.all, queryFn: () => apiRequest<{ items: TUser[] }>('/api/users') });
}

/** Users and teams point at each other (teams hold members, users show teamIds): both lists are refreshed. */
function useRefreshPeople() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: userKeys.all });
    void queryClient.invalidateQueries({ queryKey: teamKeys.all });
    void queryClient.invalidateQueries({ queryKey: colleagueKeys.all });
  };
}

export function useCreateUser() {
  const refresh = useRefreshPeople();
  return useMutation({ mutationFn: (body: TCreateUserRequest) => apiRequest<TUser>('/api/users', { method: 'POST', body }), onSuccess: refresh });
}

export function useUpdateUser(id: string) {
  const refresh = useRefreshPeople();
  return useMutation({ mutationFn: (body: TUpdateUserRequest) => apiRequest<TUser>(`/api/users/${id}`, { method: 'PATCH', body }), onSuccess: refresh });
}

export function useCreateTeam() {
  const refresh = useRefreshPeople();
  return useMutation({ mutationFn: (body: TCreateTeamRequest) => apiRequest<TTeam>('/api/teams', { method: 'POST', body }), onSuccess: refresh });
}

export function useUpdateTeam(id: string) {
  const refresh = useRefreshPeople();
  return useMutation({ mutationFn: (body: TUpdateTeamRequest) => apiRequest<TTeam>(`/api/teams/${id}`, { method: 'PATCH', body }), onSuccess: refresh });
}
