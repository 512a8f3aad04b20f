import { describe, expect, it } from 'vitest';
import { JobModel } from '../../server/src/jobs/job.model.js';
import { runDueJobs } from '../../server/src/jobs/job-runner.js';
import { AgentStateModel } from '../../server/src/modules/presence/agent-state.model.js';
import { createSlaCheckHandler, SLA_CHECK_JOB } from '../../server/src/modules/sla/sla.service.js';
import { TicketEntryModel } from '../../server/src/modules/tickets/ticket-entry.model.js';
import { TICKET_ENTRY_STREAM, TICKET_STREAM } from '../../server/src/modules/tickets/ticket.store.js';
import { getStorage } from '../../server/src/platform/storage/index.js';
import { RealtimeEventModel } from '../../server/src/realtime/realtime-event.model.js';
import { createSignedInUser, createTestUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket, ticketInput } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createInterruptibleApp } from '../helpers/interrupted-changes.js';
import { createTestApp } from '../helpers/test-app.js';
import { followSearchIndex, searchAs } from '../helpers/ticket-search.js';
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

describe('a change whose node could not finish it', () => {
  const announcedVersions = async (ticketId: string, event: string) =>
    [...new Set((await RealtimeEventModel.find({ event, 'payload.ticket.id': ticketId }).lean()).map((stored) => (stored.payload as { ticket: { version: number } }).ticket.version))];

  it('is saved for the agent, and a minute later announced with its audit and timeline entries written once', async () => {
    const { app, state, recover } = createInterruptibleApp();
    const agent = await createSignedInUser(app);
    const ticket = await postTicket(app, agent.cookie);
    state.interrupted = true;
    const response = await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: ticket.version, status: 'pending' }, agent.cookie));
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ status: 'pending', version: ticket.version + 1 });
    state.interrupted = false;
    // Nobody heard of it: no console, no follower of the change feed.
    expect(await announcedVersions(ticket.id, 'ticket.updated')).toEqual([]);

    // A change still under way is not taken for an interrupted one.
    expect(await recover(30)).toEqual([]);
    // The change's note covers its status-change entry too: one note, one finish.
    expect(await recover(61)).toEqual([{ kind: TICKET_STREAM, recordId: ticket.id }]);
    expect(await announcedVersions(ticket.id, 'ticket.updated')).toEqual([ticket.version + 1]);
    // Written once, though the node had written some of it before it died.
    const audit = await auditOf(app, agent.cookie, ticket.id);
    expect(audit.filter((item) => item.changes.some((change) => change.field === 'status'))).toHaveLength(1);
    const timeline = await json(await app.request(`/api/tickets/${ticket.id}/timeline`, { headers: { Cookie: agent.cookie } }));
    expect(timeline.items.filter((entry: { kind: string }) => entry.kind === 'status-change')).toHaveLength(1);
    // Finished: the next pass has nothing left.
    expect(await recover(61)).toEqual([]);
  });

  it('a ticket created as the node died reaches the queue, its association history and its SLA timer', async () => {
    const { app, state, recover, ticketDirectory } = createInterruptibleApp();
    const agent = await createSignedInUser(app);
    const association = await postAssociation(app, agent.cookie);
    // A node already running: its queue follows the change feed.
    await ticketDirectory.ensureLoaded();
    state.interrupted = true;
    const response = await app.request('/api/tickets', jsonRequest('POST', ticketInput({ associationId: association.id }), agent.cookie));
    expect(response.status).toBe(201);
    const ticket = await json(response);
    state.interrupted = false;
    await ticketDirectory.settled();
    expect(ticketDirectory.activeTickets().map((live) => live.id)).not.toContain(ticket.id);

    expect(await recover(61)).toContainEqual({ kind: TICKET_STREAM, recordId: ticket.id });
    await expect.poll(() => announcedVersions(ticket.id, 'ticket.created')).toEqual([ticket.version]);
    await expect.poll(async () => {
      await ticketDirectory.settled();
      return ticketDirectory.activeTickets().map((live) => live.id);
    }).toContain(ticket.id);
    const history = await json(await app.request(`/api/associations/${association.id}/timeline`, { headers: { Cookie: agent.cookie } }));
    expect(history.items.map((item: { ticket?: { id: string } }) => item.ticket?.id)).toContain(ticket.id);
    expect(await JobModel.countDocuments({ type: SLA_CHECK_JOB, 'payload.ticketId': ticket.id })).toBe(1);
  });

  it('a change that cannot be finished yet goes to the back and is finished at a later pass', async () => {
    const { app, state, recover } = createInterruptibleApp();
    const agent = await createSignedInUser(app);
    const ticket = await postTicket(app, agent.cookie);
    state.interrupted = true;
    expect((await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: ticket.version, priority: 'high' }, agent.cookie))).status).toBe(200);
    const notedAt = async () => (await getStorage().journal.readOpenedBefore(new Date(Date.now() + 3_600_000), 1_000)).filter((note) => note.recordId === ticket.id).map((note) => note.openedAt.getTime());
    const [firstNoted] = await notedAt();
    // The feed is still out of reach at the first pass.
    const failed = (await recover(61)).filter((outcome) => outcome.recordId === ticket.id);
    expect(failed).toEqual([{ kind: TICKET_STREAM, recordId: ticket.id, error: expect.any(Error) }]);
    // Noted again, at the back.
    const notedAgain = await notedAt();
    expect(notedAgain).toHaveLength(1);
    expect(notedAgain[0]).toBeGreaterThan(firstNoted!);
    state.interrupted = false;
    expect((await recover(61)).filter((outcome) => outcome.recordId === ticket.id)).toEqual([{ kind: TICKET_STREAM, recordId: ticket.id }]);
    expect(await announcedVersions(ticket.id, 'ticket.updated')).toEqual([ticket.version + 1]);
  });

  it('a refused change leaves nothing for the recovery pass', async () => {
    const { app, recover } = createInterruptibleApp();
    const agent = await createSignedInUser(app);
    const ticket = await postTicket(app, agent.cookie);
    await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: ticket.version, status: 'pending' }, agent.cookie));
    const stale = await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: ticket.version, status: 'open' }, agent.cookie));
    expect(stale.status).toBe(409);
    expect((await recover(61)).filter((finished) => finished.recordId === ticket.id)).toEqual([]);
  });

  it('a note written as the node died is found by ticket search a minute later, once', async () => {
    const { app, hub, state, recover } = createInterruptibleApp();
    const search = followSearchIndex(hub);
    const agent = await createSignedInUser(app);
    const ticket = await postTicket(app, agent.cookie);
    const found = async () => {
      await search.settle();
      return (await searchAs(app, agent.cookie, 'مخطط تمويل الورشات')).results.filter((result) => result.ticket.id === ticket.id);
    };

    state.interrupted = true;
    // Saved for the agent: told of an error, she would write it again.
    const written = await app.request(`/api/tickets/${ticket.id}/entries`, jsonRequest('POST', { kind: 'internal-note', body: 'مخطط تمويل الورشات التكوينية لسنة 2027' }, agent.cookie));
    expect(written.status).toBe(201);
    state.interrupted = false;
    // The note is stored; its feed entry, which search follows, is what the node did not live to append.
    const [note] = await TicketEntryModel.find({ ticketId: ticket.id, kind: 'internal-note' }).lean();
    expect(note).toBeDefined();
    expect(await found()).toEqual([]);

    expect(await recover(61)).toContainEqual({ kind: TICKET_ENTRY_STREAM, recordId: note!._id.toString() });
    const results = await found();
    expect(results).toHaveLength(1);
    expect(results[0]!.matchedIn).toContain('internal-note');
    // Finished once: a second pass has nothing left of it.
    expect((await recover(62)).filter((outcome) => outcome.recordId === note!._id.toString())).toEqual([]);
    search.stop();
  });
});
