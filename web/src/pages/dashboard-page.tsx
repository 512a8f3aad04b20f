import { useTranslation } from 'react-i18next';
import '../modules/dashboard/dashboard.css';
import '../modules/dashboard/dashboard-alerts.css';
import { Link } from 'wouter';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { AlertSettingsPanel } from '../modules/dashboard/alert-settings-panel';
import { AlertsBanner } from '../modules/dashboard/alerts-banner';
import { HistoryPanel } from '../modules/dashboard/history-panel';
import { LivePanel } from '../modules/dashboard/live-panel';
import { MyDay } from '../modules/dashboard/my-day';
import { WallboardLinksPanel } from '../modules/dashboard/wallboard-links-panel';
import { StaffingPanel } from '../modules/dashboard/staffing-panel';

/** Supervisors and admins: today live and history. Agents: their own day. */
export function DashboardPage({ user }: { user: TUser }) {
  const { t } = useTranslation();
  if (user.role === 'agent') return <MyDay />;
  return (
    <div className="dashboard">
      <div className="dashboard__title">
        <h1>{t('dashboard.title')}</h1>
        <Link href="/wallboard">{t('nav.wallboard')}</Link>
      </div>
      <AlertsBanner />
      <LivePanel />
      <HistoryPanel />
      <WallboardLinksPanel />
      <StaffingPanel canEdit={user.role === 'admin'} />
      <AlertSettingsPanel canEdit={user.role === 'admin'} />
    </div>
  );
}
