import { Link } from 'wouter';
import type { TSearchResult } from '@mowakaba/shared/schemas/kb';
import { MarkedSnippet } from '../kb/marked-snippet';

/** Articles found for a visitor, each opening in the portal; `newTab` keeps a request being written. */
export function ArticleResultList({ results, label, newTab = false, searchQuery }: { results: TSearchResult[]; label: string; newTab?: boolean; searchQuery?: string }) {
  // The article's "back to the search" link brings the same words back.
  const back = searchQuery ? `?q=${encodeURIComponent(searchQuery)}` : '';
  return (
    <ol className="portal-results" aria-label={label}>
      {results.map((result) => (
        <li key={result.id}>
          {newTab ? (
            <a href={`/portal/articles/${result.id}`} target="_blank" rel="noopener" dir="auto">
              {result.title}
            </a>
          ) : (
            <Link href={`/articles/${result.id}${back}`}>
              <span dir="auto">{result.title}</span>
            </Link>
          )}
          <p lang={result.lang}>
            <MarkedSnippet snippet={result.snippet} />
          </p>
        </li>
      ))}
    </ol>
  );
}
