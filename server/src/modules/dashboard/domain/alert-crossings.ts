import { ALERT_METRICS, type TAlertMetric, type TAlertThresholds } from '@mowakaba/shared/schemas/dashboard-alerts';

/** The figures alerts watch, for the center or one team. */
export type TAlertFigures = Record<TAlertMetric, number | null>;

export interface TAlertScope {
  teamId: string | null;
  teamName: string | null;
  thresholds: TAlertThresholds;
  figures: TAlertFigures;
}

export interface TAlertCrossing {
  key: string;
  teamId: string | null;
  teamName: string | null;
  metric: TAlertMetric;
  threshold: number;
  value: number;
}

export const alertKeyOf = (teamId: string | null, metric: TAlertMetric) => (teamId === null ? `center:${metric}` : `team:${teamId}:${metric}`);

/** Service level alerts when it falls below its threshold; the others when they reach theirs. */
export function isCrossed(metric: TAlertMetric, value: number, threshold: number): boolean {
  return metric === 'serviceLevel30m' ? value < threshold : value >= threshold;
}

/** Every threshold crossed now. A figure not measured (no call in the last 30 minutes) crosses nothing. */
export function crossedThresholds(scopes: TAlertScope[]): TAlertCrossing[] {
  return scopes.flatMap(({ teamId, teamName, thresholds, figures }) =>
    ALERT_METRICS.flatMap((metric) => {
      const threshold = thresholds[metric];
      const value = figures[metric];
      if (threshold === undefined || value === null || !isCrossed(metric, value, threshold)) return [];
      return [{ key: alertKeyOf(teamId, metric), teamId, teamName, metric, threshold, value }];
    }),
  );
}
