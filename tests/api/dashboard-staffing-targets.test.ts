import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZDashboardSettings, type TDashboardSettings } from '@mowakaba/shared/schemas/dashboard';
import { ZStaffingForecast } from '@mowakaba/shared/schemas/staffing';
import { AuditEntryModel } from '../../server/src/modules/audit/audit-entry.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { callRecord, createDashboardTestApp } from '../helpers/dashboard.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

// Monday 23 November 2026, 10:30 in Casablanca (UTC+1).
const NOW = new Date('2026-11-23T09:30:00Z');
const { app, feed } = createDashboardTestApp({ now: () => NOW });
let admin: Awaited<ReturnType<typeof createSignedInUser>>;
let supervisor: string;
let agent: string;
let team: string;

async function staffing(query: string) {
  const response = await app.request(`/api/dashboard/staffing${query}`, { headers: { Cookie: supervisor } });
  expect(response.status).toBe(200);
  return ZStaffingForecast.parse(await json(response));
}

const putSettings = (settings: unknown, cookie = admin.cookie) => app.request('/api/dashboard/settings', jsonRequest('PUT', settings, cookie));

beforeAll(async () => {
  admin = await createSignedInUser(app, 'admin');
  supervisor = (await createSignedInUser(app, 'supervisor')).cookie;
  agent = (await createSignedInUser(app, 'agent')).cookie;
  team = (await TeamModel.create({ key: 'ecoute', name: { ar: 'الإنصات', fr: 'Écoute', en: 'Listening' }, skills: { languages: ['ar'], topics: ['founding'] }, memberIds: [] }))._id.toString();
  // Tuesdays 14:00–15:00 local (13:00Z) of the four weeks before: 2 answered calls of 120 s each, for the team.
  for (const day of ['2026-11-17', '2026-11-10', '2026-11-03', '2026-10-27']) {
    for (const minute of [0, 1]) {
      const createdAt = `${day}T13:0${minute}:00.000Z`;
      feed.take('call.updated', { call: callRecord({ createdAt, queuedAt: createdAt, endedAt: createdAt, updatedAt: createdAt, talkSeconds: 120, teamId: team }) });
    }
  }
  await feed.settled();
});

// Tuesday 14:00 is hour 24 + 14 of a two-day forecast. 2 calls × 120 s an hour = 0.0667 Erlang: one agent
// makes callers wait with probability 0.0667 (Erlang C with N = 1 is the traffic itself), and answers
// 1 − 0.0667 × e^(−(1 − 0.0667) × 20 / 120) = 94.3 % within 20 s; two agents answer 99.9 %.
const TUESDAY_14 = 24 + 14;

describe('stored staffing target per team', () => {
  it('aims at 80 % until an admin stores a team target, then at the team’s own, audited', async () => {
    const before = await staffing(`?days=2&team=${team}`);
    expect(before.targetPercent).toBe(80);
    expect(before.hours[TUESDAY_14]).toMatchObject({ callsExpected: 2, ahtSeconds: 120, agentsNeeded: 1 });

    const settings: TDashboardSettings = {
      serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5 },
      teams: { [team]: { thresholdSeconds: 20, shortAbandonSeconds: 5, staffingTargetPercent: 95 } },
      slaAtRiskMinutes: 30,
    };
    const saved = await putSettings(settings);
    expect(saved.status).toBe(200);
    expect(ZDashboardSettings.parse(await json(saved)).teams[team]!.staffingTargetPercent).toBe(95);
    const read = ZDashboardSettings.parse(await json(await app.request('/api/dashboard/settings', { headers: { Cookie: supervisor } })));
    expect(read.teams[team]!.staffingTargetPercent).toBe(95);

    // 94.3 % < 95 %: a second agent.
    const after = await staffing(`?days=2&team=${team}`);
    expect(after.targetPercent).toBe(95);
    expect(after.hours[TUESDAY_14]!.agentsNeeded).toBe(2);
    // The center keeps 80 %; a target in the query still wins over the stored one.
    expect((await staffing('?days=2')).targetPercent).toBe(80);
    expect((await staffing(`?days=2&team=${team}&target=90`)).hours[TUESDAY_14]!.agentsNeeded).toBe(1);

    const entries = await AuditEntryModel.find({ actorId: new mongoose.Types.ObjectId(admin.user.id), action: 'settings.change' }).lean();
    expect(entries.some((entry) => entry.status === 200 && (entry.details as { fields?: string[] }).fields?.includes('teams'))).toBe(true);
  });

  it('falls back to the center’s stored target for a team without its own', async () => {
    const saved = await putSettings({ serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, staffingTargetPercent: 95 }, teams: {}, slaAtRiskMinutes: 30 });
    expect(saved.status).toBe(200);
    const forecast = await staffing(`?days=2&team=${team}`);
    expect(forecast.targetPercent).toBe(95);
    expect(forecast.hours[TUESDAY_14]!.agentsNeeded).toBe(2);
  });

  it('refuses a target outside 50–99 % or not a whole number with 400 in the one error shape', async () => {
    for (const target of [49, 100, 80.5, '80']) {
      const response = await putSettings({ serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5 }, teams: { [team]: { thresholdSeconds: 20, shortAbandonSeconds: 5, staffingTargetPercent: target } }, slaAtRiskMinutes: 30 });
      expect({ target, status: response.status }).toEqual({ target, status: 400 });
      const body = await json(response);
      expect(body.error.code).toBe('validation_failed');
      expect(typeof body.error.message).toBe('string');
    }
  });

  it('lets supervisors read but not write, and agents neither', async () => {
    const settings = { serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, staffingTargetPercent: 90 }, teams: {}, slaAtRiskMinutes: 30 };
    expect((await putSettings(settings, supervisor)).status).toBe(403);
    expect((await putSettings(settings, agent)).status).toBe(403);
    expect((await app.request('/api/dashboard/settings', { headers: { Cookie: agent } })).status).toBe(403);
  });
});
