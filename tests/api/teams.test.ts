import { describe, expect, it } from 'vitest';
import { ZErrorBody } from '@mowakaba/shared/errors';
import { ZTeam, ZTeamList } from '@mowakaba/shared/schemas/teams';
import { ZTicket } from '@mowakaba/shared/schemas/tickets';
import { ZColleagueList, ZUser } from '@mowakaba/shared/schemas/users';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { createSignedInUser, createTestUser, jsonRequest, signIn } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const darijaTeam = { name: 'Équipe darija', skills: { languages: ['ar'], topics: ['founding', 'funding'] } };

describe('teams and membership (happy paths)', () => {
  it('lets an admin create a team with skills, put a new agent in it, and the agent takes a ticket of that team', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');

    const created = await app.request('/api/teams', jsonRequest('POST', darijaTeam, admin.cookie));
    expect(created.status).toBe(201);
    const team = ZTeam.parse(await json(created));
    expect(team).toMatchObject({ name: { ar: 'Équipe darija', fr: 'Équipe darija', en: 'Équipe darija' }, skills: darijaTeam.skills, memberIds: [] });
    expect(team.key).toMatch(/^equipe-darija-[0-9a-f]{6}$/);

    const agentResponse = await app.request(
      '/api/users',
      jsonRequest('POST', { email: 'nadia@mowakaba.test', name: 'نادية', password: 'a long passphrase', role: 'agent', teamIds: [team.id] }, admin.cookie),
    );
    expect(agentResponse.status).toBe(201);
    const agent = ZUser.parse(await json(agentResponse));
    expect(agent.teamIds).toEqual([team.id]);
    expect((await TeamModel.findById(team.id).lean())?.memberIds.map(String)).toEqual([agent.id]);

    const ticket = await postTicket(app, admin.cookie, { language: 'ar', topic: 'funding' });
    expect(ticket.teamId).toBe(team.id);
    const agentCookie = await signIn(app, 'nadia@mowakaba.test', 'a long passphrase');
    const taken = await app.request('/api/tickets/take-next', { method: 'POST', headers: { Cookie: agentCookie } });
    expect(taken.status).toBe(200);
    expect(ZTicket.parse(await json(taken))).toMatchObject({ id: ticket.id, assigneeId: agent.id, status: 'open' });
  });

  it('edits a team: names per language, skills and members; PATCH /api/users moves a user between teams', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const first = ZTeam.parse(await json(await app.request('/api/teams', jsonRequest('POST', darijaTeam, admin.cookie))));
    const second = ZTeam.parse(
      await json(await app.request('/api/teams', jsonRequest('POST', { name: 'Financement', skills: { languages: ['fr'], topics: ['funding'] } }, admin.cookie))),
    );
    const agent = await createTestUser({ role: 'agent' });

    const renamed = await app.request(
      `/api/teams/${first.id}`,
      jsonRequest('PATCH', { name: { ar: 'فريق الدارجة', fr: 'Équipe darija', en: 'Darija team' }, skills: { languages: ['ar', 'fr'], topics: ['other'] }, memberIds: [agent.id] }, admin.cookie),
    );
    expect(renamed.status).toBe(200);
    expect(ZTeam.parse(await json(renamed))).toMatchObject({ name: { ar: 'فريق الدارجة', en: 'Darija team' }, skills: { languages: ['ar', 'fr'], topics: ['other'] }, memberIds: [agent.id] });

    const moved = await app.request(`/api/users/${agent.id}`, jsonRequest('PATCH', { teamIds: [second.id] }, admin.cookie));
    expect(moved.status).toBe(200);
    expect(ZUser.parse(await json(moved)).teamIds).toEqual([second.id]);
    const teams = ZTeamList.parse(await json(await app.request('/api/teams', { headers: { Cookie: admin.cookie } })));
    expect(teams.items.find((team) => team.id === first.id)?.memberIds).toEqual([]);
    expect(teams.items.find((team) => team.id === second.id)?.memberIds).toEqual([agent.id]);

    const me = await json(await app.request('/api/auth/me', { headers: { Cookie: await signIn(app, agent.email, agent.password) } }));
    expect(me.user.teamIds).toEqual([second.id]);
  });
});

