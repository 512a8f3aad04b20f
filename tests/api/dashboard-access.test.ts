import { beforeAll, describe, expect, it } from 'vitest';
import { ZDashboardMyDay } from '@mowakaba/shared/schemas/dashboard';
import { createDashboardTestApp, objectId, ticketRecord } from '../helpers/dashboard.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const { app, feed } = createDashboardTestApp();
const SETTINGS = { serviceLevel: { thresholdSeconds: 30, shortAbandonSeconds: 5 }, teams: {}, slaAtRiskMinutes: 45 };
const READS = ['/api/dashboard/live', '/api/dashboard/history?from=2026-11-01&to=2026-11-30', '/api/dashboard/history.csv?from=2026-11-01&to=2026-11-30&breakdown=agent', '/api/dashboard/settings'];

let agent: Awaited<ReturnType<typeof createSignedInUser>>;
let supervisor: string;
let admin: string;

beforeAll(async () => {
  agent = await createSignedInUser(app, 'agent');
  supervisor = (await createSignedInUser(app, 'supervisor')).cookie;
  admin = (await createSignedInUser(app, 'admin')).cookie;
});

describe('dashboard access', () => {
  it('answers 403 to an agent on every dashboard but their own day', async () => {
    for (const path of READS) {
      const response = await app.request(path, { headers: { Cookie: agent.cookie } });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect((await json(response)).error.code).toBe('forbidden');
    }
    const put = await app.request('/api/dashboard/settings', jsonRequest('PUT', SETTINGS, agent.cookie));
    expect(put.status).toBe(403);
  });

  it('lets supervisors and admins read every dashboard, and only admins change the settings', async () => {
    for (const cookie of [supervisor, admin]) {
      for (const path of READS) {
        const response = await app.request(path, { headers: { Cookie: cookie } });
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
      }
    }
    expect((await app.request('/api/dashboard/settings', jsonRequest('PUT', SETTINGS, supervisor))).status).toBe(403);
    const saved = await app.request('/api/dashboard/settings', jsonRequest('PUT', SETTINGS, admin));
    expect(saved.status).toBe(200);
    expect(await json(await app.request('/api/dashboard/settings', { headers: { Cookie: supervisor } }))).toEqual(SETTINGS);
  });

  it('answers 401 without a session', async () => {
    for (const path of [...READS, '/api/dashboard/my-day']) expect((await app.request(path)).status).toBe(401);
  });

  it("gives an agent their own day and nobody else's numbers", async () => {
    const now = new Date();
    const earlier = new Date(now.getTime() - 1_000).toISOString();
    const solved = (assigneeId: string, rating: number) =>
      ticketRecord({
        assigneeId,
        createdAt: earlier,
        status: 'solved',
        solvedAt: earlier,
        satisfaction: { rating, answeredAt: earlier },
        sla: { firstResponseDueAt: null, resolutionDueAt: null, firstRespondedAt: earlier, paused: false, firstResponseBreached: false, resolutionBreached: false },
      });
    for (const ticket of [solved(agent.user.id, 5), solved(agent.user.id, 4), solved(objectId(), 1)]) feed.take('ticket.updated', { ticket, actorId: null });
    await feed.settled();
    const response = await app.request('/api/dashboard/my-day', { headers: { Cookie: agent.cookie } });
    expect(response.status).toBe(200);
    const mine = ZDashboardMyDay.parse(await json(response));
    expect(mine).toMatchObject({ ticketsSolved: 2, handledContacts: 2, firstResponses: 2, csat: 100, csatAnswers: 2 });
  });
});
