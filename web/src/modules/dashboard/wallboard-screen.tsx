import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TDashboardLive } from '@mowakaba/shared/schemas/dashboard';
import { applyLanguage, formatDate } from '../../lib/i18n';
import { LiveTiles } from './live-tiles';
import { useTickingWait } from './use-ticking-wait';
import { Button } from '../ui/button';

/** The room's screen: today's figures in big numbers; Arabic or French. Fed by a supervisor's console or a TV's link. */
export function WallboardScreen({ live, connected, alert }: { live: TDashboardLive | undefined; connected: boolean; alert?: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  const longestWait = useTickingWait(live);
  return (
    <div className="wallboard">
      <header className="wallboard__header">
        <h1>{t('dashboard.wallboardTitle')}</h1>
        <span className={connected ? 'live live--on' : 'live live--off'} role="status">
          {connected ? t('live.connected') : t('live.reconnecting')}
        </span>
        {live && <span className="wallboard__at">{t('dashboard.updatedAt', { time: formatDate(new Date(live.at), language, { timeStyle: 'medium' }) })}</span>}
        <div className="wallboard__actions">
          <Button type="button" variant="secondary" onClick={() => void applyLanguage(language === 'ar' ? 'fr' : 'ar')}>
            {language === 'ar' ? 'Français' : 'العربية'}
          </Button>
          <Button type="button" variant="secondary" onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>
            {t('dashboard.fullScreen')}
          </Button>
        </div>
      </header>
      {alert && (
        <p role="alert" className="wallboard__alert">
          {alert}
        </p>
      )}
      {live && <LiveTiles figures={live.totals} waitingSince={longestWait} large />}
    </div>
  );
}
