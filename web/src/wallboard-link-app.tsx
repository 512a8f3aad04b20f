import { useTranslation } from 'react-i18next';
import { ApiError } from './lib/api-client';
import { WallboardScreen } from './modules/dashboard/wallboard-screen';
import { useWallboardLinkLive } from './modules/dashboard/use-wallboard-link-live';
import './modules/dashboard/dashboard.css';

/** A TV opened with a wallboard link: no session, only the live figures the link allows. */
export function WallboardLinkApp({ token }: { token: string }) {
  const { t } = useTranslation();
  const { live, connected } = useWallboardLinkLive(token);
  const revoked = live.error instanceof ApiError && live.error.status === 401;
  const alert = revoked ? t('wallboardLinks.revokedOnTv') : live.isError ? t('errors.network') : undefined;
  return (
    <main>
      <WallboardScreen live={revoked ? undefined : live.data} connected={connected && !revoked} alert={alert} />
    </main>
  );
}
