import { useQuery } from '@tanstack/react-query';
import type { TDashboardHistory, TDashboardHistoryQuery, TDashboardLive, TDashboardMyDay } from '@mowakaba/shared/schemas/dashboard';
import { apiRequest } from '../../lib/api-client';
import { dashboardKeys } from './dashboard-keys';
import { historyQueryString } from './history-query-string';

/** The live figures: fetched once, then replaced by each `dashboard.live` event (see LiveProvider); refetched after a reconnect. */
export function useLiveDashboard() {
  return useQuery({ queryKey: dashboardKeys.live(), queryFn: () => apiRequest<TDashboardLive>('/api/dashboard/live'), staleTime: Number.POSITIVE_INFINITY });
}

export function useDashboardHistory(query: TDashboardHistoryQuery, enabled = true) {
  return useQuery({
    queryKey: dashboardKeys.history(query),
    queryFn: () => apiRequest<TDashboardHistory>(`/api/dashboard/history?${historyQueryString(query)}`),
    enabled,
    placeholderData: (previous) => previous,
  });
}

export function useMyDay() {
  return useQuery({ queryKey: dashboardKeys.myDay(), queryFn: () => apiRequest<TDashboardMyDay>('/api/dashboard/my-day') });
}
