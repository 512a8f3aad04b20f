import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { CALL_COUNTS } from '@mowakaba/shared/calls/call-counts';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { CALL_RESULTS } from '@mowakaba/shared/schemas/calls';
import { formatDate } from '../lib/i18n';
import { CallLogTable } from '../modules/calls/call-log-table';
import { useTeams } from '../modules/teams/use-teams';

/** The call log's filters the page keeps in its URL (a dashboard figure links here with them). */
const CALL_LOG_FILTERS = ['counted', 'countedFrom', 'countedTo', 'team', 'agent', 'topic', 'region', 'result', 'from', 'to', 'associationId'] as const;

/** One filter of the log: "any" first, then its values with their labels. */
function FilterSelect({ label, value, onChange, options }: { label: string; value: string | undefined; onChange: (value: string) => void; options: Array<[string, string]> }) {
  const { t } = useTranslation();
  return (
    <label>
      <span>{label}</span>
      <select value={value ?? ''} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('drill.filters.any')}</option>
        {options.map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The call log: what the dashboards count, call by call, under filters kept in the URL. */
export function CallsPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  const search = useSearch();
  const [, navigate] = useLocation();
  const teams = useTeams();
  const filters = useMemo(() => {
    const params = new URLSearchParams(search);
    return Object.fromEntries(CALL_LOG_FILTERS.flatMap((name) => (params.get(name) ? [[name, params.get(name)!]] : []))) as Record<string, string>;
  }, [search]);
  const setFilter = (name: (typeof CALL_LOG_FILTERS)[number], value: string) => {
    const next = { ...filters, [name]: value };
    if (!value) delete next[name];
    navigate(`/calls?${new URLSearchParams(next)}`);
  };
  // The instants' own Casablanca offset, read as written: some browsers' time-zone data puts Morocco an hour off.
  const at = (iso: string | undefined) =>
    iso && /[+-]\d{2}:\d{2}$/.test(iso)
      ? formatDate(new Date(Date.parse(`${iso.slice(0, 19)}Z`)), language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
      : iso
        ? formatDate(new Date(iso), language, { dateStyle: 'medium', timeStyle: 'short' })
        : '…';

  return (
    <section className="call-log">
      <div className="section-header">
        <h1>{t('drill.title')}</h1>
      </div>
      <div className="queue-toolbar call-log__filters">
        <FilterSelect label={t('drill.filters.counted')} value={filters.counted} onChange={(value) => setFilter('counted', value)} options={CALL_COUNTS.map((count) => [count, t(`drill.counts.${count}`)])} />
        <FilterSelect label={t('drill.columns.result')} value={filters.result} onChange={(value) => setFilter('result', value)} options={CALL_RESULTS.map((result) => [result, t(`drill.results.${result}`)])} />
        <FilterSelect
          label={t('drill.columns.team')}
          value={filters.team}
          onChange={(value) => setFilter('team', value)}
          options={[['none', t('drill.filters.noTeam')], ...(teams.data?.items ?? []).map((team): [string, string] => [team.id, team.name[language] ?? team.name.fr])]}
        />
        {(filters.countedFrom || filters.countedTo) && (
          <p className="call-log__period">
            <bdi>{t('drill.period', { from: at(filters.countedFrom), to: at(filters.countedTo) })}</bdi>{' '}
            <button type="button" className="button--quiet" onClick={() => navigate('/calls')}>
              {t('drill.clear')}
            </button>
          </p>
        )}
      </div>
      <CallLogTable key={JSON.stringify(filters)} filters={filters} />
    </section>
  );
}
