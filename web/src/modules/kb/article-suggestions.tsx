import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { TSearchResponse } from '@mowakaba/shared/schemas/kb';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { apiRequest } from '../../lib/api-client';
import { MarkedSnippet } from './marked-snippet';

/** The address where associations read an article, without signing in. */
export function portalArticleUrl(articleId: string): string {
  return `${window.location.origin}/portal/articles/${articleId}`;
}

/** The five articles most likely to answer the ticket, each ready to be linked in a reply. */
export function ArticleSuggestions({ ticket }: { ticket: TTicket }) {
  const { t } = useTranslation();
  const text = `${ticket.subject}\n${ticket.description}`;
  const suggestions = useQuery({
    queryKey: ['kb', 'suggestions', ticket.id, text],
    queryFn: () => apiRequest<TSearchResponse>('/api/kb/suggestions', { method: 'POST', body: { text, lang: ticket.language } }),
    staleTime: 5 * 60_000,
  });
  const results = suggestions.data?.results ?? [];
  return (
    <section className="card suggestions" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">{t('kb.suggestions')}</h2>
      {results.length === 0 && <p>{suggestions.isPending ? t('common.loading') : t('kb.noSuggestion')}</p>}
      <ol>
        {results.map((result) => (
          <li key={result.id}>
            <Link href={`/kb/${result.id}`}>
              <span dir="auto">{result.title}</span>
            </Link>
            <p>
              <MarkedSnippet snippet={result.snippet} />
            </p>
            {/* Only public articles can be read by the association: their portal address goes in the reply. */}
            {result.visibility === 'public' ? (
              <button
                type="button"
                className="button--quiet"
                onClick={() => window.dispatchEvent(new CustomEvent('mowakaba:insert', { detail: `${result.title}: ${portalArticleUrl(result.id)}` }))}
              >
                {t('kb.insertLink')}
              </button>
            ) : (
              <span className="badge badge--muted">{t('kb.internalOnly')}</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
