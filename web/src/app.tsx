import { useTranslation } from 'react-i18next';
import { useSession } from './modules/auth/use-session';
import { ConsoleShell } from './pages/console-shell';
import { SignInPage } from './pages/sign-in-page';

export function App() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.isPending) return <p className="loading" aria-busy="true" />;
  if (session.isError) return <p role="alert">{t('errors.network')}</p>;
  return session.data ? <ConsoleShell user={session.data} /> : <SignInPage />;
}
