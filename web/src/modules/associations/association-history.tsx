import { useInfiniteQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TAssociationTimelineItem } from '@mowakaba/shared/schemas/timeline';
import { apiRequest } from '../../lib/api-client';
import { formatDate } from '../../lib/i18n';
import { DeliveryStatus } from '../tickets/delivery-status';
import { DataTable } from '../ui/data-table';
import { shownText } from './association-name';

const PAGE_SIZE = 20;

type TimelinePage = { items: TAssociationTimelineItem[]; nextCursor: string | null };

/** A history item's identity across pages. */
export const historyItemId = (item: TAssociationTimelineItem) =>
  `${item.kind}:${item.kind === 'ticket' ? item.ticket.id : item.kind === 'call' ? item.call.callSid : item.message.messageSid}`;

/** Everything the association did with the center — tickets, calls, messages — newest first, a page at a time. */
export function AssociationHistory({ associationId }: { associationId: string }) {
  const { t, i18n } = useTranslation();
  const history = useInfiniteQuery({
    queryKey: ['associations', 'history', associationId],
    queryFn: ({ pageParam }) =>
      apiRequest<TimelinePage>(`/api/associations/${associationId}/timeline?limit=${PAGE_SIZE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = useMemo(() => history.data?.pages.flatMap((page) => page.items) ?? [], [history.data]);

  const columns = useMemo(
    () =>
      [
        {
          id: 'when',
          header: t('associationPage.when'),
          cell: ({ row }) => <time dateTime={row.original.at}>{formatDate(new Date(row.original.at), i18n.language as TUiLanguage, { dateStyle: 'medium', timeStyle: 'short' })}</time>,
        },
        { id: 'kind', header: t('associationPage.kind'), cell: ({ row }) => t(`entryKinds.${row.original.kind}`) },
        { id: 'summary', header: t('associationPage.summary'), cell: ({ row }) => <HistorySummary item={row.original} /> },
        { id: 'status', header: t('associationPage.status'), cell: ({ row }) => <HistoryStatus item={row.original} /> },
      ] satisfies ColumnDef<TAssociationTimelineItem, unknown>[],
    [t, i18n.language],
  );

  return (
    <section className="card" aria-labelledby="association-history-title">
      <h2 id="association-history-title">{t('associationPage.history')}</h2>
      <DataTable
        label={t('associationPage.historyLabel')}
        columns={columns}
        rows={rows}
        getRowId={historyItemId}
        emptyText={history.isPending ? t('common.loading') : history.isError ? t('errors.generic') : t('associationPage.noHistory')}
      />
      {history.hasNextPage && (
        <div className="pager">
          <button type="button" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
            {t('associationPage.more')}
          </button>
        </div>
      )}
    </section>
  );
}

function HistorySummary({ item }: { item: TAssociationTimelineItem }) {
  const { t } = useTranslation();
  if (item.kind === 'ticket') {
    return (
      <>
        <Link href={`/tickets/${item.ticket.id}`}>
          <bdi dir="ltr">{item.ticket.reference}</bdi>
        </Link>{' '}
        <span dir="auto">{shownText(item.ticket.subject, t)}</span>
      </>
    );
  }
  const ticketLink = (ticketId: string | null, text: string) => (ticketId ? <Link href={`/tickets/${ticketId}`}>{text}</Link> : text);
  if (item.kind === 'call') {
    return ticketLink(item.call.ticketId, t(`callDirections.${item.call.direction}`) + (item.call.talkSeconds !== null ? ` · ${t('recording.duration', { seconds: item.call.talkSeconds })}` : ''));
  }
  return (
    <>
      {ticketLink(item.message.ticketId, `${t(`channels.${item.message.channel}`)} · ${t(`messageDirections.${item.message.direction}`)}`)}{' '}
      <span dir="auto" className="truncate">
        {shownText(item.message.body, t)}
      </span>
    </>
  );
}

function HistoryStatus({ item }: { item: TAssociationTimelineItem }) {
  const { t } = useTranslation();
  if (item.kind === 'ticket') return <>{t(`status.${item.ticket.status}`)}</>;
  if (item.kind === 'call') return <>{item.call.result ? t(`callResults.${item.call.result}`) : '—'}</>;
  return item.message.direction === 'outbound' ? <DeliveryStatus status={item.message.status} errorCode={null} /> : <>{t('delivery.received')}</>;
}
