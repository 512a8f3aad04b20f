import type { ColumnDef, SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REGIONS, type TUiLanguage } from '@mowakaba/shared/constants';
import type { TDashboardBreakdown, TDashboardBreakdownRow, TDashboardMetric } from '@mowakaba/shared/schemas/dashboard';
import { DataTable } from '../ui/data-table';
import { drillDownHref, type TDrillDownRange } from './drill-down-href';
import { DrillDownValue } from './drill-down-value';
import { formatMetric } from './format-metric';

const COLUMNS: TDashboardMetric[] = [
  'contacts',
  'ticketsCreated',
  'ticketsSolved',
  'firstResponseMedianMinutes',
  'resolutionMedianMinutes',
  'callsOffered',
  'callsAnswered',
  'serviceLevel',
  'asaSeconds',
  'ahtSeconds',
  'abandonRate',
  'csat',
  'csatAnswers',
];

/** One row per team, topic, channel, region or agent; every column sorts (in the page: the rows are few). */
export function BreakdownTable({ breakdown, rows, range }: { breakdown: TDashboardBreakdown; rows: TDashboardBreakdownRow[]; range: TDrillDownRange }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  const [sorting, setSorting] = useState<SortingState>([{ id: 'contacts', desc: true }]);
  const labelOf = (row: TDashboardBreakdownRow) => {
    if (row.key === null) return t('dashboard.none');
    if (breakdown === 'topic') return t(`topics.${row.key}`);
    if (breakdown === 'channel') return t(`channels.${row.key}`);
    if (breakdown === 'region') {
      const region = REGIONS.find((candidate) => candidate.key === row.key);
      return region ? (language === 'ar' ? region.ar : region.fr) : row.key;
    }
    return row.label;
  };
  const columns = useMemo(
    () =>
      [
        { id: 'label', header: t(`dashboard.breakdowns.${breakdown}`), accessorFn: labelOf, cell: (info) => <bdi>{String(info.getValue())}</bdi> },
        ...COLUMNS.map(
          (metric): ColumnDef<TDashboardBreakdownRow, unknown> => ({
            id: metric,
            header: () => <span title={t(`dashboard.help.${metric}`)}>{t(`dashboard.metrics.${metric}`)}</span>,
            accessorFn: (row) => row[metric],
            cell: (info) => (
              <DrillDownValue href={drillDownHref(metric, range, { [breakdown]: info.row.original.key })}>
                <span dir="ltr">{formatMetric(metric, info.getValue() as number | null, t, language)}</span>
              </DrillDownValue>
            ),
          }),
        ),
      ] satisfies ColumnDef<TDashboardBreakdownRow, unknown>[],
    [breakdown, language, t, range.from, range.to],
  );
  const sorted = useMemo(() => {
    const [first] = sorting;
    if (!first) return rows;
    const value = (row: TDashboardBreakdownRow) => (first.id === 'label' ? labelOf(row) : (row[first.id as TDashboardMetric] as number | null));
    return [...rows].sort((a, b) => {
      const left = value(a);
      const right = value(b);
      if (left === right) return 0;
      if (left === null) return 1;
      if (right === null) return -1;
      const order = typeof left === 'string' ? left.localeCompare(String(right)) : left < (right as number) ? -1 : 1;
      return first.desc ? -order : order;
    });
  }, [rows, sorting, language]);
  return (
    <DataTable
      label={t(`dashboard.breakdowns.${breakdown}`)}
      columns={columns}
      rows={sorted}
      getRowId={(row) => row.key ?? 'none'}
      sorting={sorting}
      onSortingChange={setSorting}
      emptyText={t('dashboard.noData')}
    />
  );
}
