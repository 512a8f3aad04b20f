import { useQuery } from '@tanstack/react-query';
import type { TContentLanguage } from '@mowakaba/shared/constants';
import { hasTextsFor, loadTextsFor, textsLanguageOf } from './i18n';

/** Whether the texts of a language other than the interface's are there, fetching them when they are not. */
export function useTextsFor(language: TContentLanguage): boolean {
  const texts = useQuery({
    queryKey: ['texts', textsLanguageOf(language)],
    queryFn: () => loadTextsFor(language).then(() => true),
    initialData: hasTextsFor(language) ? true : undefined,
    staleTime: Infinity,
  });
  return texts.data === true;
}
