import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

interface PlanStage {
  stage?: string;
  inputStage?: PlanStage;
  inputStages?: PlanStage[];
}

function stagesOf(stage: PlanStage | undefined): string[] {
  if (!stage) return [];
  return [String(stage.stage), ...stagesOf(stage.inputStage), ...(stage.inputStages ?? []).flatMap(stagesOf)];
}

// FerretDB has no query plans to judge (it reads whole collections for any filter but `_id`): this
// runs when MONGODB_URI points at a MongoDB server, as `npm test` does in that setup.
describe.skipIf(!process.env.MONGODB_URI)('list queries on MongoDB', () => {
  it('every read a list, a history page, a search by reference or phone and take-next make on the tickets is answered from an index, never a collection scan', async () => {
    const { app, ticketDirectory } = createTestApp();
    const { cookie } = await createSignedInUser(app, 'supervisor');
    const association = await postAssociation(app, cookie, { contacts: [{ name: 'Amina', role: '', phones: ['0612345678'], emails: [] }] });
    const tickets = [];
    for (let index = 0; index < 12; index += 1) {
      tickets.push(await postTicket(app, cookie, { priority: index % 2 ? 'high' : 'low', ...(index % 3 === 0 ? { associationId: association.id, contactId: association.contacts[0].id } : {}) }));
    }
    for (const ticket of tickets.slice(0, 5)) await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: 0, status: 'closed' }, cookie));
    await ticketDirectory.ensureLoaded();

    const reads: Array<{ collection: string; filter: Record<string, unknown>; options: Record<string, unknown> }> = [];
    mongoose.set('debug', (collection: string, method: string, filter: unknown, options: unknown) => {
      if (method === 'find' || method === 'findOne') reads.push({ collection, filter: (filter ?? {}) as Record<string, unknown>, options: (options ?? {}) as Record<string, unknown> });
    });
    try {
      const month = encodeURIComponent(new Date(Date.now() - 30 * 86_400_000).toISOString());
      for (const query of [
        'status=new,open,pending,on-hold', '', 'sort=-createdAt', 'sort=updatedAt', 'status=closed&sort=-updatedAt', 'priority=high', 'topic=funding',
        'channel=voice', 'region=souss-massa', 'tag=budget', 'assignee=none', `team=mine`, `associationId=${association.id}`, `createdFrom=${month}`, `solvedFrom=${month}`,
        `q=${tickets[3]!.reference}`, 'q=0612345678', 'limit=2',
      ]) {
        const response = await app.request(`/api/tickets?${query}`, { headers: { Cookie: cookie } });
        expect({ query, status: response.status }).toEqual({ query, status: 200 });
      }
      await app.request('/api/tickets/take-next', jsonRequest('POST', {}, cookie));
    } finally {
      mongoose.set('debug', false);
    }

    const ticketReads = reads.filter((read) => read.collection === 'tickets' || read.collection === 'ticket_directory');
    expect(ticketReads.length).toBeGreaterThan(0);
    for (const read of ticketReads) {
      const { sort, limit, projection } = read.options as { sort?: Record<string, 1 | -1>; limit?: number; projection?: Record<string, 1> };
      const explained = (await mongoose.connection.db!.collection(read.collection).find(read.filter, { sort, limit, projection }).explain('queryPlanner')) as {
        queryPlanner: { winningPlan: PlanStage & { queryPlan?: PlanStage } };
      };
      const winning = explained.queryPlanner.winningPlan;
      expect(winning).toBeDefined();
      expect({ read, stages: stagesOf(winning.queryPlan ?? winning) }).not.toEqual(expect.objectContaining({ stages: expect.arrayContaining(['COLLSCAN']) }));
    }
  });
});
