import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { REGIONS } from '@mowakaba/shared/constants';
import type { TAssociation } from '@mowakaba/shared/schemas/associations';
import { apiRequest } from '../lib/api-client';
import { associationKeys } from '../modules/associations/association-keys';
import { DataTable } from '../modules/ui/data-table';
import { associationName, shownRegistrationRef } from '../modules/associations/association-name';

/** The associations directory: search by name in Arabic or French, reference or city. */
export function AssociationsPage() {
  const { t, i18n } = useTranslation();
  const [, navigate] = useLocation();
  const [text, setText] = useState('');
  const list = useQuery({
    queryKey: associationKeys.list(text),
    queryFn: () => apiRequest<{ items: TAssociation[] }>(`/api/associations?limit=50${text.trim() ? `&q=${encodeURIComponent(text.trim())}` : ''}`),
    placeholderData: (previous) => previous,
  });
  const columns = useMemo(
    () =>
      [
        {
          id: 'name',
          header: t('association.name'),
          // A real link too, so the profile opens from the keyboard, in a new tab, or by a screen reader's link list.
          cell: ({ row }) => (
            <Link href={`/associations/${row.original.id}`} onClick={(event) => event.stopPropagation()}>
              <span dir="auto">{associationName(row.original, i18n.language, t)}</span>
            </Link>
          ),
        },
        { id: 'reference', header: t('association.reference'), cell: ({ row }) => <bdi dir="ltr" className="nowrap">{shownRegistrationRef(row.original) ?? '—'}</bdi> },
        {
          id: 'region',
          header: t('association.region'),
          cell: ({ row }) => {
            const region = REGIONS.find((candidate) => candidate.key === row.original.region);
            return region ? (i18n.language === 'ar' ? region.ar : region.fr) : row.original.region;
          },
        },
        { id: 'city', header: t('association.city'), cell: ({ row }) => <span dir="auto">{row.original.city}</span> },
      ] satisfies ColumnDef<TAssociation, unknown>[],
    [t, i18n.language],
  );
  return (
    <section className="list-page">
      <h1>{t('nav.associations')}</h1>
      <label className="list-page__search">
        <span>{t('association.search')}</span>
        <input type="search" className="control" dir="auto" value={text} onChange={(event) => setText(event.target.value)} />
      </label>
      <DataTable
        label={t('nav.associations')}
        columns={columns}
        rows={list.data?.items ?? []}
        getRowId={(association) => association.id}
        onRowOpen={(association) => navigate(`/associations/${association.id}`)}
        loading={list.isPending}
        errorText={list.isError ? t('ui.loadFailed') : undefined}
        onRetry={() => void list.refetch()}
        emptyText={t('association.empty')}
      />
    </section>
  );
}
