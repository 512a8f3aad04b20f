import { useTranslation } from 'react-i18next';
import { LiveTiles } from './live-tiles';
import { useLiveDashboard } from './use-dashboard';
import { useTickingWait } from './use-ticking-wait';

/** Today, live: the center's tiles and one line of tiles per team. */
export function LivePanel() {
  const { t } = useTranslation();
  const live = useLiveDashboard();
  const longestWait = useTickingWait(live.data);
  return (
    <section aria-labelledby="today-title">
      <h2 id="today-title" title={t('dashboard.help.today')}>
        {t('dashboard.today')}
      </h2>
      {live.isError && <p role="alert">{t('errors.network')}</p>}
      {live.data && <LiveTiles figures={live.data.totals} waitingSince={longestWait} />}
    </section>
  );
}
