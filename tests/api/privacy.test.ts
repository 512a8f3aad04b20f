import { describe, expect, it } from 'vitest';
import { ZErrorBody } from '@mowakaba/shared/errors';
import { ZAuditLogPage, ZErasureReport, ZRecordingAccessPage, ZRetentionState } from '@mowakaba/shared/schemas/privacy';
import { runDueJobs } from '../../server/src/jobs/job-runner.js';
import { CallModel } from '../../server/src/modules/calls/call.model.js';
import { MessageModel } from '../../server/src/modules/messages/message.model.js';
import { RETENTION_JOB, createRetentionJobHandler, nextRetentionRun, scheduleRetention } from '../../server/src/modules/privacy/retention.service.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { ROUTE_ACCESS } from '../../server/src/access/route-access.js';
import { AUDITED_ROUTES, NOT_AUDITED_BY_REQUEST } from '../../server/src/modules/audit/audit-requests.middleware.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { createTwilioGateway } from '../../server/src/twilio/twilio-gateway.js';
import { RecordingDeletionModel } from '../../server/src/modules/calls/recording-deletion.model.js';
import {
  CENTER_NUMBER,
  CLOSED_HOURS,
  LocalTwilioHttpClient,
  TEST_ACCOUNT_SID,
  createTwilioTestApp,
  newCallSid,
  newMessageSid,
  newRecordingSid,
  postSigned,
  useFakeTwilioApi,
  type TwilioTestApp,
} from '../helpers/twilio.js';

useTestDatabase();
const twilioApi = useFakeTwilioApi();

const get = (app: TwilioTestApp, path: string, cookie?: string) => app.request(path, { headers: cookie ? { Cookie: cookie } : {} });

async function auditPage(app: TwilioTestApp, cookie: string, query: string) {
  const response = await get(app, `/api/audit-log?${query}`, cookie);
  expect(response.status).toBe(200);
  return ZAuditLogPage.parse(await response.json());
}

function sendSms(app: TwilioTestApp, from: string, body: string) {
  return postSigned(app, '/webhooks/twilio/messaging', { MessageSid: newMessageSid(), AccountSid: TEST_ACCOUNT_SID, From: from, To: CENTER_NUMBER, Body: body, NumMedia: '0' });
}

