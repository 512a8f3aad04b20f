import { useQuery } from '@tanstack/react-query';
import type { TArticle } from '@mowakaba/shared/schemas/kb';
import { apiRequest } from '../../lib/api-client';

export const articleKey = (id: string) => ['kb', 'article', id] as const;

/** One article as the staff see it (every status), with its translations. */
export function useArticle(id: string | undefined) {
  return useQuery({
    queryKey: articleKey(id ?? ''),
    queryFn: () => apiRequest<TArticle>(`/api/kb/articles/${id}`),
    enabled: id !== undefined,
  });
}
