import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { TUser } from '../../../shared/src/schemas/users';
import { CallRoutingAdmin } from '../modules/admin/call-routing-admin';
import { CannedRepliesAdmin } from '../modules/admin/canned-replies-admin';
import { SlaAdmin } from '../modules/admin/sla-admin';
import { TeamsAdmin } from '../modules/admin/teams-admin';
import { UsersAdmin } from '../modules/admin/users-admin';
import { VoiceMenuAdmin } from '../modules/admin/voice-menu-admin';

const SECTIONS = ['users', 'teams', 'sla', 'calls', 'voice', 'canned'] as const;
const SECTION_LABELS: Partial<Record<(typeof SECTIONS)[number], string>> = { sla: 'adminSettings.sections.sla', voice: 'adminSettings.sections.voice' };
type AdminSection = (typeof SECTIONS)[number];

/** Administration: admins change users and teams (supervisors see them); supervisors write canned replies. Loaded only when opened. */
export function AdminPage({ user, section }: { user: TUser; section: string }) {
  const { t } = useTranslation();
  const current: AdminSection = (SECTIONS as readonly string[]).includes(section) ? (section as AdminSection) : 'users';
  const canEdit = user.role === 'admin';
  return (
    <div className="admin-page">
      <h1>{t('admin.title')}</h1>
      {!canEdit && current !== 'canned' && <p className="notice">{t(current === 'sla' || current === 'voice' ? 'adminSettings.readOnly' : 'admin.readOnly')}</p>}
      <nav className="tabs" aria-label={t('admin.title')}>
        {SECTIONS.map((name) => (
          <Link key={name} href={`/admin/${name}`} aria-current={name === current ? 'page' : undefined}>
            {t(SECTION_LABELS[name] ?? `admin.sections.${name}`)}
          </Link>
        ))}
      </nav>
      {current === 'users' && <UsersAdmin canEdit={canEdit} currentUserId={user.id} />}
      {current === 'teams' && <TeamsAdmin canEdit={canEdit} />}
      {current === 'sla' && <SlaAdmin canEdit={canEdit} />}
      {current === 'calls' && <CallRoutingAdmin canEdit={canEdit} />}
      {current === 'voice' && <VoiceMenuAdmin canEdit={canEdit} />}
      {/* Canned replies are the supervisors' to write. */}
      {current === 'canned' && <CannedRepliesAdmin canEdit />}
    </div>
  );
}
