import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZDashboardLive } from '@mowakaba/shared/schemas/dashboard';
import { ZCreatedWallboardLink, ZWallboardLinkList, type TCreatedWallboardLink } from '@mowakaba/shared/schemas/wallboard-links';
import { AuditEntryModel } from '../../server/src/modules/audit/audit-entry.model.js';
import { WallboardLinkModel } from '../../server/src/modules/dashboard/wallboard-link.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createDashboardTestApp } from '../helpers/dashboard.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const { app } = createDashboardTestApp();
let supervisor: Awaited<ReturnType<typeof createSignedInUser>>;
let teamId: string;

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

async function createLink(body: unknown, cookie = supervisor.cookie): Promise<TCreatedWallboardLink> {
  const response = await app.request('/api/dashboard/wallboard-links', jsonRequest('POST', body, cookie));
  expect(response.status).toBe(201);
  return ZCreatedWallboardLink.parse(await json(response));
}

beforeAll(async () => {
  supervisor = await createSignedInUser(app, 'supervisor');
  const team = await TeamModel.create({ key: 'tv-team', name: { ar: 'الفريق', fr: 'Équipe', en: 'Team' }, skills: { languages: ['ar'], topics: ['founding'] }, memberIds: [] });
  await TeamModel.create({ key: 'tv-other', name: { ar: 'أخرى', fr: 'Autre', en: 'Other' }, memberIds: [] });
  teamId = team._id.toString();
});

describe('wallboard links', () => {
  it('give a TV the live snapshot with only a token, scoped to the link’s team, and store only its hash', async () => {
    const center = await createLink({ label: 'Salle Rabat' });
    const scoped = await createLink({ label: 'شاشة الفريق', team: teamId });
    expect(center.url).toBe(`${new URL(`/wallboard/${center.token}`, 'http://localhost:3000')}`);
    expect(center.link).toMatchObject({ label: 'Salle Rabat', teamId: null, createdBy: { id: supervisor.user.id, name: supervisor.user.name } });

    const whole = await app.request('/api/wallboard/live', bearer(center.token));
    expect(whole.status).toBe(200);
    expect(ZDashboardLive.parse(await json(whole)).teams.length).toBe(2);
    const team = await app.request('/api/wallboard/live', bearer(scoped.token));
    expect(ZDashboardLive.parse(await json(team)).teams.map((entry) => entry.teamId)).toEqual([teamId]);

    const stored = JSON.stringify(await WallboardLinkModel.find().lean());
    expect(stored).not.toContain(center.token);
    expect(stored).not.toContain(scoped.token);
  });

  it('are listed with their creator and creation date, newest first', async () => {
    const first = await createLink({ label: 'Couloir' });
    const second = await createLink({ label: 'Accueil' });
    const response = await app.request('/api/dashboard/wallboard-links', { headers: { Cookie: supervisor.cookie } });
    const { items } = ZWallboardLinkList.parse(await json(response));
    const ids = items.map((link) => link.id);
    expect(ids.indexOf(second.link.id)).toBeLessThan(ids.indexOf(first.link.id));
    expect(items.find((link) => link.id === first.link.id)).toEqual(first.link);
    expect(JSON.stringify(items)).not.toContain(first.token);
  });

  it('open nothing but the live snapshot: every other route refuses the token with 401', async () => {
    const { token } = await createLink({ label: 'TV' });
    for (const path of ['/api/dashboard/live', '/api/dashboard/history?from=2026-11-01&to=2026-11-02&interval=day', '/api/dashboard/wallboard-links', '/api/tickets', '/api/calls', '/api/auth/me']) {
      for (const init of [bearer(token), { headers: { Cookie: `mowakaba_session=${token}` } }]) {
        const response = await app.request(path, init);
        expect(response.status, path).toBe(401);
        expect((await json(response)).error.code).toBe('unauthenticated');
      }
    }
    const create = await app.request('/api/dashboard/wallboard-links', jsonRequest('POST', { label: 'x' }, undefined, { Authorization: `Bearer ${token}` }));
    expect(create.status).toBe(401);
  });

  it('refuse an unknown token, a missing one and a session with 401', async () => {
    for (const init of [bearer('not-a-link'), {}, { headers: { Cookie: supervisor.cookie } }]) {
      const response = await app.request('/api/wallboard/live', init);
      expect(response.status).toBe(401);
      expect((await json(response)).error.code).toBe('unauthenticated');
    }
  });

  it('are revoked: the token stops working, the link leaves the list, and both acts are audited', async () => {
    const created = await createLink({ label: 'Ancienne TV', team: teamId });
    const revoke = await app.request(`/api/dashboard/wallboard-links/${created.link.id}`, { method: 'DELETE', headers: { Cookie: supervisor.cookie } });
    expect(revoke.status).toBe(204);
    expect((await app.request('/api/wallboard/live', bearer(created.token))).status).toBe(401);
    const { items } = ZWallboardLinkList.parse(await json(await app.request('/api/dashboard/wallboard-links', { headers: { Cookie: supervisor.cookie } })));
    expect(items.map((link) => link.id)).not.toContain(created.link.id);
    const again = await app.request(`/api/dashboard/wallboard-links/${created.link.id}`, { method: 'DELETE', headers: { Cookie: supervisor.cookie } });
    expect(again.status).toBe(404);

    const entries = await AuditEntryModel.find({ actorId: new mongoose.Types.ObjectId(supervisor.user.id), action: 'settings.change' }).lean();
    expect(entries.some((entry) => entry.targetId === created.link.id && entry.status === 204)).toBe(true);
    expect(entries.some((entry) => entry.targetId === null && (entry.details as { label?: string }).label === 'Ancienne TV')).toBe(true);
  });

  it('are created and revoked by supervisors and admins only', async () => {
    const agent = await createSignedInUser(app, 'agent');
    const refused = await app.request('/api/dashboard/wallboard-links', jsonRequest('POST', { label: 'TV' }, agent.cookie));
    expect(refused.status).toBe(403);
    const admin = await createSignedInUser(app, 'admin');
    const created = await createLink({ label: 'TV admin' }, admin.cookie);
    const agentRevoke = await app.request(`/api/dashboard/wallboard-links/${created.link.id}`, { method: 'DELETE', headers: { Cookie: agent.cookie } });
    expect(agentRevoke.status).toBe(403);
    expect((await app.request('/api/wallboard/live', bearer(created.token))).status).toBe(200);
  });

  it('refuse bad input with 400 and the field at fault', async () => {
    const cases: Array<[unknown, string]> = [
      [{ label: '   ' }, 'label'],
      [{ label: 'x'.repeat(81) }, 'label'],
      [{ label: 'TV', team: 'nope' }, 'team'],
      [{ label: 'TV', team: new mongoose.Types.ObjectId().toString() }, 'team'],
      [{ label: 'TV', extra: true }, ''],
    ];
    for (const [body, path] of cases) {
      const response = await app.request('/api/dashboard/wallboard-links', jsonRequest('POST', body, supervisor.cookie));
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = (await json(response)).error;
      expect(error.code).toBe('validation_failed');
      expect(error.details.map((issue: { path: string }) => issue.path)).toContain(path);
    }
    const badId = await app.request('/api/dashboard/wallboard-links/zz', { method: 'DELETE', headers: { Cookie: supervisor.cookie } });
    expect(badId.status).toBe(400);
  });
});
