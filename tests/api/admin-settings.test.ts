import { describe, expect, it } from 'vitest';
import { DEFAULT_PHONE_MENU, ZVoiceSettings } from '@mowakaba/shared/schemas/calls';
import { ZHolidayList, ZSlaSettings, type TSlaSettings } from '@mowakaba/shared/schemas/sla';
import { ZErrorBody } from '@mowakaba/shared/errors';
import { CallModel } from '../../server/src/modules/calls/call.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { callParams, createTwilioTestApp, newCallSid, postSigned } from '../helpers/twilio.js';

useTestDatabase();

type TestApp = ReturnType<typeof createTwilioTestApp>['app'];

async function refusal(response: Response) {
  expect(response.status).toBe(400);
  return ZErrorBody.parse(await json(response)).error.details as Array<{ path: string; message: string }>;
}

async function currentSla(app: TestApp, cookie: string): Promise<TSlaSettings> {
  return ZSlaSettings.parse(await json(await app.request('/api/sla', { headers: { Cookie: cookie } })));
}

const holidaysOf = async (app: TestApp, cookie: string, year: number) => ZHolidayList.parse(await json(await app.request(`/api/sla/holidays?year=${year}`, { headers: { Cookie: cookie } })));

describe('the SLA calendar an admin sets', () => {
  it('refuses overlapping shifts of one day and a Ramadan schedule ending before it starts, saying where', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const admin = await createSignedInUser(app, 'admin');
    const settings = await currentSla(app, admin.cookie);

    const overlapping = structuredClone(settings);
    overlapping.calendar.weekly.tue = [
      { start: '14:00', end: '18:00' },
      { start: '09:00', end: '14:30' },
    ];
    expect(await refusal(await app.request('/api/sla', jsonRequest('PUT', overlapping, admin.cookie)))).toEqual([
      expect.objectContaining({ path: 'calendar.weekly.tue.0.start', message: 'periods of one day must not overlap' }),
    ]);

    const backwards = structuredClone(settings);
    backwards.calendar.overrides = [{ label: 'Ramadan 1447', from: '2026-03-19', to: '2026-02-18', weekly: settings.calendar.weekly }];
    expect(await refusal(await app.request('/api/sla', jsonRequest('PUT', backwards, admin.cookie)))).toEqual([expect.objectContaining({ path: 'calendar.overrides.0.to' })]);

    const twice = structuredClone(settings);
    twice.calendar.localHolidays = [
      { date: '2026-06-10', label: 'Moussem' },
      { date: '2026-06-10', label: 'Moussem encore' },
    ];
    expect(await refusal(await app.request('/api/sla', jsonRequest('PUT', twice, admin.cookie)))).toEqual([expect.objectContaining({ path: 'calendar.localHolidays' })]);

    // Nothing refused was kept.
    expect(await currentSla(app, admin.cookie)).toEqual(settings);
  });

  it('proposes Islamic holidays and Ramadan from the Hijri calendar; the admin accepts, moves, removes one and adds a local day', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const admin = await createSignedInUser(app, 'admin');
    const proposed = await holidaysOf(app, admin.cookie, 2026);
    expect(proposed.ramadan).toEqual({ from: '2026-02-18', to: '2026-03-19' });
    const eidAlFitr = proposed.holidays.filter((holiday) => holiday.holiday === 'eid-al-fitr');
    expect(eidAlFitr.map((holiday) => [holiday.date, holiday.confirmed])).toEqual([
      ['2026-03-20', false],
      ['2026-03-21', false],
    ]);

    const settings = await currentSla(app, admin.cookie);
    settings.calendar.islamicCorrections = [
      { year: 2026, holiday: 'eid-al-fitr', shiftDays: 0 },
      { year: 2026, holiday: 'eid-al-adha', shiftDays: 1 },
      { year: 2026, holiday: 'islamic-new-year', shiftDays: 0, removed: true },
    ];
    settings.calendar.localHolidays = [{ date: '2026-09-15', label: 'Moussem de Moulay Idriss' }];
    expect((await app.request('/api/sla', jsonRequest('PUT', settings, admin.cookie))).status).toBe(200);

    const corrected = await holidaysOf(app, admin.cookie, 2026);
    const byHoliday = (key: string) => corrected.holidays.filter((holiday) => holiday.holiday === key).map((holiday) => [holiday.date, holiday.confirmed]);
    expect(byHoliday('eid-al-fitr')).toEqual([
      ['2026-03-20', true],
      ['2026-03-21', true],
    ]);
    const proposedAdha = proposed.holidays.filter((holiday) => holiday.holiday === 'eid-al-adha').map((holiday) => holiday.date);
    expect(byHoliday('eid-al-adha')[0]![0]! > proposedAdha[0]!).toBe(true);
    expect(byHoliday('islamic-new-year')).toEqual([]);
    expect(corrected.holidays).toContainEqual({ date: '2026-09-15', label: 'Moussem de Moulay Idriss', kind: 'local', holiday: null, confirmed: true });
    // Another year keeps its own proposals.
    expect((await holidaysOf(app, admin.cookie, 2027)).holidays.some((holiday) => holiday.holiday === 'islamic-new-year')).toBe(true);
  });

  it('lets supervisors read the calendar but not change it', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const supervisor = await createSignedInUser(app, 'supervisor');
    const settings = await currentSla(app, supervisor.cookie);
    expect((await app.request('/api/sla', jsonRequest('PUT', settings, supervisor.cookie))).status).toBe(403);
  });
});

