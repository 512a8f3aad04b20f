import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TContentGaps } from '@mowakaba/shared/schemas/kb';
import { apiRequest } from '../lib/api-client';
import { formatDate, formatNumber } from '../lib/i18n';
import { DataTable } from '../modules/ui/data-table';

type ZeroResultRow = TContentGaps['zeroResultSearches'][number];
type UnhelpfulRow = TContentGaps['unhelpfulArticles'][number];

/** What the knowledge base is missing: searches that found nothing, articles readers found unhelpful. */
export function KbGapsPage() {
  const { t, i18n } = useTranslation();
  const [, navigate] = useLocation();
  const language = i18n.language as TUiLanguage;
  const gaps = useQuery({ queryKey: ['kb', 'gaps'], queryFn: () => apiRequest<TContentGaps>('/api/kb/gaps') });
  const searchColumns = useMemo(
    () =>
      [
        { id: 'query', header: t('kbGaps.query'), cell: ({ row }) => <span dir="auto">{row.original.query}</span> },
        { id: 'count', header: t('kbGaps.count'), cell: ({ row }) => formatNumber(row.original.count, language) },
        { id: 'last', header: t('kbGaps.lastSearchedAt'), cell: ({ row }) => formatDate(new Date(row.original.lastSearchedAt), language, { dateStyle: 'medium' }) },
      ] satisfies ColumnDef<ZeroResultRow, unknown>[],
    [t, language],
  );
  const articleColumns = useMemo(
    () =>
      [
        { id: 'title', header: t('kbGaps.article'), cell: ({ row }) => <span dir="auto">{row.original.title}</span> },
        { id: 'votes', header: t('kbGaps.votes'), cell: ({ row }) => t('kbGaps.voteCounts', { helpful: row.original.helpful, unhelpful: row.original.unhelpful }) },
        {
          id: 'comments',
          header: t('kbGaps.comments'),
          cell: ({ row }) => (
            <ul>
              {row.original.recentComments.map((comment, index) => (
                <li key={index} dir="auto">
                  {comment}
                </li>
              ))}
            </ul>
          ),
        },
      ] satisfies ColumnDef<UnhelpfulRow, unknown>[],
    [t],
  );
  const empty = gaps.isPending ? t('common.loading') : t('kbGaps.empty');
  return (
    <section className="kb-gaps">
      <h1>{t('kbGaps.title')}</h1>
      <h2>{t('kbGaps.zeroResults')}</h2>
      <DataTable label={t('kbGaps.zeroResults')} columns={searchColumns} rows={gaps.data?.zeroResultSearches ?? []} getRowId={(row) => row.query} emptyText={empty} />
      <h2>{t('kbGaps.unhelpful')}</h2>
      <DataTable
        label={t('kbGaps.unhelpful')}
        columns={articleColumns}
        rows={gaps.data?.unhelpfulArticles ?? []}
        getRowId={(row) => row.id}
        onRowOpen={(row) => navigate(`/kb/${row.id}/edit`)}
        emptyText={empty}
      />
    </section>
  );
}
