import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../server/src/modules/sla/business-calendar.js';
import { DEFAULT_SLA_SETTINGS } from '../../server/src/modules/sla/default-sla-settings.js';

const calendar = new BusinessCalendar(DEFAULT_SLA_SETTINGS.calendar);
const RAMADAN_HOURS = [{ start: '09:00', end: '15:00' }];
// Casablanca is UTC+1 outside Ramadan: 10:00 local = 09:00Z.
const at = (iso: string) => new Date(iso);

describe('business time in Casablanca', () => {
  it('counts only working periods of a split shift', () => {
    // Monday 2026-11-23 11:00 local + 2 h → 12:30 (1 h 30) then 14:00 + 30 min = 14:30 local.
    expect(calendar.addBusinessMinutes(at('2026-11-23T10:00:00Z'), 120).toISOString()).toBe('2026-11-23T13:30:00.000Z');
  });

  it('jumps over the weekend and starts a request made at night at the next opening', () => {
    // Friday 17:30 local + 60 min → 30 min on Friday, 30 min on Monday from 09:00 → Monday 09:30 local.
    expect(calendar.addBusinessMinutes(at('2026-11-27T16:30:00Z'), 60).toISOString()).toBe('2026-11-30T08:30:00.000Z');
    // Tuesday 22:00 local → Wednesday 09:00 + 15 min.
    expect(calendar.addBusinessMinutes(at('2026-11-24T21:00:00Z'), 15).toISOString()).toBe('2026-11-25T08:15:00.000Z');
  });

  it('skips fixed holidays', () => {
    // Wednesday 18 November 2026 is Independence Day: Tuesday 17:30 + 60 → Thursday 09:30.
    expect(calendar.addBusinessMinutes(at('2026-11-17T16:30:00Z'), 60).toISOString()).toBe('2026-11-19T08:30:00.000Z');
  });

  it('proposes Eid al-Fitr from the Hijri calendar, for two days, and lets an admin move it by a day', () => {
    const proposed = calendar.holidays(2025).filter((holiday) => holiday.label === 'Eid al-Fitr').map((holiday) => holiday.date);
    expect(proposed).toEqual(['2025-03-30', '2025-03-31']);
    const corrected = new BusinessCalendar({
      ...DEFAULT_SLA_SETTINGS.calendar,
      islamicCorrections: [{ year: 2025, holiday: 'eid-al-fitr', shiftDays: 1 }],
    });
    expect(corrected.holidays(2025).filter((holiday) => holiday.label === 'Eid al-Fitr').map((holiday) => holiday.date)).toEqual([
      '2025-03-31',
      '2025-04-01',
    ]);
    expect(calendar.holidays(2026).map((holiday) => holiday.label)).toEqual(
      expect.arrayContaining(['Eid al-Adha', '1 Muharram', 'Mawlid', 'Eid al-Fitr']),
    );
  });

  it('follows a Ramadan schedule that replaces the weekly one, in Ramadan time (UTC+0)', () => {
    const ramadan = new BusinessCalendar({
      ...DEFAULT_SLA_SETTINGS.calendar,
      overrides: [
        {
          label: 'Ramadan 1447',
          from: '2026-02-18',
          to: '2026-03-19',
          weekly: { mon: RAMADAN_HOURS, tue: RAMADAN_HOURS, wed: RAMADAN_HOURS, thu: RAMADAN_HOURS, fri: RAMADAN_HOURS, sat: [], sun: [] },
        },
      ],
    });
    // Monday 2 March 2026, 14:30 local (UTC+0 during Ramadan) + 60 → 30 min, then Tuesday 09:30.
    expect(ramadan.addBusinessMinutes(at('2026-03-02T14:30:00Z'), 60).toISOString()).toBe('2026-03-03T09:30:00.000Z');
  });

  it('measures working minutes between two instants', () => {
    // Friday 17:00 local to Monday 10:00 local: 60 + 60.
    expect(calendar.businessMinutesBetween(at('2026-11-27T16:00:00Z'), at('2026-11-30T09:00:00Z'))).toBe(120);
    expect(calendar.businessMinutesBetween(at('2026-11-30T09:00:00Z'), at('2026-11-27T16:00:00Z'))).toBe(0);
  });

  it('refuses a calendar without any working time instead of looping', () => {
    const closed = new BusinessCalendar({
      ...DEFAULT_SLA_SETTINGS.calendar,
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    });
    expect(() => closed.addBusinessMinutes(at('2026-11-23T10:00:00Z'), 10)).toThrow('no working time');
  });
});

describe('opening hours', () => {
  it('is open within a working period and closed between shifts, at night, on weekends and holidays', () => {
    expect(calendar.isOpenAt(at('2026-11-23T10:00:00Z'))).toBe(true); // Monday 11:00
    expect(calendar.isOpenAt(at('2026-11-23T20:00:00Z'))).toBe(false); // Monday 21:00
    expect(calendar.isOpenAt(at('2026-11-22T10:00:00Z'))).toBe(false); // Sunday
    expect(calendar.isOpenAt(at('2026-11-18T10:00:00Z'))).toBe(false); // Independence Day
  });
});
