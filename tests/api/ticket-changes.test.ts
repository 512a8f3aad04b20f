import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../server/src/jobs/job-runner.js';
import { AgentStateModel } from '../../server/src/modules/presence/agent-state.model.js';
import { createSlaCheckHandler, SLA_CHECK_JOB } from '../../server/src/modules/sla/sla.service.js';
import { RealtimeEventModel } from '../../server/src/realtime/realtime-event.model.js';
import { createSignedInUser, createTestUser, jsonRequest } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

type AuditItem = { actorId: string | null; changes: Array<{ field: string; from: unknown; to: unknown }> };
const auditOf = async (app: ReturnType<typeof createTestApp>['app'], cookie: string, ticketId: string): Promise<AuditItem[]> =>
  (await json(await app.request(`/api/tickets/${ticketId}/audit`, { headers: { Cookie: cookie } }))).items;

describe('every ticket change leaves its audit entry', () => {
  it('the first public reply is audited with who answered and when; later replies change nothing', async () => {
    const { app } = createTestApp();
    const agent = await createSignedInUser(app);
    const ticket = await postTicket(app, agent.cookie);
    const reply = await json(await app.request(`/api/tickets/${ticket.id}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'Bonjour, voici la marche à suivre.' }, agent.cookie)));
    await app.request(`/api/tickets/${ticket.id}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'Encore une précision.' }, agent.cookie));

    const audit = await auditOf(app, agent.cookie, ticket.id);
    // The first reply also opens the new ticket: its own audited change.
    expect(audit.slice(1)).toEqual([
      expect.objectContaining({ actorId: agent.user.id, changes: [{ field: 'sla.firstRespondedAt', from: null, to: reply.createdAt }] }),
      expect.objectContaining({ actorId: agent.user.id, changes: [{ field: 'status', from: 'new', to: 'open' }] }),
    ]);
    const current = await json(await app.request(`/api/tickets/${ticket.id}`, { headers: { Cookie: agent.cookie } }));
    expect(current).toMatchObject({ version: 2, status: 'open', sla: { firstRespondedAt: reply.createdAt } });
  });

  it('the SLA warning and breach flags are audited as the system', async () => {
    const { app, hub } = createTestApp();
    const agent = await createSignedInUser(app);
    const ticket = await postTicket(app, agent.cookie, { priority: 'urgent' });
    const due = Date.parse(ticket.sla.firstResponseDueAt);
    const handlers = { [SLA_CHECK_JOB]: createSlaCheckHandler(hub) };
    await runDueJobs({ now: new Date(due - 20 * 60_000), owner: 'node-a', handlers });
    await runDueJobs({ now: new Date(due + 60_000), owner: 'node-a', handlers });

    const audit = await auditOf(app, agent.cookie, ticket.id);
    expect(audit.slice(1).map((item) => [item.actorId, item.changes.map((change) => `${change.field}:${String(change.to)}`)])).toEqual([
      [null, ['sla.firstResponseWarned:true']],
      [null, ['sla.firstResponseBreached:true']],
    ]);
  });
});

describe('a saved change whose follow-up fails', () => {
  it('is answered 200 and announced even when the assignee load cannot be updated', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const assignee = await createTestUser();
    // A record the load update cannot work with (as a database refusing the write would do).
    await AgentStateModel.collection.insertOne({ _id: assignee.id as never, state: 'available', since: new Date(), activeTickets: 'not a number' as never });
    const ticket = await postTicket(app, supervisor.cookie);

    const response = await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: ticket.version, assigneeId: assignee.id }, supervisor.cookie));
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ assigneeId: assignee.id, version: ticket.version + 1 });
    const announced = await RealtimeEventModel.find({ event: 'ticket.updated', 'payload.ticket.id': ticket.id }).lean();
    expect(announced.map((event) => event.room)).toContain(`user:${assignee.id}`);
    expect((await auditOf(app, supervisor.cookie, ticket.id)).at(-1)!.changes.map((change) => change.field)).toEqual(['assigneeId']);
  });
});
