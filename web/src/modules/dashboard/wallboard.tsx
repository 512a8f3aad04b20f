import { useTranslation } from 'react-i18next';
import { useLive } from '../realtime/live-provider';
import { useLiveDashboard } from './use-dashboard';
import { WallboardScreen } from './wallboard-screen';

/** The wallboard of a signed-in supervisor, kept live by `dashboard.live` (see LiveProvider). */
export function Wallboard() {
  const { t } = useTranslation();
  const live = useLiveDashboard();
  const { connected } = useLive();
  return <WallboardScreen live={live.data} connected={connected} alert={live.isError ? t('errors.network') : undefined} />;
}
