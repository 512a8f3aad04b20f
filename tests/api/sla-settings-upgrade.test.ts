import { describe, expect, it } from 'vitest';
import { SettingModel } from '../../server/src/modules/settings/setting.model.js';
import { DEFAULT_SLA_SETTINGS } from '../../server/src/modules/sla/default-sla-settings.js';
import { createSignedInUser } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

describe('SLA settings saved before overlapping shifts and repeated holiday answers were refused', () => {
  it('are read as the nearest allowed settings, and tickets can still be opened', async () => {
    const calendar = DEFAULT_SLA_SETTINGS.calendar;
    const { localHolidays: _notYetThere, ...calendarOfThen } = calendar;
    await SettingModel.collection.insertOne({
      _id: 'sla-settings' as never,
      value: {
        policy: DEFAULT_SLA_SETTINGS.policy,
        calendar: {
          ...calendarOfThen,
          weekly: { ...calendar.weekly, mon: [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '18:00' }] },
          overrides: [{ label: 'Ramadan', from: '2027-03-10', to: '2027-02-08', weekly: calendar.weekly }],
          islamicCorrections: [
            { year: 2027, holiday: 'eid-al-fitr', shiftDays: 1 },
            { year: 2027, holiday: 'eid-al-fitr', shiftDays: -1 },
          ],
        },
      },
    });
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');

    const settings = await app.request('/api/sla', { headers: { Cookie: admin.cookie } });
    expect(settings.status).toBe(200);
    const read = (await json(settings)) as typeof DEFAULT_SLA_SETTINGS;
    expect(read.calendar.weekly.mon).toEqual([{ start: '09:00', end: '18:00' }]);
    expect(read.calendar.overrides[0]).toMatchObject({ from: '2027-02-08', to: '2027-03-10' });
    expect(read.calendar.islamicCorrections).toEqual([{ year: 2027, holiday: 'eid-al-fitr', shiftDays: -1 }]);
    expect(read.calendar.localHolidays).toEqual([]);

    const ticket = await postTicket(app, admin.cookie);
    expect(ticket.sla.firstResponseDueAt).toEqual(expect.any(String));
  });
});
