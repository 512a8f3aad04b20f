import { useTranslation } from 'react-i18next';
import { AuditLogTable } from '../modules/privacy/audit-log-table';
import { ContactSubjectPanel } from '../modules/privacy/contact-subject-panel';
import { DataSubjectPanel } from '../modules/privacy/data-subject-panel';
import { RetentionForm } from '../modules/privacy/retention-form';

/** Personal data (law 09-08): data-subject export and erasure, of a person or of an association. */
export function AdminPrivacyPage() {
  const { t } = useTranslation();
  return (
    <section className="admin-privacy">
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.intro')}</p>
      <ContactSubjectPanel />
      <DataSubjectPanel />
    </section>
  );
}

/** Retention periods and the last retention pass. */
export function AdminRetentionPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('nav.retention')}</h1>
      <RetentionForm />
    </section>
  );
}

/** The audit log of staff actions, filterable and exportable. */
export function AdminAuditPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <AuditLogTable />
    </section>
  );
}
