import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { THolidayList, TSlaSettings } from '@mowakaba/shared/schemas/sla';
import { apiRequest } from '../../lib/api-client';

const slaKeys = { settings: ['sla-settings'] as const, holidays: (year: number) => ['sla-holidays', year] as const };

export function useSlaSettings() {
  return useQuery({ queryKey: slaKeys.settings, queryFn: () => apiRequest<TSlaSettings>('/api/sla') });
}

export function useHolidays(year: number) {
  return useQuery({ queryKey: slaKeys.holidays(year), queryFn: () => apiRequest<THolidayList>(`/api/sla/holidays?year=${year}`) });
}

/** Saves the whole settings document; the holidays computed from it are asked again. */
export function useSaveSlaSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: TSlaSettings) => apiRequest<TSlaSettings>('/api/sla', { method: 'PUT', body: settings }),
    onSuccess: (saved) => {
      queryClient.setQueryData(slaKeys.settings, saved);
      void queryClient.invalidateQueries({ queryKey: ['sla-holidays'] });
    },
  });
}
