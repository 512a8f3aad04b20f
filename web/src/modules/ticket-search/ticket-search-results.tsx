import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { TTicketSearchResults } from '@mowakaba/shared/schemas/ticket-search';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { apiRequest } from '../../lib/api-client';
import { formatDate } from '../../lib/i18n';
import { shownText } from '../associations/association-name';
import { HighlightedSnippet } from './highlighted-snippet';

const PAGE_SIZE = 10;

/** Tickets matching a text search over everything written on them, best first, each with why it matched. */
export function TicketSearchResults({ q }: { q: string }) {
  const { t, i18n } = useTranslation();
  const search = useInfiniteQuery({
    queryKey: ['tickets', 'search', q],
    queryFn: ({ pageParam }) =>
      apiRequest<TTicketSearchResults>(`/api/tickets/search?q=${encodeURIComponent(q)}&limit=${PAGE_SIZE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const results = search.data?.pages.flatMap((page) => page.results) ?? [];

  return (
    <section className="ticket-search" aria-labelledby="ticket-search-title" aria-busy={search.isFetching}>
      <h2 id="ticket-search-title">{t('ticketSearch.title')}</h2>
      {search.isPending ? (
        <p>{t('common.loading')}</p>
      ) : search.isError ? (
        <p role="alert">{t('ticketSearch.error')}</p>
      ) : results.length === 0 ? (
        <p>{t('ticketSearch.empty')}</p>
      ) : (
        <ol className="ticket-search-results">
          {results.map(({ ticket, matchedIn, snippet }) => (
            <li key={ticket.id} className="ticket-search-result">
              <div className="ticket-search-heading">
                <Link href={`/tickets/${ticket.id}`}>
                  <bdi dir="ltr">{ticket.reference}</bdi> <span dir="auto">{shownText(ticket.subject, t)}</span>
                </Link>
                <span className="badge badge--muted">{t(`status.${ticket.status}`)}</span>
                <time dateTime={ticket.createdAt}>{formatDate(new Date(ticket.createdAt), i18n.language as TUiLanguage, { dateStyle: 'medium' })}</time>
              </div>
              {snippet && <HighlightedSnippet snippet={snippet} />}
              {/* A ticket found by its reference alone matched no text: there is nothing to list. */}
              {matchedIn.length > 0 && (
                <p className="ticket-search-found">
                  {t('ticketSearch.foundIn')} {matchedIn.map((kind) => t(`ticketSearch.kinds.${kind}`)).join(t('ticketSearch.separator'))}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {search.hasNextPage && (
        <div className="pager">
          <button type="button" onClick={() => void search.fetchNextPage()} disabled={search.isFetchingNextPage}>
            {t('ticketSearch.more')}
          </button>
        </div>
      )}
    </section>
  );
}
