import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { CallModel } from '../../server/src/modules/calls/call.model.js';
import { CallbackTaskModel } from '../../server/src/modules/calls/callback-task.model.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { TicketEntryModel } from '../../server/src/modules/tickets/ticket-entry.model.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import type { App } from '../../server/src/app.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { followSearchIndex } from '../helpers/ticket-search.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { answerAsAgent, callParams, createTwilioTestApp, newCallSid, OPEN_HOURS, postSigned, queueCall } from '../helpers/twilio.js';

useTestDatabase();

let teamCount = 0;
/** A team serving Arabic calls and tickets on founding and funding, with these members. */
const arabicTeam = (memberIds: string[]) =>
  TeamModel.create({
    key: `arabic-${(teamCount += 1)}`,
    name: { ar: 'الفريق العربي', fr: 'Équipe arabe', en: 'Arabic team' },
    skills: { languages: ['ar'], topics: ['founding', 'funding'] },
    memberIds: memberIds.map((id) => new mongoose.Types.ObjectId(id)),
  });

const get = (app: App, path: string, cookie: string) => app.request(path, { headers: { Cookie: cookie } });

/** Two agents in two teams, and a supervisor; the first agent's team takes everything Arabic. */
async function twoTeams(app: App) {
  // Routing takes the oldest skilled team: the teams of earlier tests in this file must not take the work.
  await TeamModel.deleteMany({});
  const member = await createSignedInUser(app);
  const outsider = await createSignedInUser(app);
  const supervisor = await createSignedInUser(app, 'supervisor');
  const team = await arabicTeam([member.user.id]);
  await TeamModel.create({ key: `other-${(teamCount += 1)}`, name: { ar: 'أخرى', fr: 'Autre', en: 'Other' }, memberIds: [new mongoose.Types.ObjectId(outsider.user.id)] });
  return { member, outsider, supervisor, teamId: team._id.toString() };
}