describe('the phone menu an admin sets', () => {
  it('refuses a key used twice and a team that does not exist', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const admin = await createSignedInUser(app, 'admin');
    const settings = ZVoiceSettings.parse(await json(await app.request('/api/voice/settings', { headers: { Cookie: admin.cookie } })));
    expect(settings.menu).toEqual(DEFAULT_PHONE_MENU);

    const duplicate = { ...settings, menu: [{ digit: '1', topic: 'funding', teamId: null }, { digit: '1', topic: 'founding', teamId: null }] };
    expect(await refusal(await app.request('/api/voice/settings', jsonRequest('PUT', duplicate, admin.cookie)))).toEqual([
      expect.objectContaining({ path: 'menu.1.digit', message: 'each key may be used once' }),
    ]);
    const unknownTeam = { ...settings, menu: [{ digit: '1', topic: 'funding', teamId: 'abcdefabcdefabcdefabcdef' }] };
    expect(await refusal(await app.request('/api/voice/settings', jsonRequest('PUT', unknownTeam, admin.cookie)))).toEqual([
      expect.objectContaining({ path: 'menu.0.teamId', message: 'no such team' }),
    ]);
    expect(ZVoiceSettings.parse(await json(await app.request('/api/voice/settings', { headers: { Cookie: admin.cookie } }))).menu).toEqual(DEFAULT_PHONE_MENU);
  });

  it('reads the admin’s menu to callers and sends a key to the team it names', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const admin = await createSignedInUser(app, 'admin');
    const team = await json(await app.request('/api/teams', jsonRequest('POST', { name: 'Pétitions', skills: { languages: ['fr'], topics: ['participation'] } }, admin.cookie)));
    const settings = ZVoiceSettings.parse(await json(await app.request('/api/voice/settings', { headers: { Cookie: admin.cookie } })));
    const menu = [
      { digit: '5', topic: 'funding', teamId: team.id },
      { digit: '0', topic: 'other', teamId: null },
    ];
    expect((await app.request('/api/voice/settings', jsonRequest('PUT', { ...settings, menu }, admin.cookie))).status).toBe(200);

    const callSid = newCallSid();
    const from = '+212661110000';
    await postSigned(app, '/webhooks/twilio/voice', callParams(callSid, from, { CallStatus: 'ringing' }));
    const topicMenu = await (await postSigned(app, '/webhooks/twilio/voice/language?attempt=1', callParams(callSid, from, { Digits: '2' }))).text();
    expect(topicMenu).toContain("Partenariat avec l'État et financement public, tapez 5. Autre, tapez 0.");
    // Key 1 is no longer a choice.
    expect(await (await postSigned(app, '/webhooks/twilio/voice/topic?lang=fr&attempt=1', callParams(callSid, from, { Digits: '1' }))).text()).toContain('attempt=2');
    expect(await (await postSigned(app, '/webhooks/twilio/voice/topic?lang=fr&attempt=2', callParams(callSid, from, { Digits: '5' }))).text()).toContain(`team-${team.id}`);
    expect(await CallModel.findById(callSid).lean()).toMatchObject({ topic: 'funding', queue: `team-${team.id}` });
  });
});
