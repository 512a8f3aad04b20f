import { useQuery } from '@tanstack/react-query';
import type { TTeam } from '@mowakaba/shared/schemas/teams';
import { apiRequest } from '../../lib/api-client';

export const teamKeys = { all: ['teams'] as const };

/** Every team with its skills and members. */
export function useTeams() {
  return useQuery({ queryKey: teamKeys.all, queryFn: () => apiRequest<{ items: TTeam[] }>('/api/teams'), staleTime: 60_000 });
}
