import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ZPortalRequestStatus } from '@mowakaba/shared/schemas/portal';
import { ZMergeTicketResult, ZTicketAudit, ZTicketTimeline, type TTicket } from '@mowakaba/shared/schemas/tickets';
import { rebuildTicketSearch } from '../../server/src/modules/ticket-search/index.js';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { rebuildTimelinePages } from '../../server/src/modules/tickets/timeline-pages.js';
import { applyTicketChange } from '../../server/src/modules/tickets/ticket.store.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { followSearchIndex, searchAs } from '../helpers/ticket-search.js';
import { createTwilioTestApp, type TwilioTestApp } from '../helpers/twilio.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const merge = (app: TwilioTestApp, cookie: string, sourceId: string, body: unknown) =>
  app.request(`/api/tickets/${sourceId}/merge`, jsonRequest('POST', body, cookie));

async function timelineOf(app: TwilioTestApp, cookie: string, ticketId: string) {
  const response = await app.request(`/api/tickets/${ticketId}/timeline?limit=100`, { headers: { Cookie: cookie } });
  expect(response.status).toBe(200);
  return ZTicketTimeline.parse(await json(response)).items;
}

async function auditOf(app: TwilioTestApp, cookie: string, ticketId: string) {
  const response = await app.request(`/api/tickets/${ticketId}/audit`, { headers: { Cookie: cookie } });
  return ZTicketAudit.parse(await json(response)).items.flatMap((entry) => entry.changes.map((change) => ({ actorId: entry.actorId, ...change })));
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = await json(response);
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  return body.error;
}

