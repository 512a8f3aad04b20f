import type { TAlertMetric } from '@mowakaba/shared/schemas/dashboard-alerts';
import type { TAlertCrossing } from './alert-crossings.js';

const LABELS: Record<TAlertMetric, { ar: string; fr: string }> = {
  longestWaitSeconds: { ar: 'أطول انتظار (ث)', fr: 'attente la plus longue (s)' },
  serviceLevel30m: { ar: 'مستوى الخدمة خلال 30 دقيقة (%)', fr: 'niveau de service sur 30 min (%)' },
  slaBreached: { ar: 'تجاوزات آجال الخدمة', fr: 'dépassements de SLA' },
  callbacksPending: { ar: 'معاودات اتصال في الانتظار', fr: 'rappels en attente' },
};

/** The SMS to the supervisor on call, in Arabic then French (the center's two working languages), short enough for one or two parts. */
export function alertSmsText(crossing: TAlertCrossing): string {
  const label = LABELS[crossing.metric];
  const team = crossing.teamName ?? null;
  return [
    `مواكبة - تنبيه: ${label.ar} ${crossing.value} (العتبة ${crossing.threshold})${team ? ` - ${team}` : ''}`,
    `Mowakaba - alerte : ${label.fr} ${crossing.value} (seuil ${crossing.threshold})${team ? ` - ${team}` : ''}`,
  ].join('\n');
}
