import { useTranslation } from 'react-i18next';
import { Link, useSearch } from 'wouter';
import { ArticleFeedback } from '../modules/portal/article-feedback';
import { ArticlePage } from './article-page';

export function PortalArticlePage({ articleId }: { articleId: string }) {
  const { t } = useTranslation();
  const query = new URLSearchParams(useSearch()).get('q');
  return (
    <>
      <Link href={query ? `/?q=${encodeURIComponent(query)}` : '/'}>{t('portal.backToSearch')}</Link>
      <ArticlePage articleId={articleId} />
      <ArticleFeedback articleId={articleId} />
    </>
  );
}
