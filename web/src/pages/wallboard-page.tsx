import { useTranslation } from 'react-i18next';
import '../modules/dashboard/dashboard.css';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { Wallboard } from '../modules/dashboard/wallboard';

export function WallboardPage({ user }: { user: TUser }) {
  const { t } = useTranslation();
  if (user.role === 'agent') return <p role="alert">{t('errors.forbidden')}</p>;
  return <Wallboard />;
}
