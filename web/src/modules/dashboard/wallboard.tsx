import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '../../../../shared/src/constants';
import { applyLanguage, formatDate } from '../../lib/i18n';
import { useLive } from '../realtime/live-provider';
import { LiveTiles } from './live-tiles';
import { useLiveDashboard } from './use-dashboard';
import { useTickingWait } from './use-ticking-wait';

/** The room's screen: today's figures in big numbers, kept live by `dashboard.live`; Arabic or French. */
export function Wallboard() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  const live = useLiveDashboard();
  const { connected } = useLive();
  const longestWait = useTickingWait(live.data);
  return (
    <div className="wallboard">
      <header className="wallboard__header">
        <h1>{t('dashboard.wallboardTitle')}</h1>
        <span className={connected ? 'live live--on' : 'live live--off'} role="status">
          {connected ? t('live.connected') : t('live.reconnecting')}
        </span>
        {live.data && <span className="wallboard__at">{t('dashboard.updatedAt', { time: formatDate(new Date(live.data.at), language, { timeStyle: 'medium' }) })}</span>}
        <div className="wallboard__actions">
          <button type="button" className="button--quiet" onClick={() => void applyLanguage(language === 'ar' ? 'fr' : 'ar')}>
            {language === 'ar' ? 'Français' : 'العربية'}
          </button>
          <button type="button" className="button--quiet" onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>
            {t('dashboard.fullScreen')}
          </button>
        </div>
      </header>
      {live.isError && <p role="alert">{t('errors.network')}</p>}
      {live.data && <LiveTiles figures={live.data.totals} waitingSince={longestWait} large />}
    </div>
  );
}
