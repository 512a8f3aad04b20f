import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { TDashboardAlertPayload } from '@mowakaba/shared/events';
import type { TAlertSettings, TDashboardAlert } from '@mowakaba/shared/schemas/dashboard-alerts';
import type { TStaffingForecast } from '@mowakaba/shared/schemas/staffing';
import { apiRequest } from '../../lib/api-client';
import { notifyUser } from '../notifications/notify-user';
import { describeAlert } from './describe-alert';

export const alertKeys = {
  active: ['dashboard', 'alerts'] as const,
  settings: ['dashboard', 'alert-settings'] as const,
  staffing: (team: string, days: number) => ['dashboard', 'staffing', team, days] as const,
};

/** The alerts raised and not cleared: fetched once, then kept by `dashboard.alert` events (applyAlertEvent). */
export function useActiveAlerts() {
  return useQuery({ queryKey: alertKeys.active, queryFn: () => apiRequest<{ items: TDashboardAlert[] }>('/api/dashboard/alerts'), staleTime: Number.POSITIVE_INFINITY });
}

export function useAlertSettings() {
  return useQuery({ queryKey: alertKeys.settings, queryFn: () => apiRequest<TAlertSettings>('/api/dashboard/alert-settings') });
}

export function useStaffingForecast(team: string, days: number) {
  return useQuery({
    queryKey: alertKeys.staffing(team, days),
    queryFn: () => apiRequest<TStaffingForecast>(`/api/dashboard/staffing?days=${days}${team ? `&team=${team}` : ''}`),
    placeholderData: (previous) => previous,
  });
}

/** A raised alert joins the banner and shows a desktop notification; a cleared one leaves the banner. */
export function applyAlertEvent(queryClient: QueryClient, { state, alert }: TDashboardAlertPayload): void {
  queryClient.setQueryData<{ items: TDashboardAlert[] }>(alertKeys.active, (current) => {
    const others = (current?.items ?? []).filter((item) => item.key !== alert.key);
    return { items: state === 'raised' ? [...others, alert] : others };
  });
  if (state === 'raised') notifyUser('alert', alert.key, describeAlert(alert));
}
