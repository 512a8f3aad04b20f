import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TArticle, TArticleDiff, TArticleVersion } from '@mowakaba/shared/schemas/kb';
import { apiRequest } from '../../lib/api-client';
import { formatDate } from '../../lib/i18n';
import { articleKey } from './use-article';

type VersionSummary = Omit<TArticleVersion, 'body' | 'summary'>;

/** Every saved version, what each changed against the one before, and restoring one as a new version. */
export function VersionHistory({ article, canRestore, onRestored }: { article: TArticle; canRestore: boolean; onRestored: (restored: TArticle) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<number>();
  const versions = useQuery({
    queryKey: ['kb', 'versions', article.id, article.version],
    queryFn: () => apiRequest<{ items: VersionSummary[] }>(`/api/kb/articles/${article.id}/versions`),
  });
  const diff = useQuery({
    queryKey: ['kb', 'diff', article.id, shown],
    queryFn: () => apiRequest<TArticleDiff>(`/api/kb/articles/${article.id}/diff?from=${shown! - 1}&to=${shown}`),
    enabled: shown !== undefined && shown > 1,
  });
  const restore = useMutation({
    mutationFn: (version: number) => apiRequest<TArticle>(`/api/kb/articles/${article.id}/versions/${version}/restore`, { method: 'POST' }),
    onSuccess: (restored) => {
      queryClient.setQueryData(articleKey(article.id), restored);
      onRestored(restored);
    },
  });
  const language = i18n.language as TUiLanguage;
  return (
    <section className="card version-history" aria-labelledby="versions-title">
      <h2 id="versions-title">{t('kbEditor.history')}</h2>
      <ol reversed>
        {(versions.data?.items ?? []).map((version) => (
          <li key={version.version}>
            <span>
              {t('kbEditor.versionLabel', { version: version.version })} · {formatDate(new Date(version.createdAt), language, { dateStyle: 'medium', timeStyle: 'short' })}
              {version.restoredFrom !== null && ` · ${t('kbEditor.restoredFrom', { version: version.restoredFrom })}`}
            </span>
            {version.version > 1 && (
              <button type="button" className="button--quiet" aria-pressed={shown === version.version} onClick={() => setShown(shown === version.version ? undefined : version.version)}>
                {t('kbEditor.showChanges')}
              </button>
            )}
            {canRestore && version.version !== article.version && (
              <button type="button" className="button--quiet" disabled={restore.isPending} onClick={() => restore.mutate(version.version)}>
                {t('kbEditor.restore')}
              </button>
            )}
            {shown === version.version && diff.data && (
              <div className="diff" aria-label={t('kbEditor.changesOf', { version: version.version })}>
                {diff.data.fields.map((field) => (
                  <div key={field.field}>
                    <h3>{t(`kbEditor.fields.${field.field}`)}</h3>
                    <pre dir="auto">
                      {field.parts.map((part, index) =>
                        part.op === 'insert' ? <ins key={index}>{part.text}</ins> : part.op === 'delete' ? <del key={index}>{part.text}</del> : <span key={index}>{part.text}</span>,
                      )}
                    </pre>
                  </div>
                ))}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
