import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TSearchResponse } from '@mowakaba/shared/schemas/kb';
import { apiRequest } from '../../lib/api-client';
import { ArticleResultList } from './article-result-list';
import { useDebouncedValue } from '../ui/use-debounced-value';

// The typing-suggestions route reads at most 300 characters; the end is what was just typed.
const MAX_TYPED = 300;

/** Articles that may already answer the request, updated while it is typed. */
export function RequestSuggestions({ text, lang }: { text: string; lang: string }) {
  const { t } = useTranslation();
  const typed = useDebouncedValue(text.trim().slice(-MAX_TYPED), 350);
  const suggestions = useQuery({
    queryKey: ['portal', 'typeahead', typed, lang],
    queryFn: () => apiRequest<TSearchResponse>(`/api/kb/typeahead?${new URLSearchParams({ q: typed, lang }).toString()}`),
    enabled: typed.length >= 3,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const results = typed.length >= 3 ? (suggestions.data?.results ?? []) : [];
  return (
    <aside className="portal-suggestions" aria-live="polite" aria-labelledby="portal-suggestions-title">
      <h2 id="portal-suggestions-title">{t('portal.ask.suggestionsTitle')}</h2>
      {results.length === 0 ? <p>{t('portal.ask.suggestionsHint')}</p> : <ArticleResultList results={results} label={t('portal.ask.suggestionsTitle')} newTab />}
    </aside>
  );
}