describe('tickets of another team', () => {
  it('cannot be read, changed, answered or self-assigned by an agent outside the team, and are in none of their lists', async () => {
    const { app, hub } = createTwilioTestApp({ mode: 'simulated', now: OPEN_HOURS });
    const index = followSearchIndex(hub);
    const { member, outsider, supervisor, teamId } = await twoTeams(app);
    const ticket = await postTicket(app, supervisor.cookie, { language: 'ar', subject: 'طلب دعم لمشروع محو الأمية' });
    expect(ticket.teamId).toBe(teamId);
    const note = await app.request(`/api/tickets/${ticket.id}/entries`, jsonRequest('POST', { kind: 'internal-note', body: 'الرئيس طلب عدم الاتصال مساء' }, member.cookie));
    expect(note.status).toBe(201);

    for (const path of [`/api/tickets/${ticket.id}`, `/api/tickets/${ticket.id}/timeline`, `/api/tickets/${ticket.id}/audit`]) {
      const response = await get(app, path, outsider.cookie);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      const body = await response.text();
      expect(body).not.toContain('الرئيس طلب');
      expect(JSON.parse(body).error.code).toBe('forbidden');
    }
    const selfAssign = await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: ticket.version, assigneeId: outsider.user.id }, outsider.cookie));
    expect(selfAssign.status).toBe(403);
    // A stale version would answer 409 with the current ticket: the access check comes first.
    const stale = await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: 99, priority: 'urgent' }, outsider.cookie));
    expect(stale.status).toBe(403);
    expect(await stale.text()).not.toContain(ticket.reference);
    const reply = await app.request(`/api/tickets/${ticket.id}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'رد' }, outsider.cookie));
    expect(reply.status).toBe(403);

    const stored = await TicketModel.findById(ticket.id).lean();
    expect(stored).toMatchObject({ assigneeId: null, priority: ticket.priority, version: ticket.version });
    expect(await TicketEntryModel.countDocuments({ ticketId: ticket.id })).toBe(1);

    // The queue and the history alike, and a word search (its index follows the change feed).
    await index.settle();
    for (const query of ['status=new', 'status=new,open&sort=queue', '', 'sort=-createdAt&q=محو']) {
      const outsiderIds = (await json(await get(app, `/api/tickets?${query}`, outsider.cookie))).items.map((item: { id: string }) => item.id);
      const memberIds = (await json(await get(app, `/api/tickets?${query}`, member.cookie))).items.map((item: { id: string }) => item.id);
      expect({ query, outsider: outsiderIds.includes(ticket.id), member: memberIds.includes(ticket.id) }).toEqual({ query, outsider: false, member: true });
    }
    index.stop();

    const timeline = await json(await get(app, `/api/tickets/${ticket.id}/timeline`, member.cookie));
    expect(timeline.items.map((entry: { body: string }) => entry.body)).toContain('الرئيس طلب عدم الاتصال مساء');
    expect((await get(app, `/api/tickets/${ticket.id}/audit`, supervisor.cookie)).status).toBe(200);
  });

  it('stay open to every agent while routed to no team, and always to their assignee', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: OPEN_HOURS });
    const { outsider, supervisor, teamId } = await twoTeams(app);
    const unrouted = await postTicket(app, supervisor.cookie, { language: 'fr', topic: 'award' });
    expect(unrouted.teamId).toBeNull();
    expect((await get(app, `/api/tickets/${unrouted.id}`, outsider.cookie)).status).toBe(200);

    const assigned = await postTicket(app, supervisor.cookie, { language: 'ar' });
    expect(assigned.teamId).toBe(teamId);
    const handedOver = await app.request(`/api/tickets/${assigned.id}`, jsonRequest('PATCH', { version: assigned.version, assigneeId: outsider.user.id }, supervisor.cookie));
    expect(handedOver.status).toBe(200);
    expect((await get(app, `/api/tickets/${assigned.id}/timeline`, outsider.cookie)).status).toBe(200);
    const mine = (await json(await get(app, '/api/tickets?status=new,open&assignee=me', outsider.cookie))).items.map((item: { id: string }) => item.id);
    expect(mine).toContain(assigned.id);
  });

  it('are left out of an association’s history for agents outside the team', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: OPEN_HOURS });
    const { member, outsider, supervisor } = await twoTeams(app);
    const association = await postAssociation(app, supervisor.cookie);
    const ticket = await postTicket(app, supervisor.cookie, { language: 'ar', associationId: association.id, subject: 'ملف الدعم العمومي' });
    const historyOf = async (cookie: string) =>
      (await json(await get(app, `/api/associations/${association.id}/timeline`, cookie))).items.map((item: { ticket?: { id: string } }) => item.ticket?.id);
    expect(await historyOf(member.cookie)).toContain(ticket.id);
    expect(await historyOf(supervisor.cookie)).toContain(ticket.id);
    expect(await historyOf(outsider.cookie)).not.toContain(ticket.id);
  });
});

describe('calls waiting in another team’s queue', () => {
  it('cannot be accepted, read or listed by an agent outside the team, nor their callback tasks', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: OPEN_HOURS });
    const { member, outsider, teamId } = await twoTeams(app);
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212661777888');
    expect((await CallModel.findById(callSid).lean())).toMatchObject({ phase: 'queued', teamId: new mongoose.Types.ObjectId(teamId) });

    const accept = await app.request(`/api/calls/${callSid}/accept`, jsonRequest('POST', {}, outsider.cookie));
    expect(accept.status).toBe(403);
    expect((await json(accept)).error.code).toBe('forbidden');
    expect((await CallModel.findById(callSid).lean())).toMatchObject({ phase: 'queued', agentId: null });
    expect((await get(app, `/api/calls/${callSid}`, outsider.cookie)).status).toBe(403);
    const listed = async (cookie: string) => (await json(await get(app, '/api/calls?limit=100', cookie))).items.map((item: { callSid: string }) => item.callSid);
    expect(await listed(outsider.cookie)).not.toContain(callSid);
    expect(await listed(member.cookie)).toContain(callSid);

    // The caller asks to be called back: the task is the team's too.
    await postSigned(app, '/webhooks/twilio/voice/wait-key?lang=ar', callParams(callSid, '+212661777888', { Digits: '1' }));
    await postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', callParams(callSid, '+212661777888', { QueueResult: 'leave', QueueTime: '30' }));
    expect(await CallbackTaskModel.findById(`callback:${callSid}`).lean()).toMatchObject({ status: 'open' });
    const tasks = async (cookie: string) => (await json(await get(app, '/api/calls/callbacks?limit=100', cookie))).items.map((item: { callSid: string }) => item.callSid);
    expect(await tasks(outsider.cookie)).not.toContain(callSid);
    expect(await tasks(member.cookie)).toContain(callSid);
  });

  it('can be answered by an available agent of the team, whom it rings', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: OPEN_HOURS });
    const { member } = await twoTeams(app);
    const callSid = newCallSid();
    await queueCall(app, callSid, '+212661777999');
    const accept = await answerAsAgent(app, member, callSid);
    expect(accept.status).toBe(200);
    expect(await json(accept)).toMatchObject({ callSid, agentId: member.user.id });
  });
});
