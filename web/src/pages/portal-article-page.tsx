import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ArticleFeedback } from '../modules/portal/article-feedback';
import { ArticlePage } from './article-page';

export function PortalArticlePage({ articleId }: { articleId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Link href="/">{t('portal.backToSearch')}</Link>
      <ArticlePage articleId={articleId} />
      <ArticleFeedback articleId={articleId} />
    </>
  );
}
