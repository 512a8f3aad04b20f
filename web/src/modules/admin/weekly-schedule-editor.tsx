import { useTranslation } from 'react-i18next';
import { WEEKDAYS, type TWeeklySchedule } from '@mowakaba/shared/schemas/sla';
import { SettingsIssue } from './settings-issue';
import { Button } from '../ui/button';
import { TimeInput } from '../ui/time-input';

const MAX_PERIODS = 4;

/** Opening hours per weekday, several periods a day for split shifts; a day without periods is closed. */
export function WeeklyScheduleEditor({
  schedule,
  onChange,
  canEdit,
  error,
  path,
  label,
}: {
  schedule: TWeeklySchedule;
  onChange: (next: TWeeklySchedule) => void;
  canEdit: boolean;
  error: unknown;
  /** Where the server puts this schedule's issues, e.g. `calendar.weekly`. */
  path: string;
  label: string;
}) {
  const { t } = useTranslation();
  const setDay = (day: (typeof WEEKDAYS)[number], periods: TWeeklySchedule[typeof day]) => onChange({ ...schedule, [day]: periods });
  return (
    <div className="weekly-schedule" role="group" aria-label={label}>
      {WEEKDAYS.map((day) => {
        const periods = schedule[day];
        const dayName = t(`adminSettings.weekdays.${day}`);
        return (
          <div key={day} className="weekly-schedule__day" role="group" aria-label={dayName}>
            <span className="weekly-schedule__name">{dayName}</span>
            <div className="weekly-schedule__periods">
              {periods.length === 0 && <span className="weekly-schedule__closed">{t('adminSettings.sla.closed')}</span>}
              {periods.map((period, index) => (
                <div key={index} className="weekly-schedule__period">
                  {(['start', 'end'] as const).map((edge) => (
                    <label key={edge} className={`weekly-schedule__${edge}`}>
                      <span className="visually-hidden">{t(edge === 'start' ? 'adminSettings.sla.periodStart' : 'adminSettings.sla.periodEnd', { day: dayName, number: index + 1 })}</span>
                      <TimeInput
                        required
                        disabled={!canEdit}
                        value={period[edge]}
                        onChange={(event) => setDay(day, periods.map((other, at) => (at === index ? { ...other, [edge]: event.target.value } : other)))}
                      />
                    </label>
                  ))}
                  {canEdit && (
                    <Button
                      type="button"
                      variant="secondary"
                      aria-label={t('adminSettings.sla.removePeriod', { day: dayName, number: index + 1 })}
                      onClick={() => setDay(day, periods.filter((_, at) => at !== index))}
                    >
                      {t('adminSettings.remove')}
                    </Button>
                  )}
                  <SettingsIssue error={error} path={`${path}.${day}.${index}`} />
                </div>
              ))}
              {canEdit && periods.length < MAX_PERIODS && (
                <Button
                  type="button"
                  variant="secondary"
                  aria-label={t('adminSettings.sla.addPeriod', { day: dayName })}
                  onClick={() => setDay(day, [...periods, { start: '14:00', end: '18:00' }])}
                >
                  {t('adminSettings.sla.addPeriodShort')}
                </Button>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}
