import { beforeEach, describe, expect, it } from 'vitest';
import { JobModel } from '../../server/src/jobs/job.model.js';
import { runDueJobs, type JobHandler } from '../../server/src/jobs/job-runner.js';
import { MessageModel } from '../../server/src/modules/messages/message.model.js';
import { createSatisfactionSurveyHandler, SATISFACTION_SURVEY_JOB, SURVEY_DELAY_MS } from '../../server/src/modules/messages/messages.service.js';
import { createSlaCheckHandler, SLA_CHECK_JOB } from '../../server/src/modules/sla/sla.service.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { RealtimeEventModel } from '../../server/src/realtime/realtime-event.model.js';
import { createTwilioGateway } from '../../server/src/twilio/twilio-gateway.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { useManualClock, useTestDatabase } from '../helpers/test-database.js';
import { CENTER_NUMBER, LocalTwilioHttpClient, TEST_ACCOUNT_SID, createTwilioTestApp, newMessageSid, postSigned, useFakeTwilioApi } from '../helpers/twilio.js';

useTestDatabase();
// Leases follow this clock: a node "stalls" when a test jumps it forward with no renewal running.
const clock = useManualClock();
const api = useFakeTwilioApi();

const LEASE_MS = 30_000;

// A job a test left due would be run by the next test's nodes.
beforeEach(async () => {
  await JobModel.deleteMany({});
});

/** A solved SMS ticket whose survey job is due, and the survey handler as a node runs it. */
async function solvedSmsTicket(phone: string) {
  const { app, hub, config } = createTwilioTestApp({ mode: 'real', api });
  const agent = await createSignedInUser(app);
  const messageSid = newMessageSid();
  const inbound = await postSigned(app, '/webhooks/twilio/messaging', { MessageSid: messageSid, AccountSid: TEST_ACCOUNT_SID, From: phone, To: CENTER_NUMBER, Body: 'Bonjour, une question', NumMedia: '0' });
  expect(inbound.status).toBe(200);
  const ticketId = (await MessageModel.findById(messageSid).lean())!.ticketId!.toString();
  const solved = await json(await app.request(`/api/tickets/${ticketId}`, jsonRequest('PATCH', { version: 0, status: 'solved' }, agent.cookie)));
  expect(solved.status).toBe('solved');
  const survey = createSatisfactionSurveyHandler({ publisher: hub, twilio: createTwilioGateway(config, { httpClient: new LocalTwilioHttpClient(api.url) }) });
  const dueAt = new Date(clock.now().getTime() + SURVEY_DELAY_MS + 60_000);
  const runSurveys = (owner: string, handler: JobHandler = survey) =>
    runDueJobs({ now: dueAt, owner, handlers: { [SATISFACTION_SURVEY_JOB]: handler }, leaseMs: LEASE_MS, types: [SATISFACTION_SURVEY_JOB] });
  const surveysSent = () => api.requests.filter((request) => request.form.To === phone && /satisfait/.test(String(request.form.Body))).length;
  const outboundStored = () => MessageModel.countDocuments({ ticketId, direction: 'outbound' });
  return { survey, runSurveys, surveysSent, outboundStored };
}

/** Jumps the clock past the lease with no renewal running: the node stalled (a long pause, a frozen VM). */
const stallPastLease = () => clock.set(new Date(clock.now().getTime() + LEASE_MS + 1));

describe('a job whose lease lapsed', () => {
  it('sends no survey and stores nothing once its lease lapsed, and the survey goes out once on the next pass', async () => {
    const { survey, runSurveys, surveysSent, outboundStored } = await solvedSmsTicket('+212667171701');
    const stalled: JobHandler = async (job, now, run) => {
      stallPastLease();
      await survey(job, now, run);
    };

    expect(await runSurveys('node-a', stalled)).toBe(0);
    expect(surveysSent()).toBe(0);
    expect(await outboundStored()).toBe(0);

    expect(await runSurveys('node-b')).toBe(1);
    expect(surveysSent()).toBe(1);
    expect(await outboundStored()).toBe(1);
  });

  it('sends the survey once when another node took the job over while the first one stalled', async () => {
    const { survey, runSurveys, surveysSent, outboundStored } = await solvedSmsTicket('+212667171702');
    const stalled: JobHandler = async (job, now, run) => {
      stallPastLease();
      // Node B finds the lease lapsed, takes the job and sends the survey; then node A wakes up.
      expect(await runSurveys('node-b')).toBe(1);
      await survey(job, now, run);
    };

    expect(await runSurveys('node-a', stalled)).toBe(0);
    expect(surveysSent()).toBe(1);
    expect(await outboundStored()).toBe(1);
    expect(await runSurveys('node-c')).toBe(0);
    expect(surveysSent()).toBe(1);
  });

  it('raises no SLA warning and marks nothing once its lease lapsed; the next pass warns once', async () => {
    const { app, hub } = createTwilioTestApp({ mode: 'simulated' });
    const { cookie } = await createSignedInUser(app);
    const ticket = await postTicket(app, cookie, { priority: 'urgent' });
    const warningTime = new Date(Date.parse(ticket.sla.firstResponseDueAt) - 20 * 60_000);
    const check = createSlaCheckHandler(hub);
    const stalled: JobHandler = async (job, now, run) => {
      stallPastLease();
      await check(job, now, run);
    };
    const runChecks = (owner: string, handler: JobHandler) => runDueJobs({ now: warningTime, owner, handlers: { [SLA_CHECK_JOB]: handler }, leaseMs: LEASE_MS, types: [SLA_CHECK_JOB] });
    const warnings = () => RealtimeEventModel.countDocuments({ event: 'sla.warning', room: 'role:supervisor', 'payload.ticketId': ticket.id });

    expect(await runChecks('node-a', stalled)).toBe(0);
    expect(await warnings()).toBe(0);
    expect((await TicketModel.findById(ticket.id).lean())?.sla?.firstResponseWarned).toBe(false);

    expect(await runChecks('node-b', check)).toBe(1);
    expect(await warnings()).toBe(1);
    expect((await TicketModel.findById(ticket.id).lean())?.sla?.firstResponseWarned).toBe(true);
  });
});
