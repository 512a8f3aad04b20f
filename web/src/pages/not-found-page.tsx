import { ArrowLeft, MapPinOff } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { EmptyState } from '../modules/ui/empty-state';

/** An address the app does not know: say so and offer the way back, never a blank page. */
export function NotFoundPage({ homeHref = '/' }: { homeHref?: string }) {
  const { t } = useTranslation();
  return (
    <section className="card not-found" aria-labelledby="not-found-title">
      <EmptyState
        icon={MapPinOff}
        title={t('notFound.title')}
        titleId="not-found-title"
        headingLevel={1}
        text={t('notFound.text')}
        action={
          <Link href={homeHref} className="button button--primary button-link">
            <ArrowLeft className="icon icon--mirrored" aria-hidden="true" />
            {t('notFound.back')}
          </Link>
        }
      />
    </section>
  );
}
