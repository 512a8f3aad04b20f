import { ChevronLeft, ChevronRight } from 'lucide-react';
import type { ColumnDef, SortingState, VisibilityState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { formatDate } from '../../lib/i18n';
import { Button } from '../ui/button';
import { PriorityBadge, StatusBadge } from '../ui/badge';
import { DataTable } from '../ui/data-table';
import { useAssociation } from '../associations/association-panel';
import { useColleagues } from '../users/use-colleagues';
import { SlaCountdown } from './sla-countdown';
import { useTicketList } from './use-tickets';
import { associationName, shownText } from '../associations/association-name';

export const QUEUE_VIEWS = ['all', 'mine', 'team', 'unassigned', 'breaching'] as const;
export type TQueueView = (typeof QUEUE_VIEWS)[number];

const ACTIVE = 'new,open,pending,on-hold';

/**
 * Columns left out until the agent asks for them ("Columns"): what is needed at a glance fits a 1440 px screen
 * without sideways scrolling. A saved choice is kept per column and wins over these.
 */
const HIDDEN_BY_DEFAULT: VisibilityState = { topic: false, channel: false, createdAt: false };

function savedColumns(): VisibilityState {
  return { ...HIDDEN_BY_DEFAULT, ...(JSON.parse(localStorage.getItem('queue.columns') ?? '{}') as VisibilityState) };
}

function viewParams(view: TQueueView): Record<string, string> {
  switch (view) {
    case 'mine':
      return { assignee: 'me', status: ACTIVE };
    case 'team':
      return { team: 'mine', status: ACTIVE };
    case 'unassigned':
      return { assignee: 'none', status: 'new,open' };
    case 'breaching':
      return { slaDueBefore: new Date(Date.now() + 60 * 60_000).toISOString() };
    default:
      return { status: ACTIVE };
  }
}

function sortParam(sorting: SortingState): string {
  const first = sorting[0];
  if (!first || first.id === 'priority') return 'queue';
  return `${first.desc ? '-' : ''}${first.id}`;
}

/** Rows whose next due time has passed, or comes within the hour, are marked (the countdown says it in words too). */
function slaRowClass(ticket: TTicket): string | undefined {
  if (ticket.sla.paused || !['new', 'open', 'pending', 'on-hold'].includes(ticket.status)) return undefined;
  const sla = ticket.sla;
  if (sla.firstResponseBreached || sla.resolutionBreached) return 'row--sla-overdue';
  const due = sla.firstRespondedAt ? sla.resolutionDueAt : sla.firstResponseDueAt;
  if (!due) return undefined;
  const minutes = (Date.parse(due) - Date.now()) / 60_000;
  return minutes < 0 ? 'row--sla-overdue' : minutes < 60 ? 'row--sla-soon' : undefined;
}

/** The association's name (from the directory, else the name given on the portal), else the caller's number. */
function AssociationCell({ ticket }: { ticket: TTicket }) {
  const { t, i18n } = useTranslation();
  const association = useAssociation(ticket.associationId);
  const name = association.data ? associationName(association.data, i18n.language, t) : ticket.custom.associationName;
  if (name) {
    return (
      <span className="cell-truncate" dir="auto" title={name}>
        {name}
      </span>
    );
  }
  return ticket.contactPhone ? <bdi dir="ltr" className="phone">{ticket.contactPhone}</bdi> : <span className="muted">—</span>;
}

/** The queue: server-side views, filters, sort and cursor paging; rows change live through the cache. */
export function QueueTable({ view, text, filters }: { view: TQueueView; text: string; filters?: Record<string, string> }) {
  const { t, i18n } = useTranslation();
  const [, navigate] = useLocation();
  const [sorting, setSorting] = useState<SortingState>([]);
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(savedColumns);
  const [cursors, setCursors] = useState<string[]>([]);
  const params = useMemo(() => {
    // Filters from the URL (a dashboard figure's tickets) replace the view's: every status, as the figure counts.
    const base: Record<string, string> = { ...(filters ?? viewParams(view)), sort: sortParam(sorting), limit: '25' };
    if (text.trim()) base.q = text.trim();
    const cursor = cursors.at(-1);
    if (cursor) base.cursor = cursor;
    return base;
  }, [view, sorting, text, cursors, filters]);
  const list = useTicketList(params);
  const colleagues = useColleagues();
  const people = useMemo(() => new Map((colleagues.data?.items ?? []).map((person) => [person.id, person.name])), [colleagues.data]);

  const columns = useMemo(
    () =>
      [
        {
          id: 'reference',
          header: t('ticket.reference'),
          enableSorting: false,
          // A real link: opens from the keyboard, in a new tab, or from a screen reader's list of links.
          cell: ({ row }) => (
            <Link href={`/tickets/${row.original.id}`} className="nowrap" onClick={(event) => event.stopPropagation()}>
              <bdi dir="ltr">{row.original.reference}</bdi>
            </Link>
          ),
        },
        {
          id: 'subject',
          header: t('ticket.subject'),
          enableSorting: false,
          // The subject and the association share the room the other columns leave, and are cut there.
          meta: { className: 'queue__subject' },
          cell: ({ row }) => (
            <span className="cell-truncate" dir="auto" title={shownText(row.original.subject, t)}>
              {shownText(row.original.subject, t)}
            </span>
          ),
        },
        {
          id: 'association',
          header: t('ticket.association'),
          enableSorting: false,
          meta: { className: 'queue__association' },
          cell: ({ row }) => <AssociationCell ticket={row.original} />,
        },
        {
          id: 'assignee',
          header: t('ticket.assignee'),
          enableSorting: false,
          cell: ({ row }) => {
            if (!row.original.assigneeId) return <span className="muted">{t('ticket.unassigned')}</span>;
            const name = people.get(row.original.assigneeId);
            return name ? (
              <span className="cell-truncate cell-truncate--short" dir="auto" title={name}>
                {name}
              </span>
            ) : (
              '…'
            );
          },
        },
        { id: 'status', header: t('ticket.status'), enableSorting: false, cell: ({ row }) => <StatusBadge status={row.original.status} /> },
        { id: 'priority', header: t('ticket.priority'), cell: ({ row }) => <PriorityBadge priority={row.original.priority} /> },
        { id: 'topic', header: t('ticket.topic'), enableSorting: false, cell: ({ row }) => t(`topics.${row.original.topic}`) },
        { id: 'channel', header: t('ticket.channel'), enableSorting: false, cell: ({ row }) => t(`channels.${row.original.channel}`) },
        {
          id: 'sla',
          header: t('ticket.due'),
          enableSorting: false,
          cell: ({ row }) => {
            const sla = row.original.sla;
            const due = sla.firstRespondedAt ? sla.resolutionDueAt : sla.firstResponseDueAt;
            return <SlaCountdown dueAt={due} paused={sla.paused} breached={sla.firstResponseBreached || sla.resolutionBreached} />;
          },
        },
        { id: 'createdAt', header: t('ticket.created'), cell: ({ row }) => formatDate(new Date(row.original.createdAt), i18n.language as TUiLanguage, { dateStyle: 'short', timeStyle: 'short' }) },
        { id: 'updatedAt', header: t('ticket.updated'), cell: ({ row }) => formatDate(new Date(row.original.updatedAt), i18n.language as TUiLanguage, { dateStyle: 'short', timeStyle: 'short' }) },
      ] satisfies ColumnDef<TTicket, unknown>[],
    [t, i18n.language, people],
  );

  return (
    <section aria-busy={list.isFetching}>
      <DataTable
        label={t('queue.tableLabel')}
        columns={columns}
        rows={list.data?.items ?? []}
        getRowId={(ticket) => ticket.id}
        sorting={sorting}
        onSortingChange={(updater) => {
          setCursors([]);
          setSorting(updater);
        }}
        columnVisibility={columnVisibility}
        onColumnVisibilityChange={(updater) =>
          setColumnVisibility((current) => {
            const next = typeof updater === 'function' ? updater(current) : updater;
            localStorage.setItem('queue.columns', JSON.stringify(next));
            return next;
          })
        }
        onRowOpen={(ticket) => navigate(`/tickets/${ticket.id}`)}
        rowClassName={slaRowClass}
        compact
        loading={list.isPending}
        errorText={list.isError ? t('ui.loadFailed') : undefined}
        onRetry={() => void list.refetch()}
        emptyText={t('queue.empty')}
        emptyHint={t('ui.emptyQueueText')}
      />
      <nav className="pager" aria-label={t('queue.pages')}>
        <Button variant="secondary" small icon={ChevronLeft} iconMirrored disabled={cursors.length === 0} onClick={() => setCursors((current) => current.slice(0, -1))}>
          {t('queue.previous')}
        </Button>
        <Button variant="secondary" small disabled={!list.data?.nextCursor} onClick={() => list.data?.nextCursor && setCursors((current) => [...current, list.data!.nextCursor!])}>
          {t('queue.next')}
          <ChevronRight className="icon icon--mirrored" aria-hidden="true" />
        </Button>
      </nav>
    </section>
  );
}
