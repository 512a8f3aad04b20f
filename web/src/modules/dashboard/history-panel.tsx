import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DASHBOARD_BREAKDOWNS, type TDashboardBreakdown, type TDashboardHistoryQuery, type TDashboardMetric } from '@mowakaba/shared/schemas/dashboard';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { BreakdownTable } from './breakdown-table';
import { ContactsHeatmap } from './contacts-heatmap';
import { intervalFor, localToday, presetRange, previousRange, RANGE_PRESETS, type TDateRange, type TRangePreset } from './date-ranges';
import { drillDownHref } from './drill-down-href';
import { HistoryChart } from './history-chart';
import { historyQueryString } from './history-query-string';
import { MetricTile } from './metric-tile';
import { PresenceHistory } from './presence-history';
import { useDashboardHistory, useLiveDashboard } from './use-dashboard';
import { ErrorState } from '../ui/error-state';
import { DateField } from '../ui/date-field';
import { Tabs } from '../ui/tabs';

const SUMMARY: TDashboardMetric[] = [
  'contacts',
  'callsOffered',
  'serviceLevel',
  'asaSeconds',
  'ahtSeconds',
  'abandonRate',
  'shortAbandons',
  'voicemails',
  'callbacksRequested',
  'ticketsCreated',
  'ticketsSolved',
  'firstResponseMedianMinutes',
  'firstResponseP90Minutes',
  'firstResponseBusinessMedianMinutes',
  'resolutionMedianMinutes',
  'resolutionBusinessP90Minutes',
  'firstResponseSlaMetPercent',
  'resolutionSlaMetPercent',
  'messagesIn',
  'messagesOut',
  'csat',
  'csatAnswers',
];

/** History: range presets, totals (optionally beside the previous period), charts with tables, breakdowns, heatmap, CSV. */
export function HistoryPanel() {
  const { t, i18n } = useTranslation();
  // Today as the server counts it: some browsers' time-zone data puts Casablanca an hour off.
  const today = useLiveDashboard().data?.date ?? localToday();
  const [preset, setPreset] = useState<TRangePreset>('7d');
  const [custom, setCustom] = useState<TDateRange>(() => presetRange('7d', today));
  const rangeId = useId();
  const [compare, setCompare] = useState(false);
  const [breakdown, setBreakdown] = useState<TDashboardBreakdown>('team');
  const range = preset === 'custom' ? custom : presetRange(preset, today);
  const lang = (['ar', 'fr', 'en'].includes(i18n.language) ? i18n.language : 'fr') as TUiLanguage;
  const query: TDashboardHistoryQuery = { ...range, interval: intervalFor(range), lang };
  const history = useDashboardHistory(query);
  const previous = useDashboardHistory({ ...query, ...previousRange(range) }, compare);
  const data = history.data;

  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">{t('dashboard.history')}</h2>
      <div className="history__controls">
        <div role="group" aria-label={t('dashboard.range')} className="segmented">
          {RANGE_PRESETS.map((candidate) => (
            <button key={candidate} type="button" aria-pressed={preset === candidate} onClick={() => setPreset(candidate)}>
              {t(`dashboard.presets.${candidate}`)}
            </button>
          ))}
        </div>
        {preset === 'custom' && (
          <>
            <DateField id={`${rangeId}-from`} label={t('dashboard.from')} value={custom.from} max={custom.to} onChange={(event) => event.target.value && setCustom({ ...custom, from: event.target.value })} />
            <DateField id={`${rangeId}-to`} label={t('dashboard.to')} value={custom.to} min={custom.from} onChange={(event) => event.target.value && setCustom({ ...custom, to: event.target.value })} />
          </>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={compare} onChange={(event) => setCompare(event.target.checked)} />
          {t('dashboard.compare')}
        </label>
        <a className="button-link dashboard__csv" href={`/api/dashboard/history.csv?${historyQueryString(query)}`} download>
          {t('dashboard.csv')}
        </a>
      </div>
      {history.isError && <ErrorState title={t('errors.network')} />}
      {data && (
        <>
          <div className="tiles">
            {SUMMARY.map((metric) => (
              <MetricTile
                key={metric}
                metric={metric}
                value={data.totals[metric]}
                previous={compare ? (previous.data?.totals[metric] ?? null) : undefined}
                href={drillDownHref(metric, { from: data.startsAt, to: data.endsAt })}
              />
            ))}
          </div>
          <div className="charts">
            <HistoryChart title={t('dashboard.metrics.contacts')} buckets={data.buckets} metrics={['callsOffered', 'callsAnswered', 'ticketsCreated', 'ticketsSolved']} hourly={query.interval === 'hour'} startsAt={data.startsAt} />
            <HistoryChart title={t('dashboard.metrics.serviceLevel')} buckets={data.buckets} metrics={['serviceLevel', 'abandonRate', 'csat']} hourly={query.interval === 'hour'} startsAt={data.startsAt} />
          </div>
          <section className="breakdown" aria-labelledby="breakdown-title">
            <h3 id="breakdown-title">{t('dashboard.breakdown')}</h3>
            <Tabs
              label={t('dashboard.breakdown')}
              tabs={DASHBOARD_BREAKDOWNS.map((candidate) => ({ key: candidate, label: t(`dashboard.breakdowns.${candidate}`) }))}
              selected={breakdown}
              onSelect={setBreakdown}
            />
            <BreakdownTable breakdown={breakdown} rows={data.breakdowns[breakdown]} range={{ from: data.startsAt, to: data.endsAt }} />
            <a className="button-link dashboard__csv" href={`/api/dashboard/history.csv?${historyQueryString(query, breakdown)}`} download>
              {t('dashboard.csvBreakdown', { breakdown: t(`dashboard.breakdowns.${breakdown}`) })}
            </a>
          </section>
          <ContactsHeatmap heatmap={data.heatmap} />
          <PresenceHistory history={data} hourly={query.interval === 'hour'} />
        </>
      )}
    </section>
  );
}
