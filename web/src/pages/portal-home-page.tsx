import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { TSearchResponse } from '@mowakaba/shared/schemas/kb';
import { apiRequest } from '../lib/api-client';
import { ArticleResultList } from '../modules/portal/article-result-list';
import { useDebouncedValue } from '../modules/ui/use-debounced-value';
import { MessageSquarePlus } from 'lucide-react';

/**
 * Where the search starts: `?q=` (a search link, a return from an article, the first screen's form
 * sent before the script arrived), or what the visitor typed in the first screen's box meanwhile.
 */
function initialQuery(): string {
  const typed = document.querySelector<HTMLInputElement>('#portal-shell-q')?.value ?? '';
  return typed || (new URLSearchParams(window.location.search).get('q') ?? '');
}

/** Search the published public articles, or go and ask. */
export function PortalHomePage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState(initialQuery);
  // The words stay in the address, so coming back from an article (or reloading) finds the search again.
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    if (query.trim()) params.set('q', query.trim());
    else params.delete('q');
    const search = params.toString();
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
  }, [query]);
  const settled = useDebouncedValue(query.trim(), 350);
  const search = useQuery({
    queryKey: ['portal', 'search', settled],
    queryFn: () => apiRequest<TSearchResponse>(`/api/kb/search?${new URLSearchParams({ q: settled, limit: '10' }).toString()}`),
    enabled: settled.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const results = settled.length > 0 ? (search.data?.results ?? []) : [];
  return (
    <>
      <section className="card portal-search" aria-labelledby="portal-search-title">
        <h1 id="portal-search-title">{t('portal.search.title')}</h1>
        <p>{t('portal.search.intro')}</p>
        <label>
          <span>{t('portal.search.label')}</span>
          <input type="search" name="q" dir="auto" autoFocus={Boolean(document.activeElement?.id === 'portal-shell-q')} value={query} onChange={(event) => setQuery(event.target.value)} placeholder={t('portal.search.placeholder')} />
        </label>
        {search.isError && <p role="alert">{t('errors.network')}</p>}
        {settled.length > 0 && search.isSuccess && results.length === 0 && <p role="status">{t('portal.search.none')}</p>}
        {results.length > 0 && <ArticleResultList results={results} label={t('portal.search.results')} searchQuery={settled} />}
      </section>
      <section className="card portal-cta">
        <h2>{t('portal.ask.notFound')}</h2>
        <Link href="/ask" className="button button--primary button-link">
          <MessageSquarePlus className="icon" aria-hidden="true" />
          {t('portal.nav.ask')}
        </Link>
      </section>
    </>
  );
}
