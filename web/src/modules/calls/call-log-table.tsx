import type { ColumnDef } from '@tanstack/react-table';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { formatDate } from '../../lib/i18n';
import { useTeams } from '../teams/use-teams';
import { DataTable } from '../ui/data-table';
import { useColleagues } from '../users/use-colleagues';
import { CallerName, CallerNumber } from './caller-name';
import { useCallLog } from './use-call-log';

const seconds = (value: number | null) => (value === null ? '—' : `${value} s`);

/** The call log under the URL's filters: every page is asked for until one is full, so a short page never hides later calls. */
export function CallLogTable({ filters }: { filters: Record<string, string> }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  const log = useCallLog(filters);
  const teams = useTeams();
  const colleagues = useColleagues();
  const teamNames = useMemo(() => new Map((teams.data?.items ?? []).map((team) => [team.id, team.name[language] ?? team.name.fr])), [teams.data, language]);
  const people = useMemo(() => new Map((colleagues.data?.items ?? []).map((person) => [person.id, person.name])), [colleagues.data]);
  const pages = log.data?.pages ?? [];
  const rows = useMemo(() => pages.flatMap((page) => page.items), [pages]);
  // The server looks at a bounded number of calls per request: a page short of its size with a cursor goes on.
  const lastPage = pages.at(-1);
  const shortPage = lastPage !== undefined && lastPage.nextCursor !== null && lastPage.items.length < 50;
  useEffect(() => {
    if (shortPage && !log.isFetchingNextPage) void log.fetchNextPage();
  }, [shortPage, log.isFetchingNextPage]);

  const time = (iso: string | null) => (iso ? formatDate(new Date(iso), language, { dateStyle: 'short', timeStyle: 'medium' }) : '—');
  const columns = useMemo(
    () =>
      [
        { id: 'queuedAt', header: t('drill.columns.at'), cell: ({ row }) => <bdi>{time(row.original.queuedAt ?? row.original.createdAt)}</bdi> },
        { id: 'direction', header: t('drill.columns.direction'), cell: ({ row }) => t(`drill.directions.${row.original.direction}`) },
        { id: 'caller', header: t('calls.caller'), cell: ({ row }) => <CallerName associationId={row.original.associationId} /> },
        { id: 'number', header: t('calls.number'), cell: ({ row }) => <CallerNumber call={row.original} /> },
        { id: 'team', header: t('drill.columns.team'), cell: ({ row }) => (row.original.teamId ? <bdi>{teamNames.get(row.original.teamId) ?? '…'}</bdi> : <span className="muted">—</span>) },
        { id: 'agent', header: t('drill.columns.agent'), cell: ({ row }) => (row.original.agentId ? <bdi>{people.get(row.original.agentId) ?? '…'}</bdi> : <span className="muted">—</span>) },
        { id: 'topic', header: t('ticket.topic'), cell: ({ row }) => (row.original.topic ? t(`topics.${row.original.topic}`) : '—') },
        { id: 'result', header: t('drill.columns.result'), cell: ({ row }) => (row.original.result ? t(`drill.results.${row.original.result}`) : t(`drill.phases.${row.original.phase}`)) },
        { id: 'wait', header: t('calls.waited'), cell: ({ row }) => <span dir="ltr">{seconds(row.original.queueWaitSeconds)}</span> },
        { id: 'talk', header: t('drill.columns.talk'), cell: ({ row }) => <span dir="ltr">{seconds(row.original.talkSeconds)}</span> },
        {
          id: 'ticket',
          header: t('drill.columns.ticket'),
          cell: ({ row }) => (row.original.ticketId ? <Link href={`/tickets/${row.original.ticketId}`}>{t('drill.openTicket')}</Link> : <span className="muted">—</span>),
        },
      ] satisfies ColumnDef<TCall, unknown>[],
    [t, language, teamNames, people],
  );

  if (log.isError) return <p role="alert">{t('errors.network')}</p>;
  return (
    <section aria-busy={log.isFetching}>
      <p role="status" className="call-log__count">
        {log.hasNextPage ? t('drill.countSoFar', { count: rows.length }) : t('drill.count', { count: rows.length })}
      </p>
      <DataTable label={t('drill.tableLabel')} columns={columns} rows={rows} getRowId={(call) => call.callSid} compact emptyText={log.isPending ? t('common.loading') : t('drill.empty')} />
      {log.hasNextPage && !shortPage && (
        <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {t('drill.more')}
        </button>
      )}
    </section>
  );
}
