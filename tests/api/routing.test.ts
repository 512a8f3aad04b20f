import mongoose from 'mongoose';
import type { TContentLanguage, TTopicKey } from '@mowakaba/shared/constants';
import { describe, expect, it } from 'vitest';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { RealtimeEventModel } from '../../server/src/realtime/realtime-event.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

type App = ReturnType<typeof createTestApp>['app'];

async function makeTeam(key: string, languages: TContentLanguage[], topics: TTopicKey[], members: string[]) {
  return TeamModel.create({
    key,
    name: { ar: key, fr: key, en: key },
    skills: { languages, topics },
    memberIds: members.map((id) => new mongoose.Types.ObjectId(id)),
  });
}

async function setPresence(app: App, cookie: string, state: string) {
  return app.request('/api/presence/me', jsonRequest('PUT', { state }, cookie));
}

describe('routing new tickets', () => {
  it('sends a ticket to the team skilled in its language and topic, then to the least loaded available agent, in turn', async () => {
    const { app } = createTestApp();
    const salma = await createSignedInUser(app);
    const hamza = await createSignedInUser(app);
    const away = await createSignedInUser(app);
    const legal = await makeTeam(`legal-${Date.now()}`, ['ar', 'fr'], ['funding', 'founding'], [salma.user.id, hamza.user.id, away.user.id]);
    await makeTeam(`digital-${Date.now()}`, ['fr'], ['platform'], []);
    await setPresence(app, salma.cookie, 'available');
    await setPresence(app, hamza.cookie, 'available');
    await setPresence(app, away.cookie, 'away');

    const assignees: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const ticket = await postTicket(app, salma.cookie, { language: 'ar', topic: 'funding' });
      expect(ticket.teamId).toBe(legal._id.toString());
      assignees.push(ticket.assigneeId);
    }
    expect(assignees.filter((id) => id === salma.user.id)).toHaveLength(2);
    expect(assignees.filter((id) => id === hamza.user.id)).toHaveLength(2);
    expect(assignees).not.toContain(away.user.id);
    expect(assignees[0]).not.toBe(assignees[1]);

    const salmaLoad = await json(await app.request('/api/presence/me', { headers: { Cookie: salma.cookie } }));
    expect(salmaLoad).toMatchObject({ state: 'available', activeTickets: 2 });
  });

  it('leaves the ticket to the team when nobody is available, and keeps loads right through solving, reassigning and merging', async () => {
    const { app } = createTestApp();
    const agent = await createSignedInUser(app);
    const colleague = await createSignedInUser(app);
    const supervisor = await createSignedInUser(app, 'supervisor');
    await makeTeam(`gov-${Date.now()}`, ['fr'], ['governance'], [agent.user.id, colleague.user.id]);
    const waiting = await postTicket(app, agent.cookie, { language: 'fr', topic: 'governance' });
    expect(waiting.assigneeId).toBeNull();
    const loads = async () => {
      const { items } = await json(await app.request('/api/presence', { headers: { Cookie: supervisor.cookie } }));
      const loadOf = (userId: string) => (items as Array<{ userId: string; activeTickets: number }>).find((item) => item.userId === userId)?.activeTickets;
      return [loadOf(agent.user.id), loadOf(colleague.user.id)];
    };

    await setPresence(app, agent.cookie, 'available');
    await setPresence(app, colleague.cookie, 'away');
    const mine = await postTicket(app, agent.cookie, { language: 'fr', topic: 'governance' });
    const second = await postTicket(app, agent.cookie, { language: 'fr', topic: 'governance' });
    const third = await postTicket(app, agent.cookie, { language: 'fr', topic: 'governance' });
    expect([mine.assigneeId, second.assigneeId, third.assigneeId]).toEqual([agent.user.id, agent.user.id, agent.user.id]);
    expect(await loads()).toEqual([3, 0]);
    await app.request(`/api/tickets/${mine.id}`, jsonRequest('PATCH', { version: mine.version, status: 'solved' }, agent.cookie));
    expect(await loads()).toEqual([2, 0]);
    await app.request(`/api/tickets/${second.id}`, jsonRequest('PATCH', { version: second.version, assigneeId: colleague.user.id }, agent.cookie));
    expect(await loads()).toEqual([1, 1]);
    // A merged duplicate is closed: it no longer counts for the one who held it.
    const merged = await app.request(`/api/tickets/${second.id}/merge`, jsonRequest('POST', { targetTicketId: third.id, version: second.version + 1 }, supervisor.cookie));
    expect(merged.status).toBe(200);
    expect(await loads()).toEqual([1, 0]);
  });

  it('gives an equally loaded team its tickets in turn, the one given a ticket longest ago first', async () => {
    const { app } = createTestApp();
    const members = await Promise.all([createSignedInUser(app), createSignedInUser(app), createSignedInUser(app)]);
    await makeTeam(`turns-${Date.now()}`, ['ar'], ['training'], members.map((member) => member.user.id));
    for (const member of members) await setPresence(app, member.cookie, 'available');
    const assignees: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const ticket = await postTicket(app, members[0]!.cookie, { language: 'ar', topic: 'training' });
      assignees.push(ticket.assigneeId);
      // Each solves what they get at once: loads stay equal, so only the turn decides.
      await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: ticket.version, status: 'solved' }, members[0]!.cookie));
    }
    expect(new Set(assignees.slice(0, 3)).size).toBe(3);
    expect(assignees.slice(3)).toEqual(assignees.slice(0, 3));
  });
});