describe('merging a duplicate ticket', () => {
  it('moves the history, calls and portal conversation of the duplicate to the target, closes it with a pointer, and search follows', async () => {
    const { app, hub } = createTwilioTestApp({ mode: 'simulated' });
    const index = followSearchIndex(hub);
    const agent = await createSignedInUser(app);
    const association = await postAssociation(app, agent.cookie, { contacts: [{ name: 'Amina', role: '', phones: ['0663030399'], emails: [] }] });
    const portal = await app.request(
      '/api/portal/requests',
      jsonRequest('POST', { associationName: 'جمعية الأمل', phone: '0663030399', subject: 'تجديد المكتب', description: 'أول طلب عبر البوابة', language: 'ar', topic: 'founding', consent: true }),
    );
    const { reference, followUpCode } = await json(portal);
    const sourceId = (await json(await app.request(`/api/tickets?q=${reference}`, { headers: { Cookie: agent.cookie } }))).items[0].id as string;
    const target: TTicket = await postTicket(app, agent.cookie, { associationId: association.id, contactId: association.contacts[0].id, subject: 'مكالمة حول تجديد المكتب' });
    expect((await app.request(`/api/tickets/${sourceId}/entries`, jsonRequest('POST', { kind: 'internal-note', body: 'الوصل المؤقت zanbaqa' }, agent.cookie))).status).toBe(201);
    const placed = await app.request('/api/calls', jsonRequest('POST', { ticketId: sourceId }, agent.cookie));
    expect(placed.status).toBe(201);
    const { callSid } = await json(placed);
    await index.settle();
    expect((await searchAs(app, agent.cookie, 'zanbaqa')).results.map((result) => result.ticket.id)).toEqual([sourceId]);

    const source: TTicket = await json(await app.request(`/api/tickets/${sourceId}`, { headers: { Cookie: agent.cookie } }));
    const response = await merge(app, agent.cookie, sourceId, { targetTicketId: target.id, version: source.version });
    expect(response.status).toBe(200);
    const result = ZMergeTicketResult.parse(await json(response));
    expect(result.source).toMatchObject({ id: sourceId, status: 'closed', mergedIntoId: target.id });
    expect(result.target).toMatchObject({ id: target.id, status: target.status, mergedIntoId: null });

    const targetTimeline = await timelineOf(app, agent.cookie, target.id);
    expect(targetTimeline.map((entry) => entry.body)).toContain('الوصل المؤقت zanbaqa');
    expect(targetTimeline.some((entry) => entry.kind === 'call' && entry.data?.callSid === callSid)).toBe(true);
    expect(targetTimeline.find((entry) => entry.kind === 'merge')?.data).toMatchObject({ direction: 'from', ticketId: sourceId, reference, description: 'أول طلب عبر البوابة' });
    const sourceTimeline = await timelineOf(app, agent.cookie, sourceId);
    expect(sourceTimeline.map((entry) => [entry.kind, entry.data?.direction ?? entry.data?.to])).toEqual([
      ['merge', 'into'],
      ['status-change', 'closed'],
    ]);
    expect(sourceTimeline[0]!.data).toMatchObject({ ticketId: target.id, reference: target.reference });

    expect(await auditOf(app, agent.cookie, sourceId)).toEqual(
      expect.arrayContaining([
        { actorId: agent.user.id, field: 'mergedIntoId', from: null, to: target.id },
        { actorId: agent.user.id, field: 'status', from: 'new', to: 'closed' },
      ]),
    );
    expect(await auditOf(app, agent.cookie, target.id)).toContainEqual({ actorId: agent.user.id, field: 'mergedFrom', from: null, to: reference });

    const call = await json(await app.request(`/api/calls/${callSid}`, { headers: { Cookie: agent.cookie } }));
    expect(call.ticketId).toBe(target.id);

    await index.settle();
    expect((await searchAs(app, agent.cookie, 'zanbaqa')).results.map((found) => found.ticket.id)).toEqual([target.id]);
    index.stop();
    // What the change feed left equals a rebuild from the records.
    await rebuildTicketSearch();
    expect((await searchAs(app, agent.cookie, 'zanbaqa')).results.map((found) => found.ticket.id)).toEqual([target.id]);
    await rebuildTimelinePages();
    expect(await timelineOf(app, agent.cookie, target.id)).toEqual(targetTimeline);
    expect(await timelineOf(app, agent.cookie, sourceId)).toEqual(sourceTimeline);

    // The association follows its first reference: it reads and answers the target's conversation.
    const follow = await app.request('/api/portal/requests/lookup', jsonRequest('POST', { reference, code: followUpCode }));
    expect(ZPortalRequestStatus.parse(await json(follow)).reference).toBe(target.reference);
    const answer = await app.request('/api/portal/requests/reply', jsonRequest('POST', { reference, code: followUpCode, body: 'شكرا، هذه الوثائق' }));
    expect(answer.status).toBe(200);
    expect((await timelineOf(app, agent.cookie, target.id)).map((entry) => entry.body)).toContain('شكرا، هذه الوثائق');
  });

  it('refuses a stale version, a merge into itself, a second merge, a merge into a merged ticket, and bad bodies, each with its 4xx', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const [first, second, third] = [await postTicket(app, agent.cookie), await postTicket(app, agent.cookie), await postTicket(app, agent.cookie)];

    await expectError(await merge(app, agent.cookie, first.id, { targetTicketId: first.id, version: first.version }), 409, 'conflict');
    await expectError(await merge(app, agent.cookie, first.id, { targetTicketId: second.id, version: first.version + 7 }), 409, 'conflict');
    await expectError(await merge(app, agent.cookie, first.id, { targetTicketId: new mongoose.Types.ObjectId().toString(), version: first.version }), 404, 'not_found');
    const invalid = await expectError(await merge(app, agent.cookie, first.id, { targetTicketId: 'T-2026-1', version: -1 }), 400, 'validation_failed');
    expect(invalid.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['targetTicketId', 'version']);

    const merged = ZMergeTicketResult.parse(await json(await merge(app, agent.cookie, first.id, { targetTicketId: second.id, version: first.version })));
    await expectError(await merge(app, agent.cookie, first.id, { targetTicketId: third.id, version: merged.source.version }), 409, 'conflict');
    await expectError(await merge(app, agent.cookie, third.id, { targetTicketId: first.id, version: third.version }), 409, 'conflict');
    const answer = await app.request(`/api/tickets/${first.id}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'متأخر' }, agent.cookie));
    expect((await expectError(answer, 409, 'conflict')).details).toEqual({ mergedIntoId: second.id });
  });

  it('of two merges of the same duplicate sent at once, exactly one happens', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const source = await postTicket(app, agent.cookie);
    const targets = [await postTicket(app, agent.cookie), await postTicket(app, agent.cookie)];
    const responses = await Promise.all(targets.map((target) => merge(app, agent.cookie, source.id, { targetTicketId: target.id, version: source.version })));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const winner = targets[responses.findIndex((response) => response.status === 200)]!;
    const loser = targets.find((target) => target !== winner)!;
    const after = await json(await app.request(`/api/tickets/${source.id}`, { headers: { Cookie: agent.cookie } }));
    expect(after).toMatchObject({ status: 'closed', mergedIntoId: winner.id });
    expect((await timelineOf(app, agent.cookie, winner.id)).filter((entry) => entry.kind === 'merge')).toHaveLength(1);
    expect((await timelineOf(app, agent.cookie, loser.id)).filter((entry) => entry.kind === 'merge')).toHaveLength(0);
    expect((await timelineOf(app, agent.cookie, source.id)).filter((entry) => entry.kind === 'merge')).toHaveLength(1);
  });

  it('a merge cut short after marking the duplicate is finished by asking again with its current version', async () => {
    const { app, hub } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const [source, target] = [await postTicket(app, agent.cookie), await postTicket(app, agent.cookie)];
    expect((await app.request(`/api/tickets/${source.id}/entries`, jsonRequest('POST', { kind: 'internal-note', body: 'قبل الانقطاع' }, agent.cookie))).status).toBe(201);
    // The process stopped right after the first step of a merge.
    const marked = await applyTicketChange(
      source.id,
      'latest',
      () => ({ set: { mergedIntoId: target.id }, changes: [{ field: 'mergedIntoId', from: null, to: target.id }], timeline: [] }),
      { actor: null, publisher: hub },
    );
    const finished = await merge(app, agent.cookie, source.id, { targetTicketId: target.id, version: marked.after.version });
    expect(finished.status).toBe(200);
    expect(ZMergeTicketResult.parse(await json(finished)).source).toMatchObject({ status: 'closed', mergedIntoId: target.id });
    expect((await timelineOf(app, agent.cookie, target.id)).map((entry) => entry.body)).toContain('قبل الانقطاع');
  });

  it('needs access to both tickets: an agent cannot merge into another team’s ticket', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const agent = await createSignedInUser(app);
    const supervisor = await createSignedInUser(app, 'supervisor');
    const team = await TeamModel.create({ key: `merge-other-${Date.now()}`, name: { ar: 'أخرى', fr: 'Autre', en: 'Other' }, memberIds: [] });
    const mine = await postTicket(app, agent.cookie);
    const theirs = await postTicket(app, supervisor.cookie);
    const moved = await app.request(`/api/tickets/${theirs.id}`, jsonRequest('PATCH', { version: theirs.version, teamId: team._id.toString() }, supervisor.cookie));
    expect(moved.status).toBe(200);

    await expectError(await merge(app, agent.cookie, mine.id, { targetTicketId: theirs.id, version: mine.version }), 403, 'forbidden');
    expect(await json(await app.request(`/api/tickets/${mine.id}`, { headers: { Cookie: agent.cookie } }))).toMatchObject({ status: mine.status, mergedIntoId: null });
    expect((await merge(app, supervisor.cookie, mine.id, { targetTicketId: theirs.id, version: mine.version })).status).toBe(200);
  });
});
