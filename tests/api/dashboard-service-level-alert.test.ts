import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDashboardAlertPayload } from '@mowakaba/shared/events';
import { ZDashboardAlertList } from '@mowakaba/shared/schemas/dashboard-alerts';
import { createLogger } from '../../server/src/logger.js';
import { getLiveSnapshot } from '../../server/src/modules/dashboard/get-live-snapshot.js';
import { startAlertWatcher, type AlertWatcher } from '../../server/src/modules/dashboard/alert-watcher.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { callRecord, createDashboardTestApp } from '../helpers/dashboard.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const testApp = createDashboardTestApp();
const { app, feed } = testApp;
// Monday 23 November 2026, 11:00:30 in Casablanca.
const START = Date.parse('2026-11-23T10:00:30Z');
let clock = START;
let supervisor: string;
let team: string;
const sent: TDashboardAlertPayload[] = [];
let watcher: AlertWatcher;

/** An inbound call queued to `teamId` whose wait of `wait` seconds ended `minutesAgo` before START. */
function endedWait(result: 'answered' | 'abandoned', wait: number, minutesAgo: number, teamId: string | null = null) {
  const waitEnded = START - minutesAgo * 60_000;
  const at = (instant: number) => new Date(instant).toISOString();
  feed.take('call.updated', {
    call: callRecord({
      queuedAt: at(waitEnded - wait * 1000),
      createdAt: at(waitEnded - wait * 1000 - 20_000),
      queueWaitSeconds: wait,
      result,
      talkSeconds: result === 'answered' ? 60 : null,
      endedAt: result === 'abandoned' ? at(waitEnded) : at(waitEnded + 60_000),
      updatedAt: at(waitEnded + 60_000),
      teamId,
    }),
  });
}

const checkAt = async (instant: number) => {
  clock = instant;
  await feed.settled();
  await watcher.check(await getLiveSnapshot(testApp.ticketDirectory, new Date(clock)));
};
const active = async () => ZDashboardAlertList.parse(await json(await app.request('/api/dashboard/alerts', { headers: { Cookie: supervisor } }))).items;
const raised = () => sent.filter((payload) => payload.state === 'raised');

beforeAll(async () => {
  const admin = (await createSignedInUser(app, 'admin')).cookie;
  supervisor = (await createSignedInUser(app, 'supervisor')).cookie;
  team = (await TeamModel.create({ key: 'ecoute', name: { ar: 'الإنصات', fr: 'Écoute', en: 'Listening' }, skills: { languages: ['ar'], topics: ['founding'] }, memberIds: [] }))._id.toString();
  // The team answers within 10 s; the center within 20 s.
  const settings = { serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5 }, teams: { [team]: { thresholdSeconds: 10, shortAbandonSeconds: 5 } }, slaAtRiskMinutes: 30 };
  expect((await app.request('/api/dashboard/settings', jsonRequest('PUT', settings, admin))).status).toBe(200);
  expect((await app.request('/api/dashboard/alert-settings', jsonRequest('PUT', { center: { serviceLevel30m: 80 }, teams: { [team]: { serviceLevel30m: 60 } }, onCallPhone: null }, admin))).status).toBe(200);
  watcher = startAlertWatcher({
    publisher: { publish: async (event, payload) => void (event === 'dashboard.alert' && sent.push(payload as TDashboardAlertPayload)) },
    twilio: { simulated: true, sendMessage: async () => ({ sid: 'SM-none' }) as never },
    activeTickets: testApp.ticketDirectory,
    logger: createLogger('silent'),
    now: () => new Date(clock),
    recheckMs: 3_600_000,
  });
});

afterAll(() => watcher.stop());

describe('service level of the last 30 minutes, read from the rollups', () => {
  it('raises once when it falls below the threshold, not again while it stays there, and clears when the waits leave the window', async () => {
    // Center rule 20 s: 12 s and 18 s answered within → 2 / 2 = 100 %.
    endedWait('answered', 12, 6);
    endedWait('answered', 18, 5);
    // Team rule 10 s: 8 s within, 15 s not → 1 / 2 = 50 % < 60 %; the center counts them under the team's rule: 3 / 4 = 75 % < 80 %.
    endedWait('answered', 8, 4, team);
    endedWait('answered', 15, 3, team);
    // A short abandon (3 s < 5 s) counts nowhere; a wait 40 minutes ago is out of the window.
    endedWait('abandoned', 3, 2);
    endedWait('abandoned', 90, 40);
    await checkAt(START);
    expect(raised().map((payload) => [payload.alert.key, payload.alert.value])).toEqual(
      expect.arrayContaining([
        ['center:serviceLevel30m', 75],
        [`team:${team}:serviceLevel30m`, 50],
      ]),
    );
    expect(raised()).toHaveLength(2);

    // Ten minutes on, the same waits are in the window: the condition lasts, nothing new is raised.
    await checkAt(START + 10 * 60_000);
    await checkAt(START + 20 * 60_000);
    expect(raised()).toHaveLength(2);
    expect((await active()).map((alert) => alert.key).sort()).toEqual(['center:serviceLevel30m', `team:${team}:serviceLevel30m`].sort());

    // 25 minutes on (window: the minutes 09:56 to 10:25 UTC), the 12 s and 18 s waits (ended 09:54:30 and
    // 09:55:30) have left it while the team's (09:56:30, 09:57:30) stay: the center is the team's 50 % now,
    // still below, still one alert.
    await checkAt(START + 25 * 60_000);
    expect(raised()).toHaveLength(2);

    // 40 minutes on, no wait ended in the window: no figure, both alerts cleared.
    await checkAt(START + 40 * 60_000);
    expect(sent.filter((payload) => payload.state === 'cleared').map((payload) => payload.alert.key).sort()).toEqual(['center:serviceLevel30m', `team:${team}:serviceLevel30m`].sort());
    expect(await active()).toEqual([]);

    // A new crossing raises a new alert: a 30 s answer (not within 20 s) alone is 0 %.
    endedWait('answered', 30, -41);
    await checkAt(START + 42 * 60_000);
    expect(raised().map((payload) => payload.alert.key)).toEqual(expect.arrayContaining(['center:serviceLevel30m']));
    expect(raised()).toHaveLength(3);
    expect(raised()[2]!.alert.value).toBe(0);
  });
});
