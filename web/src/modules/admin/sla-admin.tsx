import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_PRIORITIES } from '@mowakaba/shared/constants';
import type { TSlaSettings } from '@mowakaba/shared/schemas/sla';
import { FieldError } from '../ui/field-error';
import { formatLocalDate } from '../../lib/format-local-date';
import { SettingsSaveFooter } from './settings-save-footer';
import { HolidaysAdmin } from './holidays-admin';
import { useHolidays, useSaveSlaSettings, useSlaSettings } from './use-sla-settings';
import { WeeklyScheduleEditor } from './weekly-schedule-editor';
import { Button } from '../ui/button';
import { DateField } from '../ui/date-field';
import { LoadingState } from '../ui/loading-state';

/** The SLA calendar and targets: admins change them, supervisors read them. */
export function SlaAdmin({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const settings = useSlaSettings();
  // The year whose holidays are shown is also the one whose Ramadan is offered.
  const [year, setYear] = useState(() => new Date().getFullYear());
  return (
    <section className="admin-section" aria-labelledby="admin-sla-title">
      <h2 id="admin-sla-title">{t('adminSettings.sla.title')}</h2>
      <p>{t('adminSettings.sla.intro')}</p>
      {settings.data ? (
        <>
          <SlaForm settings={settings.data} canEdit={canEdit} year={year} />
          <HolidaysAdmin settings={settings.data} canEdit={canEdit} year={year} onYearChange={setYear} />
        </>
      ) : (
        <LoadingState label={t('common.loading')} />
      )}
    </section>
  );
}

type Targets = TSlaSettings['policy']['targets'];

function SlaForm({ settings, canEdit, year }: { settings: TSlaSettings; canEdit: boolean; year: number }) {
  const { t, i18n } = useTranslation();
  const save = useSaveSlaSettings();
  const [targets, setTargets] = useState<Targets>(settings.policy.targets);
  const [weekly, setWeekly] = useState(settings.calendar.weekly);
  const [overrides, setOverrides] = useState(settings.calendar.overrides);
  const ramadan = useHolidays(year).data?.ramadan ?? null;
  const overrideId = useId();

  const setTarget = (priority: keyof Targets, field: keyof Targets[keyof Targets], value: string) =>
    setTargets({ ...targets, [priority]: { ...targets[priority], [field]: Number(value) } });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Holidays are saved by their own actions: the form keeps whatever they last saved.
    save.mutate({ policy: { ...settings.policy, targets }, calendar: { ...settings.calendar, weekly, overrides } });
  };
  return (
    <form className="card admin-form sla-form" onSubmit={submit} aria-label={t('adminSettings.sla.formLabel')}>
      <h3>{t('adminSettings.sla.targets')}</h3>
      <div className="settings-table" role="group" aria-label={t('adminSettings.sla.targets')}>
        {TICKET_PRIORITIES.map((priority) => (
          <div key={priority} className="settings-table__row" role="group" aria-label={t(`priority.${priority}`)}>
            <span className="settings-table__name">{t(`priority.${priority}`)}</span>
            {(['firstResponseMinutes', 'resolutionMinutes'] as const).map((field) => (
              <label key={field}>
                <span>{t(`adminSettings.sla.${field}`)}</span>
                <input className="control" type="number" inputMode="numeric" min={1} required disabled={!canEdit} value={targets[priority][field]} onChange={(event) => setTarget(priority, field, event.target.value)} />
              </label>
            ))}
            <FieldError error={save.error} path={`policy.targets.${priority}`} />
          </div>
        ))}
      </div>

      <h3>{t('adminSettings.sla.hours')}</h3>
      <WeeklyScheduleEditor schedule={weekly} onChange={setWeekly} canEdit={canEdit} error={save.error} path="calendar.weekly" label={t('adminSettings.sla.hours')} />

      <h3>{t('adminSettings.sla.ramadan')}</h3>
      <p className="hint">{t('adminSettings.sla.ramadanHint')}</p>
      {overrides.length === 0 && !canEdit && <p>{t('admin.none')}</p>}
      {overrides.map((override, index) => (
        <fieldset key={index} className="schedule-override">
          <legend>{override.label}</legend>
          <div className="form-grid">
            <label>
              <span>{t('adminSettings.sla.overrideLabel')}</span>
              <input className="control" dir="auto" required disabled={!canEdit} value={override.label} onChange={(event) => setOverrides(overrides.map((other, at) => (at === index ? { ...other, label: event.target.value } : other)))} />
            </label>
            <DateField
              id={`${overrideId}-${index}-from`}
              label={t('adminSettings.sla.from')}
              required
              disabled={!canEdit}
              value={override.from}
              onChange={(event) => setOverrides(overrides.map((other, at) => (at === index ? { ...other, from: event.target.value } : other)))}
            />
            <DateField
              id={`${overrideId}-${index}-to`}
              label={t('adminSettings.sla.to')}
              error={save.error}
              path={`calendar.overrides.${index}.to`}
              required
              disabled={!canEdit}
              value={override.to}
              onChange={(event) => setOverrides(overrides.map((other, at) => (at === index ? { ...other, to: event.target.value } : other)))}
            />
          </div>
          <WeeklyScheduleEditor
            schedule={override.weekly}
            onChange={(next) => setOverrides(overrides.map((other, at) => (at === index ? { ...other, weekly: next } : other)))}
            canEdit={canEdit}
            error={save.error}
            path={`calendar.overrides.${index}.weekly`}
            label={override.label}
          />
          {canEdit && (
            <Button type="button" variant="secondary" onClick={() => setOverrides(overrides.filter((_, at) => at !== index))}>
              {t('adminSettings.sla.removeOverride', { label: override.label })}
            </Button>
          )}
        </fieldset>
      ))}
      {canEdit && ramadan && !overrides.some((override) => override.from === ramadan.from) && (
        <Button
          type="button"
          variant="secondary"
          // Ramadan days are short: a single morning-to-afternoon period, Monday to Friday, to start from.
          onClick={() =>
            setOverrides([
              ...overrides,
              {
                label: t('adminSettings.sla.ramadanLabel', { year: ramadan.from.slice(0, 4) }),
                ...ramadan,
                weekly: Object.fromEntries(Object.entries(weekly).map(([day, periods]) => [day, periods.length > 0 ? [{ start: '09:00', end: '15:00' }] : []])) as typeof weekly,
              },
            ])
          }
        >
          {t('adminSettings.sla.addRamadan', { from: formatLocalDate(ramadan.from, i18n.language), to: formatLocalDate(ramadan.to, i18n.language) })}
        </Button>
      )}
      <SettingsSaveFooter save={save} canEdit={canEdit} />
    </form>
  );
}
