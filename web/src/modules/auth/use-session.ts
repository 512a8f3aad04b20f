import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TSessionResponse } from '@mowakaba/shared/schemas/auth';
import { ApiError, apiRequest } from '../../lib/api-client';

const SESSION_KEY = ['session'] as const;

/** The signed-in user, or null when there is no session. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      try {
        return (await apiRequest<TSessionResponse>('/api/auth/me')).user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      apiRequest<TSessionResponse>('/api/auth/login', { method: 'POST', body: credentials }),
    onSuccess: (response) => queryClient.setQueryData(SESSION_KEY, response.user),
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('/api/auth/logout', { method: 'POST' }),
    onSettled: () => queryClient.setQueryData(SESSION_KEY, null),
  });
}

export function useSaveLanguage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (language: TUiLanguage) => apiRequest<TSessionResponse>('/api/auth/me', { method: 'PATCH', body: { language } }),
    onSuccess: (response) => queryClient.setQueryData(SESSION_KEY, response.user),
  });
}