describe('teams and membership (errors)', () => {
  it('answers 400 with the fields at fault for a bad team', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const response = await app.request('/api/teams', jsonRequest('POST', { name: '', skills: { languages: ['de'], topics: ['cooking'] }, extra: 1 }, admin.cookie));
    expect(response.status).toBe(400);
    const body = ZErrorBody.parse(await json(response));
    expect(body.error.code).toBe('validation_failed');
    const paths = (body.error.details as Array<{ path: string }>).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['skills.languages.0', 'skills.topics.0']));
  });

  it('refuses unknown teams and members with 400 naming them, and changes nothing', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const agent = await createTestUser({ role: 'agent' });
    const unknownId = '0123456789abcdef01234567';
    const patchUser = await app.request(`/api/users/${agent.id}`, jsonRequest('PATCH', { teamIds: [unknownId] }, admin.cookie));
    expect(patchUser.status).toBe(400);
    expect(ZErrorBody.parse(await json(patchUser)).error.details).toEqual([{ path: 'teamIds', code: 'not_found', message: `no team ${unknownId}` }]);

    const teamsBefore = await TeamModel.countDocuments();
    const createTeam = await app.request('/api/teams', jsonRequest('POST', { ...darijaTeam, memberIds: [unknownId] }, admin.cookie));
    expect(createTeam.status).toBe(400);
    expect(await TeamModel.countDocuments()).toBe(teamsBefore);

    const missingTeam = await app.request(`/api/teams/${unknownId}`, jsonRequest('PATCH', { skills: darijaTeam.skills }, admin.cookie));
    expect(missingTeam.status).toBe(404);
  });

  it('take-next says why nothing comes: no team, then nothing for the team while other tickets wait', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const agent = await createSignedInUser(app, 'agent');
    await postTicket(app, admin.cookie, { language: 'fr', topic: 'award' });

    const noTeam = await app.request('/api/tickets/take-next', { method: 'POST', headers: { Cookie: agent.cookie } });
    expect(noTeam.status).toBe(404);
    expect(ZErrorBody.parse(await json(noTeam)).error).toMatchObject({ code: 'not_found', details: { reason: 'no-team' } });

    await app.request('/api/teams', jsonRequest('POST', { ...darijaTeam, memberIds: [agent.user.id] }, admin.cookie));
    const otherSkills = await app.request('/api/tickets/take-next', { method: 'POST', headers: { Cookie: agent.cookie } });
    expect(ZErrorBody.parse(await json(otherSkills)).error.details).toEqual({ reason: 'none-for-your-teams' });
  });
});

describe('colleagues', () => {
  it('lets any agent list enabled colleagues with their teams, to assign a ticket', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const agent = await createSignedInUser(app, 'agent');
    const gone = await createTestUser({ role: 'agent', name: 'Parti' });
    await app.request(`/api/users/${gone.id}`, jsonRequest('PATCH', { disabled: true }, admin.cookie));
    const team = ZTeam.parse(await json(await app.request('/api/teams', jsonRequest('POST', { ...darijaTeam, memberIds: [agent.user.id] }, admin.cookie))));

    const response = await app.request('/api/users/colleagues', { headers: { Cookie: agent.cookie } });
    expect(response.status).toBe(200);
    const { items } = ZColleagueList.parse(await json(response));
    expect(items).toContainEqual({ id: agent.user.id, name: agent.user.name, role: 'agent', teamIds: [team.id] });
    expect(items.some((colleague) => colleague.id === gone.id)).toBe(false);
  });
});

describe('teams and membership (security)', () => {
  it('keeps team and membership changes to admins; supervisors and agents get 403', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const team = ZTeam.parse(await json(await app.request('/api/teams', jsonRequest('POST', darijaTeam, admin.cookie))));
    for (const role of ['agent', 'supervisor'] as const) {
      const { user, cookie } = await createSignedInUser(app, role);
      expect((await app.request('/api/teams', jsonRequest('POST', darijaTeam, cookie))).status).toBe(403);
      expect((await app.request(`/api/teams/${team.id}`, jsonRequest('PATCH', { memberIds: [user.id] }, cookie))).status).toBe(403);
      expect((await app.request(`/api/users/${user.id}`, jsonRequest('PATCH', { teamIds: [team.id] }, cookie))).status).toBe(403);
    }
    expect((await TeamModel.findById(team.id).lean())?.memberIds).toEqual([]);
  });
});
