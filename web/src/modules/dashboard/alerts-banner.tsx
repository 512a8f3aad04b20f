import { useTranslation } from 'react-i18next';
import { describeAlert } from './describe-alert';
import { useActiveAlerts } from './use-dashboard-alerts';

const SMS_TEXT = { sent: 'smsSent', simulated: 'smsSimulated', failed: 'smsFailed' } as const;

/** The thresholds crossed now, above the figures; nothing when all is well. */
export function AlertsBanner() {
  const { t } = useTranslation();
  const alerts = useActiveAlerts();
  const items = alerts.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="alerts-banner" role="alert" aria-label={t('staffingAlerts.bannerLabel')}>
      <ul>
        {items.map((alert) => (
          <li key={alert.key} data-alert={alert.key}>
            <strong>
              <bdi>{describeAlert(alert)}</bdi>
            </strong>
            <span className="alerts-banner__meta">
              {t('staffingAlerts.since', { time: alert.raisedAtLocalTime })}
              {alert.sms !== 'none' && ` · ${t(`staffingAlerts.${SMS_TEXT[alert.sms]}`)}`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