async function leaveVoicemail(app: TwilioTestApp, from: string) {
  const callSid = newCallSid();
  const recordingSid = newRecordingSid();
  expect((await postSigned(app, '/webhooks/twilio/voice', { CallSid: callSid, From: from, To: CENTER_NUMBER, Direction: 'inbound', CallStatus: 'ringing' })).status).toBe(200);
  const recording = {
    CallSid: callSid,
    RecordingSid: recordingSid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Recordings/${recordingSid}`,
    RecordingStatus: 'completed',
    RecordingDuration: '2',
  };
  expect((await postSigned(app, '/webhooks/twilio/voice/recording?kind=voicemail', recording)).status).toBe(200);
  return { callSid, recordingSid };
}

describe('the audit log', () => {
  it('records who read and changed which ticket and who listened to a recording; admins read, filter and export it', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: CLOSED_HOURS });
    const admin = await createSignedInUser(app, 'admin');
    const supervisor = await createSignedInUser(app, 'supervisor');
    const ticket = await postTicket(app, supervisor.cookie, { subject: 'Renouvellement du bureau' });

    expect((await get(app, `/api/tickets/${ticket.id}`, supervisor.cookie)).status).toBe(200);
    const patched = await app.request(`/api/tickets/${ticket.id}`, jsonRequest('PATCH', { version: ticket.version, priority: 'high' }, supervisor.cookie));
    expect(patched.status).toBe(200);
    const { callSid } = await leaveVoicemail(app, '+212661234599');
    expect((await get(app, `/api/calls/${callSid}/recording`, supervisor.cookie)).status).toBe(200);

    const forTicket = await auditPage(app, admin.cookie, `targetKind=ticket&targetId=${ticket.id}`);
    expect(forTicket.items.map((entry) => [entry.action, entry.actorId, entry.status])).toEqual([
      ['ticket.update', supervisor.user.id, 200],
      ['ticket.read', supervisor.user.id, 200],
    ]);
    expect(forTicket.items[0]!.details).toEqual({ fields: ['priority', 'version'], priority: 'high' });

    const listened = await auditPage(app, admin.cookie, 'action=recording.listen');
    expect(listened.items).toHaveLength(1);
    expect(listened.items[0]).toMatchObject({ targetKind: 'call', targetId: callSid, actorName: supervisor.user.name, actorRole: 'supervisor' });
    const traced = ZRecordingAccessPage.parse(await (await get(app, `/api/audit-log/recordings?callSid=${callSid}`, admin.cookie)).json());
    expect(traced.items.map((access) => [access.userId, access.outcome, access.maskedPhone])).toEqual([[supervisor.user.id, 'served', '+212•••••••99']]);

    const paged = await auditPage(app, admin.cookie, `actorId=${supervisor.user.id}&limit=1`);
    expect(paged.items).toHaveLength(1);
    expect(paged.nextCursor).not.toBeNull();

    const csv = await get(app, `/api/audit-log/export.csv?actorId=${supervisor.user.id}`, admin.cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('at,actorName,actorRole,actorId,action,targetKind,targetId,status,details');
    expect(lines).toHaveLength(4);
    expect((await auditPage(app, admin.cookie, 'action=audit.export')).items[0]).toMatchObject({ actorId: admin.user.id, details: { entries: 3 } });
  });

  it('records role, team and alert-setting changes with who made them, never the phone number given', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const admin = await createSignedInUser(app, 'admin');
    const agent = await createSignedInUser(app, 'agent');
    expect((await app.request(`/api/users/${agent.user.id}`, jsonRequest('PATCH', { role: 'supervisor' }, admin.cookie))).status).toBe(200);
    expect((await app.request('/api/teams', jsonRequest('POST', { name: 'Financement', skills: { languages: ['fr'], topics: ['funding'] } }, admin.cookie))).status).toBe(201);
    const alerts = { center: { serviceLevel30m: 80 }, teams: {}, onCallPhone: '+212661234567' };
    expect((await app.request('/api/dashboard/alert-settings', jsonRequest('PUT', alerts, admin.cookie))).status).toBe(200);

    const trail = await auditPage(app, admin.cookie, `actorId=${admin.user.id}&action=user.update,team.change,settings.change`);
    expect(trail.items.map((entry) => [entry.action, entry.targetId, entry.status])).toEqual([
      ['settings.change', null, 200],
      ['team.change', null, 201],
      ['user.update', agent.user.id, 200],
    ]);
    expect(trail.items[2]!.details).toEqual({ fields: ['role'], role: 'supervisor' });
    expect(JSON.stringify(trail.items)).not.toContain('661234567');
  });

  it('leaves no change of supervisors or admins unaccounted for: each is recorded by request, or records itself, or says why not', () => {
    const changes = Object.entries(ROUTE_ACCESS).filter(([route, access]) => !route.startsWith('GET ') && (access === 'supervisor' || access === 'admin')).map(([route]) => route);
    const unaccounted = changes.filter((route) => {
      const [method, path] = route.split(' ') as [string, string];
      const concrete = path.replace(/:[a-zA-Z]+/g, '6b15e68928ce383c489d5f9c');
      return !AUDITED_ROUTES.some((audited) => audited.method === method && audited.pattern.test(concrete)) && !(route in NOT_AUDITED_BY_REQUEST);
    });
    expect(unaccounted).toEqual([]);
    expect(changes.length).toBeGreaterThan(20);
  });

  it('is for admins only, and bad filters get the one error body', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const admin = await createSignedInUser(app, 'admin');
    const supervisor = await createSignedInUser(app, 'supervisor');
    expect((await get(app, '/api/audit-log')).status).toBe(401);
    const refused = await get(app, '/api/audit-log', supervisor.cookie);
    expect(refused.status).toBe(403);
    expect(ZErrorBody.parse(await refused.json()).error.code).toBe('forbidden');
    expect((await get(app, '/api/audit-log/export.csv', supervisor.cookie)).status).toBe(403);
    expect((await get(app, '/api/audit-log/recordings', supervisor.cookie)).status).toBe(403);
    const bad = await get(app, '/api/audit-log?action=ticket.burn&from=yesterday', admin.cookie);
    expect(bad.status).toBe(400);
    expect(ZErrorBody.parse(await bad.json()).error.code).toBe('validation_failed');
  });
});

describe('data-subject export and erasure', () => {
  it('exports everything held about an association, then erases it everywhere, leaving anonymous records and audit entries', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated', now: CLOSED_HOURS });
    const admin = await createSignedInUser(app, 'admin');
    const agent = await createSignedInUser(app, 'agent');
    const phone = '+212661777001';
    const association = await postAssociation(app, admin.cookie, {
      name: { ar: 'جمعية النور', fr: 'Association <Nour>' },
      notes: 'Présidente joignable le soir',
      contacts: [{ name: 'Fatima Zahra Alaoui', role: 'présidente', phones: [phone], emails: ['fatima@example.ma'] }],
    });
    const ticket = await postTicket(app, admin.cookie, { associationId: association.id, subject: 'Dossier de subvention de Fatima' });
    expect((await sendSms(app, phone, 'Bonjour, ici Fatima, mon numéro personnel est le 0661777001')).status).toBe(200);
    const { callSid } = await leaveVoicemail(app, phone);

    expect((await get(app, `/api/privacy/associations/${association.id}/export`, agent.cookie)).status).toBe(403);
    const exported = await get(app, `/api/privacy/associations/${association.id}/export`, admin.cookie);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('cache-control')).toBe('private, no-store');
    const data = await json(exported);
    expect(data.association.contacts[0].name).toBe('Fatima Zahra Alaoui');
    expect(data.tickets.map((held: { ticket: { subject: string } }) => held.ticket.subject)).toContain('Dossier de subvention de Fatima');
    expect(data.messages.map((message: { body: string }) => message.body)).toContain('Bonjour, ici Fatima, mon numéro personnel est le 0661777001');
    expect(data.calls.map((call: { callSid: string }) => call.callSid)).toContain(callSid);

    const html = await get(app, `/api/privacy/associations/${association.id}/export?format=html`, admin.cookie);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await html.text();
    expect(page).toContain('Association &lt;Nour&gt;');
    expect(page).not.toContain('<Nour>');
    expect(page).toContain('Fatima Zahra Alaoui');

    const mismatch = await app.request(`/api/privacy/associations/${association.id}/erase`, jsonRequest('POST', { confirmReference: 'RC-nope' }, admin.cookie));
    expect(mismatch.status).toBe(400);
    expect(ZErrorBody.parse(await mismatch.json()).error.details).toEqual([
      { path: 'confirmReference', code: 'mismatch', message: "is not this association's registration reference" },
    ]);
    const ticketsBefore = await TicketModel.countDocuments({ associationId: association.id });

    const erased = await app.request(
      `/api/privacy/associations/${association.id}/erase`,
      jsonRequest('POST', { confirmReference: association.registrationRef }, admin.cookie),
    );
    expect(erased.status).toBe(200);
    const report = ZErasureReport.parse(await erased.json());
    expect(report.counts).toMatchObject({ contacts: 1, tickets: ticketsBefore, calls: 1, recordings: 1, messages: 1 });

    const after = await json(await get(app, `/api/associations/${association.id}`, admin.cookie));
    expect(after).toMatchObject({ name: { ar: '[erased]', fr: '[erased]' }, notes: '', contacts: [], region: 'souss-massa' });
    expect((await json(await get(app, `/api/associations/lookup?phone=${encodeURIComponent(phone)}`, admin.cookie))).matches).toEqual([]);
    const ticketAfter = await json(await get(app, `/api/tickets/${ticket.id}`, admin.cookie));
    expect(ticketAfter).toMatchObject({ subject: '[erased]', description: '', contactPhone: null, topic: ticket.topic, channel: ticket.channel });
    expect(await TicketModel.countDocuments({ associationId: association.id })).toBe(ticketsBefore);
    expect((await MessageModel.findOne({ associationId: association.id }).lean())!.body).toBe('[erased]');
    const call = (await CallModel.findById(callSid).lean())!;
    expect([call.from, call.phone, call.recording]).toEqual(['', null, null]);
    const everything = JSON.stringify(await json(await get(app, `/api/privacy/associations/${association.id}/export`, admin.cookie)));
    expect(everything).not.toMatch(/Fatima|661777001|fatima@example/);

    const trail = await auditPage(app, admin.cookie, `targetKind=association&targetId=${association.id}&action=privacy.export,privacy.erase`);
    expect(trail.items.map((entry) => entry.action)).toEqual(['privacy.export', 'privacy.erase', 'privacy.export', 'privacy.export']);
    expect(trail.items[1]!.details).toEqual(report.counts);
    expect(JSON.stringify(trail)).not.toMatch(/Fatima|661777001/);
  });

  it('erases one person by phone number: their contact card, tickets and messages, and nobody else', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const admin = await createSignedInUser(app, 'admin');
    const association = await postAssociation(app, admin.cookie, {
      contacts: [
        { name: 'Karim Idrissi', role: 'trésorier', phones: ['+212661777002'], emails: [] },
        { name: 'Samira Tazi', role: 'présidente', phones: ['+212661777003'], emails: [] },
      ],
    });
    expect((await sendSms(app, '+212661777002', 'Karim ici')).status).toBe(200);
    const bad = await app.request('/api/privacy/contacts/erase', jsonRequest('POST', { phone: 'not a phone' }, admin.cookie));
    expect(bad.status).toBe(400);
    const exported = await json(await get(app, '/api/privacy/contacts/export?phone=0661777002', admin.cookie));
    expect(exported.contacts.map((contact: { name: string }) => contact.name)).toEqual(['Karim Idrissi']);
    const erased = await app.request('/api/privacy/contacts/erase', jsonRequest('POST', { phone: '0661777002' }, admin.cookie));
    expect(erased.status).toBe(200);
    expect(ZErasureReport.parse(await erased.json()).counts).toMatchObject({ contacts: 1, messages: 1 });
    const after = await json(await get(app, `/api/associations/${association.id}`, admin.cookie));
    expect(after.contacts.map((contact: { name: string }) => contact.name)).toEqual(['Samira Tazi']);
  });
});

describe('retention', () => {
  it('admins set periods; the leased daily job erases what is older and records counts only', async () => {
    const { app, hub, config } = createTwilioTestApp({ mode: 'simulated', now: CLOSED_HOURS });
    const twilio = createTwilioGateway(config);
    const admin = await createSignedInUser(app, 'admin');
    const supervisor = await createSignedInUser(app, 'supervisor');
    const settings = { callRecordings: 30, messageBodies: 90, closedTicketPersonalFields: 365, portalRequests: 365, logs: 730 };
    expect((await app.request('/api/privacy/retention', jsonRequest('PUT', settings, supervisor.cookie))).status).toBe(403);
    expect((await app.request('/api/privacy/retention', jsonRequest('PUT', { ...settings, logs: -1 }, admin.cookie))).status).toBe(400);
    const saved = await app.request('/api/privacy/retention', jsonRequest('PUT', settings, admin.cookie));
    expect(saved.status).toBe(200);
    expect(ZRetentionState.parse(await saved.json()).settings).toEqual(settings);

    const phone = '+212661777004';
    expect((await sendSms(app, phone, 'Message ancien avec des données')).status).toBe(200);
    const { callSid } = await leaveVoicemail(app, phone);
    const oldTicket = await postTicket(app, admin.cookie, { subject: 'Ancienne demande de Youssef' });
    const recentTicket = await postTicket(app, admin.cookie, { subject: 'Demande récente' });
    const now = new Date();
    const longAgo = new Date(now.getTime() - 400 * 86_400_000);
    await TicketModel.updateOne({ _id: oldTicket.id }, { $set: { status: 'closed', closedAt: longAgo } });
    await TicketModel.updateOne({ _id: recentTicket.id }, { $set: { status: 'closed', closedAt: now } });
    // createdAt is immutable through mongoose: age the messages in the collection itself.
    await MessageModel.collection.updateMany({ phone }, { $set: { createdAt: longAgo } });
    await CallModel.updateOne({ _id: callSid }, { $set: { endedAt: longAgo } });

    await scheduleRetention(now);
    await scheduleRetention(now);
    const runAt = nextRetentionRun(now);
    const ranHere = await runDueJobs({ now: runAt, owner: 'node-a', handlers: { [RETENTION_JOB]: createRetentionJobHandler({ publisher: hub, twilio }) } });
    const ranThere = await runDueJobs({ now: runAt, owner: 'node-b', handlers: { [RETENTION_JOB]: createRetentionJobHandler({ publisher: hub, twilio }) } });
    expect([ranHere, ranThere]).toEqual([1, 0]);

    expect((await TicketModel.findById(oldTicket.id).lean())!.subject).toBe('[erased]');
    expect((await TicketModel.findById(recentTicket.id).lean())!.subject).toBe('Demande récente');
    expect((await MessageModel.findOne({ phone }).lean())!.body).toBe('[erased]');
    expect((await CallModel.findById(callSid).lean())!.recording).toBeNull();

    const state = ZRetentionState.parse(await (await get(app, '/api/privacy/retention', admin.cookie)).json());
    expect(state.lastRun?.counts).toMatchObject({ closedTickets: 1, messageBodies: 1, recordings: 1 });
    const runs = await auditPage(app, admin.cookie, 'action=retention.run');
    expect(runs.items[0]).toMatchObject({ actorId: null, details: { counts: state.lastRun!.counts } });
    expect(JSON.stringify(runs)).not.toMatch(/Youssef|ancien|661777004/);
    expect((await auditPage(app, admin.cookie, 'action=retention.change')).items[0]!.details).toMatchObject({ after: settings });

    const again = await app.request('/api/privacy/retention/run', { method: 'POST', headers: { Cookie: admin.cookie } });
    const rerun = ZRetentionState.parse(await again.json());
    expect(Object.values(rerun.lastRun!.counts).every((count) => count === 0)).toBe(true);
  });
});

describe('erased recordings', () => {
  const deletions = () => twilioApi.requests.filter((request) => request.method === 'DELETE' && request.path.includes('/Recordings/'));

  it('are deleted from the Twilio account too, and one Twilio could not delete is retried by the next retention pass', async () => {
    const { app, hub, config } = createTwilioTestApp({ mode: 'real', api: twilioApi, now: CLOSED_HOURS });
    const admin = await createSignedInUser(app, 'admin');
    const kept = await leaveVoicemail(app, '+212661777003');
    const first = await leaveVoicemail(app, '+212661777004');
    const second = await leaveVoicemail(app, '+212661777005');

    const erased = await app.request('/api/privacy/contacts/erase', jsonRequest('POST', { phone: '+212661777004' }, admin.cookie));
    expect(erased.status).toBe(200);
    expect(ZErasureReport.parse(await erased.json()).counts).toMatchObject({ recordings: 1, recordingsPendingAtTwilio: 0 });
    expect(deletions().map((request) => request.path)).toEqual([`/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Recordings/${first.recordingSid}.json`]);

    // Twilio is down for the next one: the erasure stands here, the deletion waits.
    twilioApi.replyNext({ status: 503, body: { code: 20500, message: 'Service unavailable', status: 503 } });
    const retried = await app.request('/api/privacy/contacts/erase', jsonRequest('POST', { phone: '+212661777005' }, admin.cookie));
    expect(ZErasureReport.parse(await retried.json()).counts).toMatchObject({ recordings: 1, recordingsPendingAtTwilio: 1 });
    expect((await CallModel.findById(second.callSid).lean())!.recording).toBeNull();
    expect(await RecordingDeletionModel.findById(second.recordingSid).lean()).toMatchObject({ attempts: 1 });

    await scheduleRetention(CLOSED_HOURS);
    await runDueJobs({ now: nextRetentionRun(CLOSED_HOURS), owner: 'node-a', handlers: { [RETENTION_JOB]: createRetentionJobHandler({ publisher: hub, twilio: createTwilioGateway(config, { httpClient: new LocalTwilioHttpClient(twilioApi.url) }) }) } });
    expect(deletions().map((request) => request.path)).toContain(`/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Recordings/${second.recordingSid}.json`);
    expect(await RecordingDeletionModel.findById(second.recordingSid).lean()).toBeNull();
    expect(deletions().map((request) => request.path).join()).not.toContain(kept.recordingSid);
  });

  it('leave one audit entry per attempt at Twilio, failed or done, that admins read, without the caller’s number', async () => {
    const { app, hub, config } = createTwilioTestApp({ mode: 'real', api: twilioApi, now: CLOSED_HOURS });
    const admin = await createSignedInUser(app, 'admin');
    const voicemail = await leaveVoicemail(app, '+212661777006');

    twilioApi.replyNext({ status: 503, body: { code: 20500, message: 'Service unavailable', status: 503 } });
    expect((await app.request('/api/privacy/contacts/erase', jsonRequest('POST', { phone: '+212661777006' }, admin.cookie))).status).toBe(200);
    const afterFailure = await auditPage(app, admin.cookie, `action=recording.delete&targetId=${voicemail.callSid}`);
    expect(afterFailure.items).toMatchObject([
      { actorId: null, targetKind: 'call', targetId: voicemail.callSid, details: { recordingSid: voicemail.recordingSid, outcome: 'failed', attempt: 1, errorCode: '20500' } },
    ]);

    await scheduleRetention(CLOSED_HOURS);
    await runDueJobs({ now: nextRetentionRun(CLOSED_HOURS), owner: 'node-a', handlers: { [RETENTION_JOB]: createRetentionJobHandler({ publisher: hub, twilio: createTwilioGateway(config, { httpClient: new LocalTwilioHttpClient(twilioApi.url) }) }) } });
    const afterRetry = await auditPage(app, admin.cookie, `action=recording.delete&targetId=${voicemail.callSid}`);
    expect(afterRetry.items.map((entry) => entry.details)).toEqual([
      { recordingSid: voicemail.recordingSid, outcome: 'deleted', attempt: 2 },
      { recordingSid: voicemail.recordingSid, outcome: 'failed', attempt: 1, errorCode: '20500' },
    ]);
    expect(JSON.stringify(afterRetry)).not.toContain('661777006');
  });
});
