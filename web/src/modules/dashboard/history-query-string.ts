import type { TDashboardBreakdown, TDashboardHistoryQuery } from '@mowakaba/shared/schemas/dashboard';

/** The query string of a history request (and of its CSV). */
export function historyQueryString(query: TDashboardHistoryQuery, breakdown?: TDashboardBreakdown): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  if (breakdown) params.set('breakdown', breakdown);
  return params.toString();
}
