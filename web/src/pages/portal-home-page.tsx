import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { TSearchResponse } from '../../../shared/src/schemas/kb';
import { apiRequest } from '../lib/api-client';
import { ArticleResultList } from '../modules/portal/article-result-list';
import { useDebouncedValue } from '../modules/ui/use-debounced-value';

/** Search the published public articles, or go and ask. */
export function PortalHomePage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
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
          <input type="search" dir="auto" value={query} onChange={(event) => setQuery(event.target.value)} placeholder={t('portal.search.placeholder')} />
        </label>
        {search.isError && <p role="alert">{t('errors.network')}</p>}
        {settled.length > 0 && search.isSuccess && results.length === 0 && <p role="status">{t('portal.search.none')}</p>}
        {results.length > 0 && <ArticleResultList results={results} label={t('portal.search.results')} />}
      </section>
      <section className="card portal-cta">
        <h2>{t('portal.ask.notFound')}</h2>
        <Link href="/ask" className="button-link">
          {t('portal.nav.ask')}
        </Link>
      </section>
    </>
  );
}
