import { useQuery } from '@tanstack/react-query';
import { ChartNoAxesColumn, Plus } from 'lucide-react';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { ARTICLE_STATUSES } from '@mowakaba/shared/constants';
import type { TArticleList, TArticleListItem } from '@mowakaba/shared/schemas/kb';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { apiRequest } from '../lib/api-client';
import { Badge, type TBadgeTone } from '../modules/ui/badge';
import { DataTable } from '../modules/ui/data-table';

const ARTICLE_STATUS_TONES: Record<string, TBadgeTone> = { draft: 'warning', published: 'success', archived: 'neutral' };

/** The knowledge base for the staff: every article in every status; writing for supervisors and admins. */
export function KbListPage({ user }: { user: TUser }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [status, setStatus] = useState('');
  const list = useQuery({
    queryKey: ['kb', 'list', status],
    queryFn: () => apiRequest<TArticleList>(`/api/kb/articles?pageSize=100${status ? `&status=${status}` : ''}`),
    placeholderData: (previous) => previous,
  });
  const columns = useMemo(
    () =>
      [
        { id: 'title', header: t('kbEditor.fields.title'), cell: ({ row }) => <span dir="auto">{row.original.title}</span> },
        { id: 'lang', header: t('kbEditor.fields.lang'), cell: ({ row }) => t(`kbEditor.languages.${row.original.lang}`) },
        { id: 'topic', header: t('kbEditor.fields.topic'), cell: ({ row }) => t(`topics.${row.original.topic}`) },
        { id: 'status', header: t('kbEditor.fields.status'), cell: ({ row }) => <Badge tone={ARTICLE_STATUS_TONES[row.original.status]}>{t(`kbEditor.statuses.${row.original.status}`)}</Badge> },
        { id: 'visibility', header: t('kbEditor.fields.visibility'), cell: ({ row }) => t(`kbEditor.visibilities.${row.original.visibility}`) },
        { id: 'version', header: t('kbEditor.version'), cell: ({ row }) => row.original.version },
      ] satisfies ColumnDef<TArticleListItem, unknown>[],
    [t],
  );
  const editor = user.role === 'supervisor' || user.role === 'admin';
  return (
    <section className="kb-list">
      <h1>{t('nav.kb')}</h1>
      <div className="queue-toolbar">
        <label>
          <span>{t('kbEditor.fields.status')}</span>
          <select className="control" value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">{t('queue.view.all')}</option>
            {ARTICLE_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`kbEditor.statuses.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {editor && (
          <>
            <Link href="/kb/new" className="button button--primary button-link">
              <Plus className="icon" aria-hidden="true" />
              {t('kbEditor.newTitle')}
            </Link>
            <Link href="/kb/gaps" className="button button--secondary button-link">
              <ChartNoAxesColumn className="icon" aria-hidden="true" />
              {t('kbGaps.title')}
            </Link>
          </>
        )}
      </div>
      <DataTable
        label={t('nav.kb')}
        columns={columns}
        rows={list.data?.items ?? []}
        getRowId={(article) => article.id}
        onRowOpen={(article) => navigate(`/kb/${article.id}/edit`)}
        loading={list.isPending}
        errorText={list.isError ? t('ui.loadFailed') : undefined}
        onRetry={() => void list.refetch()}
        emptyText={t('kbEditor.empty')}
      />
    </section>
  );
}
