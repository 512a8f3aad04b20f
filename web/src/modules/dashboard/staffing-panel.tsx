import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TStaffingHour } from '@mowakaba/shared/schemas/staffing';
import { formatDate, formatNumber } from '../../lib/i18n';
import { teamName } from '../teams/team-name';
import { useTeams } from '../teams/use-teams';
import { DataTable } from '../ui/data-table';
import { StaffingTargetField } from './staffing-target-field';
import { useStaffingForecast } from './use-dashboard-alerts';
import { ErrorState } from '../ui/error-state';

const DAYS = 7;
/** A local date at midday UTC: the same calendar day in Casablanca whatever its offset. */
const middayOf = (date: string) => new Date(`${date}T12:00:00Z`);
/**
 * The local hour as the server worked it out, written in the language's digits: browsers' time-zone
 * data for Morocco is not always right (some still put Casablanca at UTC+0).
 */
const hourLabel = (hour: number, language: TUiLanguage) => formatDate(new Date(Date.UTC(2026, 0, 1, hour)), language, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** The coming days hour by hour: calls expected, AHT and agents needed, beside the agents online now. */
export function StaffingPanel({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  const teams = useTeams();
  const [team, setTeam] = useState('');
  const [day, setDay] = useState<string | null>(null);
  const forecast = useStaffingForecast(team, DAYS);
  const dates = useMemo(() => [...new Set(forecast.data?.hours.map((hour) => hour.date) ?? [])], [forecast.data]);
  const shownDay = day !== null && dates.includes(day) ? day : dates[0];
  const rows = forecast.data?.hours.filter((hour) => hour.date === shownDay) ?? [];
  const number = (value: number | null) => (value === null ? '—' : formatNumber(value, language));
  const columns = useMemo(
    () =>
      [
        { id: 'hour', header: t('staffingAlerts.hour'), accessorFn: (row) => hourLabel(row.hour, language), cell: (info) => <bdi>{String(info.getValue())}</bdi> },
        { id: 'callsExpected', header: t('staffingAlerts.callsExpected'), accessorFn: (row) => number(row.callsExpected) },
        { id: 'ahtSeconds', header: t('staffingAlerts.aht'), accessorFn: (row) => (row.ahtSeconds === null ? '—' : t('dashboard.seconds', { value: number(row.ahtSeconds) })) },
        { id: 'agentsNeeded', header: t('staffingAlerts.agentsNeeded'), accessorFn: (row) => number(row.agentsNeeded) },
      ] satisfies ColumnDef<TStaffingHour, unknown>[],
    [language, t],
  );
  return (
    <section className="staffing" aria-labelledby="staffing-title">
      <h2 id="staffing-title">{t('staffingAlerts.staffingTitle')}</h2>
      {forecast.data && (
        <p>{t('staffingAlerts.staffingIntro', { weeks: number(forecast.data.weeksObserved), target: number(forecast.data.targetPercent), seconds: number(forecast.data.thresholdSeconds) })}</p>
      )}
      <div className="staffing__controls">
        <label>
          <span>{t('staffingAlerts.team')}</span>
          <select value={team} onChange={(event) => setTeam(event.target.value)}>
            <option value="">{t('staffingAlerts.allTeams')}</option>
            {teams.data?.items.map((item) => (
              <option key={item.id} value={item.id}>
                {teamName(item, language)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('staffingAlerts.day')}</span>
          <select value={shownDay ?? ''} onChange={(event) => setDay(event.target.value)}>
            {dates.map((date) => (
              <option key={date} value={date}>
                {formatDate(middayOf(date), language, { weekday: 'long', day: 'numeric', month: 'long' })}
              </option>
            ))}
          </select>
        </label>
        <StaffingTargetField team={team} canEdit={canEdit} />
      </div>
      {forecast.isError && <ErrorState title={t('errors.network')} />}
      {forecast.data && (
        <p className="notice" data-testid="agents-online">
          {t('staffingAlerts.agentsOnlineNow', { count: forecast.data.agentsOnlineNow, value: number(forecast.data.agentsOnlineNow) })} {t('staffingAlerts.noPresenceHistory')}
        </p>
      )}
      <div className="staffing__table">
        <DataTable label={t('staffingAlerts.staffingTitle')} columns={columns} rows={rows} getRowId={(row) => row.start} compact emptyText={t('staffingAlerts.noForecast')} />
      </div>
    </section>
  );
}
