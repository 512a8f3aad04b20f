import { useQuery } from '@tanstack/react-query';
import DOMPurify from 'dompurify';
import { useTranslation } from 'react-i18next';
import type { TArticle } from '@mowakaba/shared/schemas/kb';
import { apiRequest } from '../lib/api-client';
import { isolateNumbersInHtml } from '../modules/ui/isolate-numbers';

/** An article as associations read it. Its HTML is sanitised by the server, and again here before it is shown. */
export function ArticlePage({ articleId }: { articleId: string }) {
  const { t } = useTranslation();
  const article = useQuery({ queryKey: ['kb', 'article', articleId], queryFn: () => apiRequest<TArticle>(`/api/kb/articles/${articleId}`) });
  if (article.isError) return <p role="alert">{t('kb.notFound')}</p>;
  if (!article.data) return <p aria-busy="true">{t('common.loading')}</p>;
  return (
    <article className="card article" lang={article.data.lang} dir={article.data.lang === 'ar' ? 'rtl' : 'ltr'}>
      <h1>{article.data.title}</h1>
      {article.data.summary && <p className="article__summary">{article.data.summary}</p>}
      <div dangerouslySetInnerHTML={{ __html: isolateNumbersInHtml(DOMPurify.sanitize(article.data.bodyHtml, { USE_PROFILES: { html: true } })) }} />
    </article>
  );
}
