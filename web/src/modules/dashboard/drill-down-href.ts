import { drillDownOf, isDrillDownMetric, type TDrillDownFilter } from '@mowakaba/shared/dashboard/drill-down-of';

/** The instants a figure counts between (a bucket's, or the whole range's). */
export interface TDrillDownRange {
  from: string;
  to: string;
}

/**
 * The console page listing exactly the items behind a dashboard figure (the queue page's ticket list
 * or the call log, filtered), or null for a figure that is not a count of tickets or calls.
 */
export function drillDownHref(metric: string, range: TDrillDownRange, filter: TDrillDownFilter = {}): string | null {
  if (!isDrillDownMetric(metric)) return null;
  const drillDown = drillDownOf(metric, range, filter);
  if (!drillDown) return null;
  const query = new URLSearchParams(drillDown.params).toString();
  return drillDown.list === 'tickets' ? `/?${query}` : `/calls?${query}`;
}
