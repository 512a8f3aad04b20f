import i18next from 'i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TDashboardAlert } from '@mowakaba/shared/schemas/dashboard-alerts';
import { formatNumber } from '../../lib/i18n';

/** One line saying what crossed which threshold, and where, in the interface language. */
export function describeAlert(alert: TDashboardAlert): string {
  const language = i18next.language as TUiLanguage;
  const scope = alert.teamName ? i18next.t('staffingAlerts.scopeTeam', { team: alert.teamName }) : i18next.t('staffingAlerts.scopeCenter');
  const text = i18next.t(`staffingAlerts.raised.${alert.metric}`, { value: formatNumber(alert.value, language), threshold: formatNumber(alert.threshold, language) });
  return `${scope} · ${text}`;
}
