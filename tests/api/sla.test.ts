import { describe, expect, it } from 'vitest';
import { JobModel } from '../../server/src/jobs/job.model.js';
import { runDueJobs, scheduleJob } from '../../server/src/jobs/job-runner.js';
import { computeSla, createSlaCheckHandler, getSlaContext, SLA_CHECK_JOB } from '../../server/src/modules/sla/sla.service.js';
import { DEFAULT_SLA_SETTINGS } from '../../server/src/modules/sla/default-sla-settings.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { RealtimeEventModel } from '../../server/src/realtime/realtime-event.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

describe('SLA due times', () => {
  it('sets first-response and resolution due times from the policy of the priority, in business time', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const ticket = await postTicket(app, cookie, { priority: 'urgent' });
    const { calendar } = await getSlaContext();
    const created = new Date(ticket.createdAt);
    expect(ticket.sla.firstResponseDueAt).toBe(calendar.addBusinessMinutes(created, 30).toISOString());
    expect(ticket.sla.resolutionDueAt).toBe(calendar.addBusinessMinutes(created, 240).toISOString());
    const timer = await JobModel.findOne({ 'payload.ticketId': ticket.id }).lean();
    expect(timer?.runAt.toISOString()).toBe(new Date(Date.parse(ticket.sla.firstResponseDueAt) - 30 * 60_000).toISOString());

    const lowered = await json(await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: 0, priority: 'low' }, cookie)));
    expect(lowered.sla.firstResponseDueAt).toBe(calendar.addBusinessMinutes(created, 480).toISOString());
  });

  it('pauses while pending and pushes the due times back by the business time spent paused', async () => {
    const context = await getSlaContext();
    // Monday 23 November 2026, 10:00 local.
    const createdAt = new Date('2026-11-23T09:00:00Z');
    const base = { createdAt, priority: 'normal' as const };
    const open = computeSla({ ...base, status: 'new', sla: null }, context, createdAt);
    expect(open.resolutionDueAt).not.toBeNull();

    const paused = computeSla({ ...base, status: 'pending', sla: open }, context, new Date('2026-11-23T10:00:00Z'));
    expect(paused).toMatchObject({ firstResponseDueAt: null, resolutionDueAt: null, pausedAt: new Date('2026-11-23T10:00:00Z') });

    // Back the next morning at 10:00: paused 11:00–12:30, 14:00–18:00, 09:00–10:00 = 390 business minutes.
    const resumed = computeSla({ ...base, status: 'open', sla: paused }, context, new Date('2026-11-24T09:00:00Z'));
    expect(resumed.pausedMinutes).toBe(390);
    expect(resumed.resolutionDueAt).toEqual(context.calendar.addBusinessMinutes(createdAt, DEFAULT_SLA_SETTINGS.policy.targets.normal.resolutionMinutes + 390));
  });
});

describe('SLA warnings and breaches, on a fake clock', () => {
  it('warns before the due time, then marks the breach, and says so to the team and supervisors', async () => {
    const { app, hub } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const ticket = await postTicket(app, cookie, { priority: 'urgent' });
    const due = new Date(ticket.sla.firstResponseDueAt);
    const handlers = { [SLA_CHECK_JOB]: createSlaCheckHandler(hub) };

    const warningTime = new Date(due.getTime() - 20 * 60_000);
    expect(await runDueJobs({ now: warningTime, owner: 'node-a', handlers })).toBeGreaterThanOrEqual(1);
    const warning = await RealtimeEventModel.findOne({ event: 'sla.warning', room: 'role:supervisor', 'payload.ticketId': ticket.id }).lean();
    expect(warning?.payload).toMatchObject({ target: 'first-response', breached: false, reference: ticket.reference });
    expect((await TicketModel.findById(ticket.id).lean())?.sla?.firstResponseBreached).toBe(false);
    // The same timer running twice (a retry, a second node) does not warn twice.
    await runDueJobs({ now: warningTime, owner: 'node-b', handlers });
    expect(await RealtimeEventModel.countDocuments({ event: 'sla.warning', room: 'role:supervisor', 'payload.ticketId': ticket.id })).toBe(1);

    await runDueJobs({ now: new Date(due.getTime() + 1000), owner: 'node-a', handlers });
    const stored = await TicketModel.findById(ticket.id).lean();
    expect(stored?.sla?.firstResponseBreached).toBe(true);
    const breach = await RealtimeEventModel.findOne({ event: 'sla.warning', 'payload.ticketId': ticket.id, 'payload.breached': true }).lean();
    expect(breach?.payload.target).toBe('first-response');
  });

  it('an agent’s save made just before the SLA warning is taken, while a colleague’s change in between is still refused', async () => {
    const { app, hub } = createTestApp();
    const agent = await createSignedInUser(app);
    const colleague = await createSignedInUser(app);
    const ticket = await postTicket(app, agent.cookie);
    const save = (cookie: string, changes: Record<string, unknown>) => app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', changes, cookie));
    // Urgent: first response due in 30 business minutes, warned 30 minutes before: during business
    // hours the warning is due at once (the job runs at the warning's time, whatever the hour now).
    const urgent = await json(await save(agent.cookie, { version: 0, priority: 'urgent' }));
    const warningTime = new Date(Date.parse(urgent.sla.firstResponseDueAt) - 20 * 60_000);
    await runDueJobs({ now: warningTime, owner: 'node-a', handlers: { [SLA_CHECK_JOB]: createSlaCheckHandler(hub) } });
    const warned = await TicketModel.findById(ticket.id).lean();
    expect(warned).toMatchObject({ version: urgent.version + 1, sla: { firstResponseWarned: true } });

    // Her next field, saved with the version she had: the warning is no colleague's change.
    const topic = await save(agent.cookie, { version: urgent.version, topic: 'funding' });
    expect(topic.status).toBe(200);
    expect(await json(topic)).toMatchObject({ topic: 'funding', priority: 'urgent', version: urgent.version + 2 });
    expect((await TicketModel.findById(ticket.id).lean())?.sla?.firstResponseWarned).toBe(true);

    // A colleague's change is: a save on any version before it is refused with the ticket as it is.
    const colleagueSave = await json(await save(colleague.cookie, { version: urgent.version + 2, tags: ['relance'] }));
    const stale = await save(agent.cookie, { version: urgent.version + 2, language: 'ar' });
    expect(stale.status).toBe(409);
    expect((await json(stale)).error.details.current).toMatchObject({ version: colleagueSave.version, tags: ['relance'], language: ticket.language });
    // And a version the ticket never had is refused too.
    expect((await save(agent.cookie, { version: colleagueSave.version + 1, language: 'ar' })).status).toBe(409);
  });

  it('raises nothing once the first public reply has met the target', async () => {
    const { app, hub } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const ticket = await postTicket(app, cookie, { priority: 'urgent' });
    await app.request(`/api/tickets/${ticket.id}/entries`, jsonRequest('POST', { kind: 'public-reply', body: 'Bonjour' }, cookie));
    await runDueJobs({ now: new Date(Date.now() + 365 * 86_400_000), owner: 'node-a', handlers: { [SLA_CHECK_JOB]: createSlaCheckHandler(hub) } });
    const events = await RealtimeEventModel.find({ event: 'sla.warning', 'payload.ticketId': ticket.id, 'payload.target': 'first-response' }).lean();
    expect(events).toEqual([]);
  });
});

