import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ISLAMIC_HOLIDAYS, type THoliday, type TIslamicHoliday, type TSlaSettings } from '@mowakaba/shared/schemas/sla';
import { SaveError } from '../ui/field-error';
import { formatHijriDate, formatLocalDate } from '../../lib/format-local-date';
import { SettingsIssue } from './settings-issue';
import { useHolidays, useSaveSlaSettings } from './use-sla-settings';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { DateField } from '../ui/date-field';
import { SelectField } from '../ui/select-field';

type Calendar = TSlaSettings['calendar'];
type Correction = Calendar['islamicCorrections'][number];

/**
 * A year's holidays. Islamic ones are proposed from the Hijri calendar; once the moon is sighted the
 * admin accepts, moves or removes each. Every action is saved at once.
 */
export function HolidaysAdmin({ settings, canEdit, year, onYearChange }: { settings: TSlaSettings; canEdit: boolean; year: number; onYearChange: (year: number) => void }) {
  const { t, i18n } = useTranslation();
  const holidays = useHolidays(year);
  const save = useSaveSlaSettings();
  const calendar = settings.calendar;
  const thisYear = new Date().getFullYear();

  const saveCalendar = (changes: Partial<Calendar>) => save.mutate({ ...settings, calendar: { ...calendar, ...changes } });
  const answer = (holiday: TIslamicHoliday, answer: Omit<Correction, 'year' | 'holiday'>) =>
    saveCalendar({
      islamicCorrections: [...calendar.islamicCorrections.filter((correction) => !(correction.year === year && correction.holiday === holiday)), { year, holiday, ...answer }],
    });
  const correctionOf = (holiday: TIslamicHoliday) => calendar.islamicCorrections.find((correction) => correction.year === year && correction.holiday === holiday);
  const removed = ISLAMIC_HOLIDAYS.filter((holiday) => correctionOf(holiday)?.removed);
  const nameOf = (holiday: THoliday) => (holiday.holiday ? t(`adminSettings.holidays.islamic.${holiday.holiday}`) : holiday.label);
  // One row per Islamic holiday (its first day), one per other holiday.
  const rows = (holidays.data?.holidays ?? []).filter((holiday, index, all) => !holiday.holiday || all.findIndex((other) => other.holiday === holiday.holiday) === index);

  return (
    <section className="card admin-form" aria-labelledby="admin-holidays-title">
      <div className="section-header">
        <h3 id="admin-holidays-title">{t('adminSettings.holidays.title')}</h3>
        <SelectField id="holidays-year" label={t('adminSettings.holidays.year')} value={year} onChange={(event) => onYearChange(Number(event.target.value))}>
          {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
      </div>
      <p className="hint">{t('adminSettings.holidays.intro')}</p>
      <ul className="holiday-list" aria-label={t('adminSettings.holidays.title')} aria-busy={holidays.isPending}>
        {rows.map((holiday) => {
          const days = holiday.holiday ? (holidays.data?.holidays ?? []).filter((other) => other.holiday === holiday.holiday) : [holiday];
          const correction = holiday.holiday ? correctionOf(holiday.holiday) : undefined;
          return (
            <li key={holiday.date} className="holiday-list__item" aria-label={nameOf(holiday)}>
              <div className="holiday-list__what">
                <strong>
                  <bdi>{nameOf(holiday)}</bdi>
                </strong>
                <span>
                  {days.length > 1
                    ? t('adminSettings.holidays.range', { from: formatLocalDate(days[0]!.date, i18n.language), to: formatLocalDate(days[days.length - 1]!.date, i18n.language) })
                    : formatLocalDate(holiday.date, i18n.language, { dateStyle: 'full' })}
                </span>
                {/* Arabic readers get the Hijri date beside the Gregorian one. */}
                {i18n.language === 'ar' && <span className="holiday-list__hijri">{formatHijriDate(holiday.date, i18n.language)}</span>}
              </div>
              <Badge tone={holiday.confirmed ? 'success' : 'warning'}>
                {t(holiday.kind === 'islamic' && !holiday.confirmed ? 'adminSettings.holidays.proposed' : `adminSettings.holidays.kind.${holiday.kind}`)}
              </Badge>
              {canEdit && holiday.holiday && (
                <div className="holiday-list__actions">
                  {!holiday.confirmed && (
                    <Button type="button" onClick={() => answer(holiday.holiday!, { shiftDays: 0 })} aria-label={t('adminSettings.holidays.acceptNamed', { name: nameOf(holiday) })}>
                      {t('adminSettings.holidays.accept')}
                    </Button>
                  )}
                  {(correction?.shiftDays ?? 0) > -1 && (
                    <Button
                      type="button"
                      variant="secondary"
                      onClick={() => answer(holiday.holiday!, { shiftDays: (correction?.shiftDays ?? 0) - 1 })}
                      aria-label={t('adminSettings.holidays.earlierNamed', { name: nameOf(holiday) })}
                    >
                      {t('adminSettings.holidays.earlier')}
                    </Button>
                  )}
                  {(correction?.shiftDays ?? 0) < 1 && (
                    <Button
                      type="button"
                      variant="secondary"
                      onClick={() => answer(holiday.holiday!, { shiftDays: (correction?.shiftDays ?? 0) + 1 })}
                      aria-label={t('adminSettings.holidays.laterNamed', { name: nameOf(holiday) })}
                    >
                      {t('adminSettings.holidays.later')}
                    </Button>
                  )}
                  <Button
                    type="button"
                    variant="secondary"
                    onClick={() => answer(holiday.holiday!, { shiftDays: 0, removed: true })}
                    aria-label={t('adminSettings.holidays.removeNamed', { name: nameOf(holiday) })}
                  >
                    {t('adminSettings.remove')}
                  </Button>
                </div>
              )}
              {canEdit && holiday.kind === 'local' && (
                <div className="holiday-list__actions">
                  <Button
                    type="button"
                    variant="secondary"
                    onClick={() => saveCalendar({ localHolidays: calendar.localHolidays.filter((local) => local.date !== holiday.date) })}
                    aria-label={t('adminSettings.holidays.removeNamed', { name: nameOf(holiday) })}
                  >
                    {t('adminSettings.remove')}
                  </Button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {removed.length > 0 && (
        <p className="holiday-removed">
          {t('adminSettings.holidays.removed')}{' '}
          {removed.map((holiday) => (
            <span key={holiday}>
              {t(`adminSettings.holidays.islamic.${holiday}`)}{' '}
              {canEdit && (
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => saveCalendar({ islamicCorrections: calendar.islamicCorrections.filter((correction) => !(correction.year === year && correction.holiday === holiday)) })}
                >
                  {t('adminSettings.holidays.restore')}
                </Button>
              )}
            </span>
          ))}
        </p>
      )}
      {canEdit && <LocalHolidayForm onAdd={(local) => saveCalendar({ localHolidays: [...calendar.localHolidays, local] })} error={save.error} pending={save.isPending} />}
      <SaveError error={save.error} />
    </section>
  );
}

function LocalHolidayForm({ onAdd, error, pending }: { onAdd: (holiday: { date: string; label: string }) => void; error: unknown; pending: boolean }) {
  const { t } = useTranslation();
  const [date, setDate] = useState('');
  const [label, setLabel] = useState('');
  const formId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onAdd({ date, label: label.trim() });
  };
  return (
    <form className="form-grid" onSubmit={submit} aria-label={t('adminSettings.holidays.add')}>
      <DateField id={`${formId}-date`} label={t('adminSettings.holidays.date')} required value={date} onChange={(event) => setDate(event.target.value)} />
      <label>
        <span>{t('adminSettings.holidays.label')}</span>
        <input className="control" dir="auto" required maxLength={100} value={label} onChange={(event) => setLabel(event.target.value)} />
      </label>
      <SettingsIssue error={error} path="calendar.localHolidays" />
      <div className="form-actions form-grid__wide">
        <Button type="submit" disabled={pending}>
          {t('adminSettings.holidays.add')}
        </Button>
      </div>
    </form>
  );
}
