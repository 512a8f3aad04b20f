import { useTranslation } from 'react-i18next';
import { LiveTiles } from './live-tiles';
import { useLiveDashboard } from './use-dashboard';
import { useActiveAlerts } from './use-dashboard-alerts';
import { useTickingWait } from './use-ticking-wait';
import { ErrorState } from '../ui/error-state';

/** The center's tile each alert metric colours (the 30-minute service level colours today's). */
const TILE_OF_ALERT = { longestWaitSeconds: 'longestWaitSeconds', serviceLevel30m: 'serviceLevel', slaBreached: 'slaBreached', callbacksPending: 'callbacksPending' } as const;

/** Today, live: the center's tiles and one line of tiles per team. */
export function LivePanel() {
  const { t } = useTranslation();
  const live = useLiveDashboard();
  const longestWait = useTickingWait(live.data);
  const alerts = useActiveAlerts();
  const alerted = new Set((alerts.data?.items ?? []).filter((alert) => alert.teamId === null).map((alert) => TILE_OF_ALERT[alert.metric]));
  return (
    <section aria-labelledby="today-title">
      <h2 id="today-title" title={t('dashboard.help.today')}>
        {t('dashboard.today')}
      </h2>
      {live.isError && <ErrorState title={t('errors.network')} />}
      {live.data && <LiveTiles figures={live.data.totals} waitingSince={longestWait} alerted={alerted} />}
    </section>
  );
}
