import type { TSlaSettings, TWeeklySchedule } from '@mowakaba/shared/schemas/sla';

const SPLIT_SHIFT = [
  { start: '09:00', end: '12:30' },
  { start: '14:00', end: '18:00' },
];
const WEEKDAYS_ONLY: TWeeklySchedule = { mon: SPLIT_SHIFT, tue: SPLIT_SHIFT, wed: SPLIT_SHIFT, thu: SPLIT_SHIFT, fri: SPLIT_SHIFT, sat: [], sun: [] };

/** The center's starting point: Monday to Friday, split shift, Morocco's national holidays. */
export const DEFAULT_SLA_SETTINGS: TSlaSettings = {
  policy: {
    targets: {
      urgent: { firstResponseMinutes: 30, resolutionMinutes: 4 * 60 },
      high: { firstResponseMinutes: 2 * 60, resolutionMinutes: 2 * 450 },
      normal: { firstResponseMinutes: 4 * 60, resolutionMinutes: 5 * 450 },
      low: { firstResponseMinutes: 8 * 60, resolutionMinutes: 10 * 450 },
    },
    warningMinutes: 30,
  },
  calendar: {
    weekly: WEEKDAYS_ONLY,
    overrides: [],
    fixedHolidays: [
      { monthDay: '01-01', label: "Nouvel an / رأس السنة الميلادية" },
      { monthDay: '01-11', label: "Manifeste de l'indépendance / تقديم وثيقة الاستقلال" },
      { monthDay: '01-14', label: 'Nouvel an amazigh / رأس السنة الأمازيغية' },
      { monthDay: '05-01', label: 'Fête du travail / عيد الشغل' },
      { monthDay: '07-30', label: 'Fête du trône / عيد العرش' },
      { monthDay: '08-14', label: 'Oued Ed-Dahab / ذكرى استرجاع وادي الذهب' },
      { monthDay: '08-20', label: 'Révolution du roi et du peuple / ثورة الملك والشعب' },
      { monthDay: '08-21', label: 'Fête de la jeunesse / عيد الشباب' },
      { monthDay: '11-06', label: 'Marche verte / المسيرة الخضراء' },
      { monthDay: '11-18', label: "Fête de l'indépendance / عيد الاستقلال" },
    ],
    islamicCorrections: [],
    localHolidays: [],
  },
};
