import { describe, expect, it } from 'vitest';
import { DashboardSettingModel } from '../../server/src/modules/dashboard/dashboard-rollup.model.js';
import { createSignedInUser } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

describe('dashboard settings saved before thresholds came from a list', () => {
  it('are read as the nearest allowed values, and the dashboards keep answering', async () => {
    await DashboardSettingModel.collection.insertOne({
      _id: 'dashboard-settings' as never,
      value: { serviceLevel: { thresholdSeconds: 17, shortAbandonSeconds: 4 }, teams: { '6530f1a2b3c4d5e6f7a8b9c0': { thresholdSeconds: 50, shortAbandonSeconds: 7 } }, slaAtRiskMinutes: 45 },
    });
    const { app } = createTestApp();
    const supervisor = (await createSignedInUser(app, 'supervisor')).cookie;
    const settings = await app.request('/api/dashboard/settings', { headers: { Cookie: supervisor } });
    expect(settings.status).toBe(200);
    expect(await json(settings)).toEqual({
      serviceLevel: { thresholdSeconds: 15, shortAbandonSeconds: 3 },
      teams: { '6530f1a2b3c4d5e6f7a8b9c0': { thresholdSeconds: 45, shortAbandonSeconds: 8 } },
      slaAtRiskMinutes: 45,
    });
    expect((await app.request('/api/dashboard/live', { headers: { Cookie: supervisor } })).status).toBe(200);
    expect((await app.request('/api/dashboard/history?from=2026-11-01&to=2026-11-30', { headers: { Cookie: supervisor } })).status).toBe(200);
  });
});
