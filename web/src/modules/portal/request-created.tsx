import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { TPortalRequestCreated } from '@mowakaba/shared/schemas/portal';

/** The reference and the follow-up code, shown once: the server keeps only a hash of the code. */
export function RequestCreated({ created }: { created: TPortalRequestCreated }) {
  const { t } = useTranslation();
  return (
    <section className="card portal-created" role="status" aria-labelledby="portal-created-title">
      <h1 id="portal-created-title">{t('portal.created.title')}</h1>
      <dl>
        <dt>{t('portal.created.reference')}</dt>
        <dd className="portal-code" dir="ltr">
          {created.reference}
        </dd>
        <dt>{t('portal.created.code')}</dt>
        <dd className="portal-code" dir="ltr">
          {created.followUpCode}
        </dd>
      </dl>
      <p>{t('portal.created.keepCode')}</p>
      <Link href={`/follow?reference=${encodeURIComponent(created.reference)}`}>{t('portal.nav.follow')}</Link>
    </section>
  );
}
