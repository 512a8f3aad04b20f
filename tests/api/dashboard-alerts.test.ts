import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDashboardAlertPayload, TEventEnvelope } from '@mowakaba/shared/events';
import { ZAlertSettings, ZDashboardAlertList, type TAlertSettings } from '@mowakaba/shared/schemas/dashboard-alerts';
import { createLogger } from '../../server/src/logger.js';
import { startAlertWatcher } from '../../server/src/modules/dashboard/index.js';
import { getLiveSnapshot } from '../../server/src/modules/dashboard/get-live-snapshot.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { connectConsole, nextMatching, startTestServer, type ConsoleSocket, type TestServer } from '../helpers/test-server.js';
import { callParams, getCall, newCallSid, postSigned, queueCall, twilioTestDependencies, useFakeTwilioApi } from '../helpers/twilio.js';
import { createTwilioGateway } from '../../server/src/twilio/twilio-gateway.js';
import { LocalTwilioHttpClient } from '../helpers/twilio.js';

useTestDatabase();
const twilioApi = useFakeTwilioApi();

const ON_CALL = '+212612345678';
let server: TestServer;
let admin: string;
let supervisor: string;
let agent: string;
const sockets: ConsoleSocket[] = [];

beforeAll(async () => {
  const { environment, extra } = twilioTestDependencies({ mode: 'real', api: twilioApi });
  server = await startTestServer({ environment, extra });
  admin = (await createSignedInUser(server.app, 'admin')).cookie;
  supervisor = (await createSignedInUser(server.app, 'supervisor')).cookie;
  agent = (await createSignedInUser(server.app, 'agent')).cookie;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.close();
});

const putSettings = (body: unknown, cookie = admin) => server.app.request('/api/dashboard/alert-settings', jsonRequest('PUT', body, cookie));

describe('alert thresholds', () => {
  const valid: TAlertSettings = { center: { longestWaitSeconds: 120, serviceLevel30m: 75 }, teams: {}, onCallPhone: ON_CALL };

  it('are set by admins and read by supervisors', async () => {
    expect((await putSettings(valid)).status).toBe(200);
    const read = await server.app.request('/api/dashboard/alert-settings', { headers: { Cookie: supervisor } });
    expect(read.status).toBe(200);
    expect(ZAlertSettings.parse(await json(read))).toEqual(valid);
  });

  it('refuses supervisors and agents the change, and agents the reading, with 403', async () => {
    expect((await putSettings(valid, supervisor)).status).toBe(403);
    expect((await putSettings(valid, agent)).status).toBe(403);
    for (const path of ['/api/dashboard/alert-settings', '/api/dashboard/alerts']) {
      const response = await server.app.request(path, { headers: { Cookie: agent } });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
  });

  it('refuses impossible thresholds with 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...valid, center: { longestWaitSeconds: 0 } }, 'center.longestWaitSeconds'],
      [{ ...valid, center: { serviceLevel30m: 101 } }, 'center.serviceLevel30m'],
      [{ ...valid, center: { queueLength: 3 } }, 'center'],
      [{ ...valid, onCallPhone: '0612345678' }, 'onCallPhone'],
      [{ ...valid, teams: { 'not-a-team': {} } }, 'teams.not-a-team'],
      [{ ...valid, teams: { '0123456789abcdef01234567': { slaBreached: 1 } } }, 'teams.0123456789abcdef01234567'],
    ];
    for (const [body, path] of cases) {
      const response = await putSettings(body);
      const error = (await json(response)).error;
      expect({ path, status: response.status, code: error.code }).toEqual({ path, status: 400, code: 'validation_failed' });
      expect(error.details.map((detail: { path: string }) => detail.path).join(' ')).toContain(path);
    }
  });
});