describe('take next', () => {
  it('gives the most urgent, oldest ticket the agent is skilled for, and nothing beyond their skills', async () => {
    const { app } = createTestApp();
    const agent = await createSignedInUser(app);
    await makeTeam(`award-${Date.now()}`, ['ar'], ['award'], [agent.user.id]);
    const oldNormal = await postTicket(app, agent.cookie, { language: 'ar', topic: 'award', priority: 'normal' });
    const urgent = await postTicket(app, agent.cookie, { language: 'ar', topic: 'award', priority: 'urgent' });
    await postTicket(app, agent.cookie, { language: 'en', topic: 'data-protection', priority: 'urgent' });

    const first = await app.request('/api/tickets/take-next', { method: 'POST', headers: { Cookie: agent.cookie } });
    expect(first.status).toBe(200);
    expect(await json(first)).toMatchObject({ id: urgent.id, assigneeId: agent.user.id, status: 'open' });
    expect((await json(await app.request('/api/tickets/take-next', { method: 'POST', headers: { Cookie: agent.cookie } }))).id).toBe(oldNormal.id);
    const none = await app.request('/api/tickets/take-next', { method: 'POST', headers: { Cookie: agent.cookie } });
    expect(none.status).toBe(404);
    // The English data-protection ticket still waits, for skills the agent's team lacks.
    expect((await json(none)).error).toMatchObject({ message: 'the tickets waiting are for other teams or skills', details: { reason: 'none-for-your-teams' } });
  });

  it('never gives the same ticket to two agents taking at once', async () => {
    const { app } = createTestApp();
    const agents = [];
    // One after another: sign-ins in flight count against the per-address limit until they succeed.
    for (let index = 0; index < 6; index += 1) agents.push(await createSignedInUser(app));
    await makeTeam(`rush-${Date.now()}`, ['fr'], ['training'], agents.map((agent) => agent.user.id));
    const tickets = [];
    for (let index = 0; index < 3; index += 1) tickets.push(await postTicket(app, agents[0]!.cookie, { language: 'fr', topic: 'training' }));

    const responses = await Promise.all(agents.map((agent) => app.request('/api/tickets/take-next', { method: 'POST', headers: { Cookie: agent.cookie } })));
    const taken = await Promise.all(responses.filter((response) => response.status === 200).map((response) => json(response)));
    expect(responses.filter((response) => response.status === 404)).toHaveLength(3);
    expect(new Set(taken.map((ticket) => ticket.id))).toEqual(new Set(tickets.map((ticket) => ticket.id)));
    expect(new Set(taken.map((ticket) => ticket.assigneeId)).size).toBe(3);
    for (const ticket of taken) {
      const audit = await json(await app.request(`/api/tickets/${ticket.id}/audit`, { headers: { Cookie: agents[0]!.cookie } }));
      expect(audit.items.filter((item: { changes: Array<{ field: string }> }) => item.changes.some((change) => change.field === 'assigneeId'))).toHaveLength(1);
    }
  });
});

