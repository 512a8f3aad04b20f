import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { CallRoutingAdmin } from '../modules/admin/call-routing-admin';
import { CannedRepliesAdmin } from '../modules/admin/canned-replies-admin';
import { DemoDataAdmin } from '../modules/admin/demo-data-admin';
import { SlaAdmin } from '../modules/admin/sla-admin';
import { TeamsAdmin } from '../modules/admin/teams-admin';
import { UsersAdmin } from '../modules/admin/users-admin';
import { VoiceMenuAdmin } from '../modules/admin/voice-menu-admin';

const SECTIONS = ['users', 'teams', 'sla', 'calls', 'voice', 'canned', 'demo'] as const;
const SECTION_LABELS: Partial<Record<(typeof SECTIONS)[number], string>> = { sla: 'adminSettings.sections.sla', voice: 'adminSettings.sections.voice', demo: 'demoData.section' };
/** Sections only admins see. */
const ADMIN_ONLY_SECTIONS: ReadonlySet<string> = new Set(['demo']);
type AdminSection = (typeof SECTIONS)[number];

/** Administration: admins change users and teams (supervisors see them); supervisors write canned replies. Loaded only when opened. */
export function AdminPage({ user, section }: { user: TUser; section: string }) {
  const { t } = useTranslation();
  const canEdit = user.role === 'admin';
  const sections = SECTIONS.filter((name) => canEdit || !ADMIN_ONLY_SECTIONS.has(name));
  const current: AdminSection = (sections as readonly string[]).includes(section) ? (section as AdminSection) : 'users';
  return (
    <div className="admin-page">
      <h1>{t('admin.title')}</h1>
      {!canEdit && current !== 'canned' && <p className="notice">{t(current === 'sla' || current === 'voice' ? 'adminSettings.readOnly' : 'admin.readOnly')}</p>}
      {/* The component set's tabs, as links: each section has its own address. */}
      <nav className="ui-tabs" aria-label={t('admin.title')}>
        {sections.map((name) => (
          <Link key={name} href={`/admin/${name}`} className="ui-tabs__tab" aria-current={name === current ? 'page' : undefined}>
            {t(SECTION_LABELS[name] ?? `admin.sections.${name}`)}
          </Link>
        ))}
      </nav>
      {current === 'users' && <UsersAdmin canEdit={canEdit} currentUserId={user.id} />}
      {current === 'teams' && <TeamsAdmin canEdit={canEdit} />}
      {current === 'sla' && <SlaAdmin canEdit={canEdit} />}
      {current === 'calls' && <CallRoutingAdmin canEdit={canEdit} />}
      {current === 'voice' && <VoiceMenuAdmin canEdit={canEdit} />}
      {current === 'demo' && <DemoDataAdmin />}
      {/* Canned replies are the supervisors' to write. */}
      {current === 'canned' && <CannedRepliesAdmin canEdit />}
    </div>
  );
}
