import type { TFunction } from 'i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { formatNumber } from '../../lib/i18n';

const UNITS: Record<string, 'seconds' | 'minutes' | 'percent'> = {
  longestWaitSeconds: 'seconds',
  asaSeconds: 'seconds',
  ahtSeconds: 'seconds',
  serviceLevel: 'percent',
  abandonRate: 'percent',
  csat: 'percent',
  firstResponseSlaMetPercent: 'percent',
  resolutionSlaMetPercent: 'percent',
};

/** A metric's value with its unit in the interface language; "—" when nothing was measured. */
export function formatMetric(metric: string, value: number | null | undefined, t: TFunction, language: TUiLanguage): string {
  if (value === null || value === undefined) return '—';
  const number = formatNumber(value, language);
  const unit = UNITS[metric] ?? (metric.endsWith('Minutes') ? 'minutes' : undefined);
  return unit ? t(`dashboard.${unit}`, { value: number }) : number;
}