describe('alert raised when a threshold is crossed', () => {
  it('raises once while the condition lasts, texts the supervisor on call, clears, and raises again on the next crossing', async () => {
    await putSettings({ center: { longestWaitSeconds: 120 }, teams: {}, onCallPhone: ON_CALL });
    const supervisorSocket = await connectConsole(server.url, supervisor);
    const agentSocket = await connectConsole(server.url, agent);
    sockets.push(supervisorSocket, agentSocket);
    const seen: TDashboardAlertPayload[] = [];
    const agentSaw: string[] = [];
    supervisorSocket.on('event', (envelope) => envelope.event === 'dashboard.alert' && seen.push(envelope.payload as TDashboardAlertPayload));
    agentSocket.on('event', (envelope) => agentSaw.push(envelope.event));
    const nextAlert = (state: 'raised' | 'cleared') =>
      nextMatching<TEventEnvelope>(supervisorSocket, 'event', (envelope) => envelope.event === 'dashboard.alert' && (envelope.payload as TDashboardAlertPayload).state === state);

    let clock = 0;
    const watcher = startAlertWatcher({
      publisher: server.hub,
      twilio: createTwilioGateway(server.config, { httpClient: new LocalTwilioHttpClient(twilioApi.url) }),
      activeTickets: server.ticketDirectory,
      logger: createLogger('silent'),
      now: () => new Date(clock),
      recheckMs: 3_600_000,
    });
    const checkAt = async (instant: number) => {
      clock = instant;
      await watcher.check(await getLiveSnapshot(server.ticketDirectory, new Date(clock)));
    };
    const texts = () => twilioApi.requests.filter((request) => request.path.endsWith('/Messages.json'));
    const active = async () => ZDashboardAlertList.parse(await json(await server.app.request('/api/dashboard/alerts', { headers: { Cookie: supervisor } }))).items;

    const first = newCallSid();
    await queueCall(server.app, first, '+212661800001');
    const queuedAt = Date.parse((await getCall(server.app, supervisor, first)).queuedAt);
    await checkAt(queuedAt + 60_000);
    expect(await active()).toEqual([]);

    const raised = nextAlert('raised');
    await checkAt(queuedAt + 150_000);
    expect((await raised).payload).toMatchObject({ state: 'raised', alert: { key: 'center:longestWaitSeconds', metric: 'longestWaitSeconds', threshold: 120, value: 150, teamId: null, sms: 'sent' } });
    expect(texts()).toHaveLength(1);
    expect(texts()[0]!.form).toMatchObject({ To: ON_CALL });
    expect(String(texts()[0]!.form.Body)).toContain('150');
    const [stored] = await active();
    expect(stored).toMatchObject({ key: 'center:longestWaitSeconds', raisedAt: new Date(queuedAt + 150_000).toISOString(), sms: 'sent' });
    expect(stored!.raisedAtLocalTime).toBe(DateTime.fromMillis(queuedAt + 150_000, { zone: 'Africa/Casablanca' }).toFormat('HH:mm'));

    // Still waiting, longer: the same alert, not a new one.
    await checkAt(queuedAt + 200_000);
    await checkAt(queuedAt + 260_000);
    expect(texts()).toHaveLength(1);

    const cleared = nextAlert('cleared');
    await postSigned(server.app, '/webhooks/twilio/voice/status', callParams(first, '+212661800001', { CallStatus: 'completed', CallDuration: '270', SequenceNumber: '9' }));
    await checkAt(queuedAt + 270_000);
    await cleared;
    expect(await active()).toEqual([]);

    const second = newCallSid();
    await queueCall(server.app, second, '+212661800002');
    const secondQueuedAt = Date.parse((await getCall(server.app, supervisor, second)).queuedAt);
    const raisedAgain = nextAlert('raised');
    await checkAt(secondQueuedAt + 130_000);
    expect((await raisedAgain).payload).toMatchObject({ state: 'raised', alert: { value: 130 } });
    expect(texts()).toHaveLength(2);

    expect(seen.map((payload) => payload.state)).toEqual(['raised', 'cleared', 'raised']);
    expect(agentSaw).not.toContain('dashboard.alert');
    watcher.stop();
  });
});
