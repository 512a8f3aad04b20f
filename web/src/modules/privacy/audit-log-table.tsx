import { useInfiniteQuery } from '@tanstack/react-query';
import { Download, Filter } from 'lucide-react';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { AUDIT_ACTIONS, AUDIT_TARGET_KINDS, type TAuditEntry, type TAuditLogPage } from '@mowakaba/shared/schemas/privacy';
import { apiRequest } from '../../lib/api-client';
import { formatDate } from '../../lib/i18n';
import { Button } from '../ui/button';
import { DataTable } from '../ui/data-table';
import { DateField } from '../ui/date-field';
import { SelectField } from '../ui/select-field';
import { TextInput } from '../ui/text-input';
import { AuditDetails } from './audit-details';

interface AuditFilters {
  action: string;
  targetKind: string;
  targetId: string;
  from: string;
  to: string;
}

const EMPTY_FILTERS: AuditFilters = { action: '', targetKind: '', targetId: '', from: '', to: '' };

function toQuery(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value.trim()) params.set(key, value.trim());
  return params.toString();
}

/** The audit log with its filters, newest first, and the same filters exported as CSV. */
export function AuditLogTable() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  const [draft, setDraft] = useState<AuditFilters>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>(EMPTY_FILTERS);
  const query = toQuery(filters);
  const log = useInfiniteQuery({
    queryKey: ['audit-log', query],
    queryFn: ({ pageParam }) =>
      apiRequest<TAuditLogPage>(`/api/audit-log?limit=50${query ? `&${query}` : ''}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = log.data?.pages.flatMap((page) => page.items) ?? [];
  const columns = useMemo(
    () =>
      [
        { id: 'at', header: t('audit.at'), cell: ({ row }) => formatDate(new Date(row.original.at), language, { dateStyle: 'short', timeStyle: 'medium' }) },
        { id: 'actor', header: t('audit.actor'), cell: ({ row }) => <span dir="auto">{row.original.actorName ?? t('audit.system')}</span> },
        { id: 'role', header: t('audit.role'), cell: ({ row }) => (row.original.actorRole ? t(`roles.${row.original.actorRole}`) : '—') },
        { id: 'action', header: t('audit.action'), cell: ({ row }) => t(`audit.actions.${row.original.action}`) },
        {
          id: 'target',
          header: t('audit.target'),
          cell: ({ row }) => (
            <>
              {t(`audit.targets.${row.original.targetKind}`)} <bdi dir="ltr">{row.original.targetId ?? ''}</bdi>
            </>
          ),
        },
        { id: 'status', header: t('audit.status'), cell: ({ row }) => <bdi dir="ltr">{row.original.status ?? '—'}</bdi> },
        { id: 'details', header: t('audit.details'), cell: ({ row }) => <AuditDetails action={row.original.action} details={row.original.details} /> },
      ] satisfies ColumnDef<TAuditEntry, unknown>[],
    [t, language],
  );
  const field = (key: keyof AuditFilters) => ({
    id: `audit-filter-${key}`,
    value: draft[key],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value }),
  });
  /** A filter that is either any value or one of these. */
  const anyOrOne = (key: keyof AuditFilters, label: string, values: readonly string[], textOf: (value: string) => string) => (
    <SelectField label={label} {...field(key)}>
      <option value="">{t('audit.any')}</option>
      {values.map((value) => (
        <option key={value} value={value}>
          {textOf(value)}
        </option>
      ))}
    </SelectField>
  );
  return (
    <>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
        }}
      >
        {anyOrOne('action', t('audit.action'), AUDIT_ACTIONS, (action) => t(`audit.actions.${action}`))}
        {anyOrOne('targetKind', t('audit.targetKind'), AUDIT_TARGET_KINDS, (kind) => t(`audit.targets.${kind}`))}
        <TextInput label={t('audit.targetId')} dir="ltr" {...field('targetId')} />
        <DateField label={t('audit.from')} {...field('from')} />
        <DateField label={t('audit.to')} {...field('to')} />
        <div className="filters__actions">
          <Button type="submit" icon={Filter}>
            {t('audit.apply')}
          </Button>
          <a className="button button--secondary" href={`/api/audit-log/export.csv${query ? `?${query}` : ''}`} download>
            <Download className="icon" aria-hidden="true" />
            {t('audit.exportCsv')}
          </a>
        </div>
      </form>
      {log.isError && <p role="alert">{t('errors.network')}</p>}
      <DataTable label={t('audit.title')} columns={columns} rows={rows} getRowId={(row) => row.id} emptyText={log.isPending ? t('common.loading') : t('audit.empty')} />
      {log.hasNextPage && (
        <Button variant="secondary" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
          {t('audit.more')}
        </Button>
      )}
    </>
  );
}
