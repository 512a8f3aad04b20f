import { beforeAll, describe, expect, it } from 'vitest';
import { ZStaffingForecast } from '@mowakaba/shared/schemas/staffing';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { callRecord, createDashboardTestApp } from '../helpers/dashboard.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

// Monday 23 November 2026, 10:30 in Casablanca (UTC+1).
const NOW = new Date('2026-11-23T09:30:00Z');
const { app, feed } = createDashboardTestApp({ now: () => NOW });
let supervisor: string;
let agent: string;
let team: string;

/** `count` answered calls offered at a UTC instant, each talked for `talkSeconds`. */
async function answeredCalls(at: string, count: number, talkSeconds: number, teamId: string | null = null) {
  for (let index = 0; index < count; index += 1) {
    const createdAt = new Date(Date.parse(at) + index * 60_000).toISOString();
    feed.take('call.updated', { call: callRecord({ createdAt, queuedAt: createdAt, endedAt: createdAt, updatedAt: createdAt, talkSeconds, teamId }) });
  }
}

async function staffing(query: string, cookie = supervisor) {
  const response = await app.request(`/api/dashboard/staffing${query}`, { headers: { Cookie: cookie } });
  expect(response.status).toBe(200);
  return ZStaffingForecast.parse(await json(response));
}

beforeAll(async () => {
  supervisor = (await createSignedInUser(app, 'supervisor')).cookie;
  agent = (await createSignedInUser(app, 'agent')).cookie;
  const member = await createSignedInUser(app, 'agent');
  team = (await TeamModel.create({ key: 'ecoute', name: { ar: 'الإنصات', fr: 'Écoute', en: 'Listening' }, skills: { languages: ['ar'], topics: ['founding'] }, memberIds: [member.user.id] }))._id.toString();
  await app.request('/api/presence/me', jsonRequest('PUT', { state: 'available' }, member.cookie));
  // Mondays 10:00–11:00 local (09:00Z) of the four weeks before: 4 + 8 + 0 + 8 calls of 6 minutes.
  await answeredCalls('2026-11-16T09:00:00Z', 4, 360);
  await answeredCalls('2026-11-09T09:00:00Z', 8, 360);
  await answeredCalls('2026-10-26T09:00:00Z', 8, 360);
  // Five weeks ago: out of the four weeks observed.
  await answeredCalls('2026-10-19T09:00:00Z', 40, 360);
  // Tuesdays 14:00–15:00 local (13:00Z), 2 calls of 2 minutes each week, for the team.
  for (const day of ['2026-11-17', '2026-11-10', '2026-11-03', '2026-10-27']) await answeredCalls(`${day}T13:00:00Z`, 2, 120, team);
  await feed.settled();
});

describe('staffing forecast', () => {
  it('expects the mean of the same weekday-hour over four weeks and the agents Erlang C needs for 80 % in 20 s', async () => {
    const body = await staffing('?days=2');
    expect(body).toMatchObject({ from: '2026-11-23', days: 2, weeksObserved: 4, thresholdSeconds: 20, targetPercent: 80, teamId: null });
    expect(body.hours).toHaveLength(48);
    // (4 + 8 + 0 + 8) / 4 = 5 calls of 360 s: 0.5 Erlang. One agent answers 51 % within 20 s, two 90.8 %.
    expect(body.hours[10]).toEqual({ start: '2026-11-23T10:00:00.000+01:00', date: '2026-11-23', hour: 10, callsExpected: 5, ahtSeconds: 360, agentsNeeded: 2 });
    // No call at 11:00 in four weeks: nobody needed; the AHT is the four weeks'.
    expect(body.hours[11]).toMatchObject({ hour: 11, callsExpected: 0, agentsNeeded: 0 });
    // Tuesday 14:00: 2 calls of 120 s: 0.067 Erlang, one agent answers 94 % within 20 s.
    expect(body.hours[24 + 14]).toMatchObject({ date: '2026-11-24', hour: 14, callsExpected: 2, ahtSeconds: 120, agentsNeeded: 1 });
  });

  it('asks more agents for a higher target, and reads one team alone with its agents online now', async () => {
    expect((await staffing('?days=1&target=95')).hours[10]!.agentsNeeded).toBe(3);
    const ofTeam = await staffing(`?days=2&team=${team}`);
    expect(ofTeam.teamId).toBe(team);
    expect(ofTeam.agentsOnlineNow).toBe(1);
    expect(ofTeam.hours[10]!.callsExpected).toBe(0);
    expect(ofTeam.hours[24 + 14]!.callsExpected).toBe(2);
  });

  it('refuses a bad query with 400 and an agent with 403', async () => {
    for (const query of ['?days=0', '?days=15', '?days=two', '?team=nope', '?target=100']) {
      const response = await app.request(`/api/dashboard/staffing${query}`, { headers: { Cookie: supervisor } });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect((await json(response)).error.code).toBe('validation_failed');
    }
    const forbidden = await app.request('/api/dashboard/staffing', { headers: { Cookie: agent } });
    expect(forbidden.status).toBe(403);
    expect((await json(forbidden)).error.code).toBe('forbidden');
  });
});