describe('the job runner', () => {
  it('runs a due job once even when two nodes look at the same moment', async () => {
    let runs = 0;
    let finishJob!: () => void;
    const jobFinishes = new Promise<void>((resolve) => (finishJob = resolve));
    // The job goes on until a node has looked and left: the other one still holds it then.
    const handlers = {
      count: async () => {
        runs += 1;
        await jobFinishes;
      },
    };
    await scheduleJob('once', 'count', new Date('2030-01-01T00:00:00Z'), {});
    await scheduleJob('once', 'count', new Date('2030-01-01T00:00:00Z'), {});
    const now = new Date('2030-01-01T00:00:01Z');
    const passes = [runDueJobs({ now, owner: 'node-a', handlers }), runDueJobs({ now, owner: 'node-b', handlers })];
    await Promise.race(passes);
    finishJob();
    await Promise.all(passes);
    expect(runs).toBe(1);
    expect(await JobModel.exists({ _id: 'once' })).toBeNull();
  });

  it('retries a failing job later instead of losing it', async () => {
    await scheduleJob('flaky', 'fail', new Date('2030-03-01T00:00:00Z'), {});
    const handlers = {
      fail: async () => {
        throw new Error('temporary');
      },
    };
    expect(await runDueJobs({ now: new Date('2030-03-01T00:00:01Z'), owner: 'node-a', handlers })).toBe(0);
    const job = await JobModel.findById('flaky').lean();
    expect(job?.runAt.getTime()).toBeGreaterThan(new Date('2030-03-01T00:00:01Z').getTime());
    expect(job?.attempts).toBe(1);
  });
});

describe('SLA settings', () => {
  it('lets admins change targets and the calendar, validated, and lists the year’s holidays', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const agent = await createSignedInUser(app);
    const settings = structuredClone(DEFAULT_SLA_SETTINGS);
    settings.policy.targets.urgent.firstResponseMinutes = 15;
    settings.calendar.islamicCorrections = [{ year: 2026, holiday: 'eid-al-adha', shiftDays: 1 }];

    expect((await app.request('/api/sla', jsonRequest('PUT', settings, agent.cookie))).status).toBe(403);
    const saved = await app.request('/api/sla', jsonRequest('PUT', settings, admin.cookie));
    expect(saved.status).toBe(200);
    expect((await json(await app.request('/api/sla', { headers: { Cookie: agent.cookie } }))).policy.targets.urgent.firstResponseMinutes).toBe(15);

    const broken = structuredClone(settings);
    broken.calendar.weekly.mon = [{ start: '18:00', end: '09:00' }];
    expect((await app.request('/api/sla', jsonRequest('PUT', broken, admin.cookie))).status).toBe(400);

    const holidays = await json(await app.request('/api/sla/holidays?year=2026', { headers: { Cookie: agent.cookie } }));
    expect(holidays.holidays.filter((holiday: { label: string }) => holiday.label === 'Eid al-Adha')).toHaveLength(2);
    expect(holidays.holidays.some((holiday: { date: string }) => holiday.date === '2026-11-18')).toBe(true);
    expect((await app.request('/api/sla/holidays?year=1500', { headers: { Cookie: agent.cookie } })).status).toBe(400);
  });
});
