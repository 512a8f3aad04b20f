import { useQuery } from '@tanstack/react-query';
import type { TColleague } from '@mowakaba/shared/schemas/users';
import { apiRequest } from '../../lib/api-client';

export const colleagueKeys = { all: ['colleagues'] as const };

/** Enabled staff with their teams: whom a ticket can go to. */
export function useColleagues() {
  return useQuery({ queryKey: colleagueKeys.all, queryFn: () => apiRequest<{ items: TColleague[] }>('/api/users/colleagues'), staleTime: 60_000 });
}
