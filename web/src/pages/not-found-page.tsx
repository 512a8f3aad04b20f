import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';

/** An address the app does not know: say so and offer the way back, never a blank page. */
export function NotFoundPage({ homeHref = '/' }: { homeHref?: string }) {
  const { t } = useTranslation();
  return (
    <section className="card not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <Link href={homeHref}>{t('notFound.back')}</Link>
    </section>
  );
}
