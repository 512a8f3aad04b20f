import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { ArticlePage } from './article-page';

/** An article in the console, with the way to edit it (agents: to suggest a change). */
export function KbArticleRoute({ articleId, user }: { articleId: string; user: TUser }) {
  const { t } = useTranslation();
  const editor = user.role === 'supervisor' || user.role === 'admin';
  return (
    <>
      <Link href={`/kb/${articleId}/edit`}>{editor ? t('kbEditor.edit') : t('kbEditor.suggestTitle')}</Link>
      <ArticlePage articleId={articleId} />
    </>
  );
}