describe('presence', () => {
  it('lets an agent set their presence, tells supervisors, and refuses offline or unknown states', async () => {
    const { app } = createTestApp();
    const agent = await createSignedInUser(app);
    const supervisor = await createSignedInUser(app, 'supervisor');
    const response = await setPresence(app, agent.cookie, 'wrap-up');
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ userId: agent.user.id, state: 'wrap-up' });
    expect((await setPresence(app, agent.cookie, 'offline')).status).toBe(400);
    expect((await setPresence(app, agent.cookie, 'sleeping')).status).toBe(400);

    const list = await json(await app.request('/api/presence', { headers: { Cookie: supervisor.cookie } }));
    expect(list.items.find((item: { userId: string }) => item.userId === agent.user.id)?.state).toBe('wrap-up');
    expect((await app.request('/api/presence', { headers: { Cookie: agent.cookie } })).status).toBe(403);
    // Announced to the supervisors' room as the socket fan-out reads the change feed, a moment later.
    const announced = async () => (await RealtimeEventModel.findOne({ event: 'agent.presence', room: 'role:supervisor', 'payload.userId': agent.user.id }).lean())?.payload.state;
    await expect.poll(announced, { timeout: 5_000 }).toBe('wrap-up');
  });
  it('two nodes taking at once still give each ticket to one agent, and agents on one node each get a different ticket', async () => {
    const first = createTestApp();
    const second = createTestApp({}, first.sessionSettings.secret);
    const agents = [];
    for (let index = 0; index < 8; index += 1) agents.push(await createSignedInUser(first.app));
    await makeTeam(`two-nodes-${Date.now()}`, ['en'], ['participation'], agents.map((agent) => agent.user.id));
    const tickets = [];
    for (let index = 0; index < 5; index += 1) tickets.push(await postTicket(first.app, agents[0]!.cookie, { language: 'en', topic: 'participation' }));

    // Half the agents ask the first node, half the second; the second node's directory is loaded by its first take.
    const responses = await Promise.all(
      agents.map((agent, index) => (index % 2 === 0 ? first : second).app.request('/api/tickets/take-next', { method: 'POST', headers: { Cookie: agent.cookie } })),
    );
    const taken = await Promise.all(responses.filter((response) => response.status === 200).map((response) => json(response)));
    expect(new Set(taken.map((ticket) => ticket.id)).size).toBe(taken.length);
    expect(taken.length).toBeGreaterThanOrEqual(4);
    for (const ticket of taken) expect(tickets.map((created) => created.id)).toContain(ticket.id);
    for (const ticket of tickets) {
      const audit = await json(await first.app.request(`/api/tickets/${ticket.id}/audit`, { headers: { Cookie: agents[0]!.cookie } }));
      expect(audit.items.filter((item: { changes: Array<{ field: string }> }) => item.changes.some((change) => change.field === 'assigneeId')).length).toBeLessThanOrEqual(1);
    }
    // What is left is still there for the next agent who asks.
    const remaining = tickets.length - taken.length;
    const later = await Promise.all(agents.slice(0, remaining).map((agent) => first.app.request('/api/tickets/take-next', { method: 'POST', headers: { Cookie: agent.cookie } })));
    expect(later.map((response) => response.status)).toEqual(later.map(() => 200));
  });
});
