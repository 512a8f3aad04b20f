import type { ColumnDef, SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { PRESENCE_METRICS, type TDashboardBreakdownRow, type TDashboardHistory, type TDashboardMetrics } from '@mowakaba/shared/schemas/dashboard';
import { formatNumber } from '../../lib/i18n';
import { DataTable } from '../ui/data-table';
import './presence-history.css';

type TPresenceMetric = (typeof PRESENCE_METRICS)[number];
/** One colour per state, in the order of PRESENCE_METRICS (available, busy, wrap-up, away, offline). */
const COLORS: Record<TPresenceMetric, string> = {
  presenceAvailableSeconds: '#0b5c4a',
  presenceBusySeconds: '#c2410c',
  presenceWrapUpSeconds: '#1d4ed8',
  presenceAwaySeconds: '#a16207',
  presenceOfflineSeconds: '#6b7280',
};

/** The bucket's Casablanca wall-clock start, read from the offset the server put in it (browsers' data for Morocco can be an hour off). */
const wallClockLabel = (start: string, hourly: boolean) => (hourly ? start.slice(11, 16) : start.slice(0, 10));

const totalOf = (figures: Pick<TDashboardMetrics, TPresenceMetric>) => PRESENCE_METRICS.reduce((sum, metric) => sum + figures[metric], 0);

/**
 * Presence history: agents' time in each state per bucket (a stacked bar per bucket, the same numbers
 * in the table beside it), per team and per agent. Each state's definition is its column's tooltip.
 */
export function PresenceHistory({ history, hourly }: { history: TDashboardHistory; hourly: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  const duration = (seconds: number) => {
    const minutes = Math.round(seconds / 60);
    return t('dashboardIssue12.duration', { hours: formatNumber(Math.floor(minutes / 60), language), minutes: formatNumber(minutes % 60, language) });
  };
  const buckets = history.buckets.filter((bucket) => totalOf(bucket) > 0);
  const longest = Math.max(1, ...buckets.map(totalOf));
  return (
    <section className="presence-history card" aria-labelledby="presence-history-title">
      <h3 id="presence-history-title" title={t('dashboardIssue12.presenceHelp')}>
        {t('dashboardIssue12.presenceTitle')}
      </h3>
      <p>{t('dashboardIssue12.presenceIntro')}</p>
      <ul className="presence-history__legend">
        {PRESENCE_METRICS.map((metric) => (
          <li key={metric} title={t(`dashboardIssue12.help.${metric}`)}>
            <span className="presence-history__swatch" style={{ background: COLORS[metric] }} aria-hidden="true" />
            {t(`dashboardIssue12.metrics.${metric}`)}
          </li>
        ))}
      </ul>
      {buckets.length === 0 ? (
        <p className="notice">{t('dashboardIssue12.noPresence')}</p>
      ) : (
        <div className="presence-history__body">
          <ol className="presence-history__bars" aria-hidden="true">
            {buckets.map((bucket) => (
              <li key={bucket.start}>
                <bdi className="presence-history__when">{wallClockLabel(bucket.start, hourly)}</bdi>
                <span className="presence-history__bar" style={{ inlineSize: `${(totalOf(bucket) / longest) * 100}%` }}>
                  {PRESENCE_METRICS.filter((metric) => bucket[metric] > 0).map((metric) => (
                    <span key={metric} style={{ flexGrow: bucket[metric], background: COLORS[metric] }} title={`${t(`dashboardIssue12.metrics.${metric}`)}: ${duration(bucket[metric])}`} />
                  ))}
                </span>
              </li>
            ))}
          </ol>
          <details className="chart__table">
            <summary>{t('dashboard.tableView')}</summary>
            <PresenceTable
              label={t('dashboardIssue12.presenceTitle')}
              first={t('dashboard.start')}
              rows={buckets.map((bucket) => ({ ...bucket, key: bucket.start, label: wallClockLabel(bucket.start, hourly) }))}
              duration={duration}
            />
          </details>
          <PresenceTable label={t('dashboard.breakdowns.team')} first={t('dashboard.breakdowns.team')} rows={history.breakdowns.team.filter((row) => totalOf(row) > 0)} duration={duration} />
          <PresenceTable label={t('dashboard.breakdowns.agent')} first={t('dashboard.breakdowns.agent')} rows={history.breakdowns.agent.filter((row) => totalOf(row) > 0)} duration={duration} />
        </div>
      )}
    </section>
  );
}

type TPresenceRow = Pick<TDashboardBreakdownRow, 'key' | 'label' | TPresenceMetric>;

/** A sortable table of the five states' times, one row per bucket, team or agent. */
function PresenceTable({ label, first, rows, duration }: { label: string; first: string; rows: TPresenceRow[]; duration: (seconds: number) => string }) {
  const { t } = useTranslation();
  const [sorting, setSorting] = useState<SortingState>([]);
  const columns = useMemo(
    () =>
      [
        { id: 'label', header: first, accessorFn: (row) => (row.key === null ? t('dashboard.none') : row.label), cell: (info) => <bdi>{String(info.getValue())}</bdi> },
        ...PRESENCE_METRICS.map(
          (metric): ColumnDef<TPresenceRow, unknown> => ({
            id: metric,
            header: () => <span title={t(`dashboardIssue12.help.${metric}`)}>{t(`dashboardIssue12.metrics.${metric}`)}</span>,
            accessorFn: (row) => row[metric],
            cell: (info) => <span dir="ltr">{duration(info.getValue() as number)}</span>,
          }),
        ),
      ] satisfies ColumnDef<TPresenceRow, unknown>[],
    [first, t, duration],
  );
  const sorted = useMemo(() => {
    const [by] = sorting;
    if (!by) return rows;
    const value = (row: TPresenceRow) => (by.id === 'label' ? row.label : row[by.id as TPresenceMetric]);
    return [...rows].sort((a, b) => {
      const [left, right] = [value(a), value(b)];
      const order = typeof left === 'string' ? left.localeCompare(String(right)) : left - (right as number);
      return by.desc ? -order : order;
    });
  }, [rows, sorting]);
  return <DataTable label={label} columns={columns} rows={sorted} getRowId={(row) => row.key ?? 'none'} sorting={sorting} onSortingChange={setSorting} compact emptyText={t('dashboardIssue12.noPresence')} />;
}
