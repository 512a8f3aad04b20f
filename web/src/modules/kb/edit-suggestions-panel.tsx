import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TEditSuggestion } from '@mowakaba/shared/schemas/kb';
import { apiRequest } from '../../lib/api-client';
import { articleKey } from './use-article';

/** Changes agents suggested; supervisors and admins accept (a new version) or reject them. */
export function EditSuggestionsPanel({ articleId, canDecide }: { articleId: string; canDecide: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const suggestions = useQuery({
    queryKey: ['kb', 'edit-suggestions', articleId],
    queryFn: () => apiRequest<{ items: TEditSuggestion[] }>(`/api/kb/articles/${articleId}/edit-suggestions`),
  });
  const decide = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'accept' | 'reject' }) =>
      apiRequest<TEditSuggestion>(`/api/kb/articles/${articleId}/edit-suggestions/${id}`, { method: 'PATCH', body: { decision } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['kb', 'edit-suggestions', articleId] });
      void queryClient.invalidateQueries({ queryKey: articleKey(articleId) });
    },
  });
  const items = suggestions.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="edit-suggestions-title">
      <h2 id="edit-suggestions-title">{t('kbEditor.suggestions')}</h2>
      <ul>
        {items.map((suggestion) => (
          <li key={suggestion.id}>
            <p dir="auto">{suggestion.note}</p>
            <small>
              {t('kbEditor.suggestionOn', { version: suggestion.baseVersion })} · {t(`kbEditor.suggestionStatus.${suggestion.status}`)} ·{' '}
              {Object.keys(suggestion.changes).map((field) => t(`kbEditor.fields.${field}`)).join(', ')}
            </small>
            {canDecide && suggestion.status === 'open' && (
              <span className="editor-actions">
                <button type="button" disabled={decide.isPending} onClick={() => decide.mutate({ id: suggestion.id, decision: 'accept' })}>
                  {t('kbEditor.accept')}
                </button>
                <button type="button" className="button--quiet" disabled={decide.isPending} onClick={() => decide.mutate({ id: suggestion.id, decision: 'reject' })}>
                  {t('kbEditor.reject')}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
