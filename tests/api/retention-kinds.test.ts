import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ZAuditLogPage, ZRetentionState } from '@mowakaba/shared/schemas/privacy';
import { ZPortalRequestCreated } from '@mowakaba/shared/schemas/portal';
import { AuditEntryModel } from '../../server/src/modules/audit/audit-entry.model.js';
import { RecordingAccessModel } from '../../server/src/modules/calls/recording-access.model.js';
import { PortalAccessModel } from '../../server/src/modules/portal/portal-access.model.js';
import { TicketModel } from '../../server/src/modules/tickets/ticket.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const LONG_AGO = new Date('2020-01-15T10:00:00Z');

describe('retention of portal requests and of the logs', () => {
  it('erases old portal requests (their follow-up codes stop working) and deletes old audit entries and recording-access traces, counting them', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const settings = { callRecordings: null, messageBodies: null, closedTicketPersonalFields: null, portalRequests: 365, logs: 730 };
    expect((await app.request('/api/privacy/retention', jsonRequest('PUT', settings, admin.cookie))).status).toBe(200);

    const portal = (body: unknown) => app.request('/api/portal/requests', jsonRequest('POST', body));
    const request = {
      associationName: 'جمعية الواحة',
      phone: '0662 71 80 93',
      subject: 'منحة الشراكة',
      description: 'نريد معرفة شروط الشراكة مع الدولة لهذه السنة.',
      language: 'ar',
      topic: 'funding',
      consent: true,
    };
    const old = ZPortalRequestCreated.parse(await json(await portal(request)));
    const recent = ZPortalRequestCreated.parse(await json(await portal({ ...request, subject: 'طلب حديث' })));
    await TicketModel.collection.updateOne({ reference: old.reference }, { $set: { createdAt: LONG_AGO } });
    const oldTicket = (await TicketModel.findOne({ reference: old.reference }).lean())!;
    await PortalAccessModel.collection.updateMany({ ticketId: oldTicket._id }, { $set: { createdAt: LONG_AGO } });
    // Entries and traces written years ago: everything the log holds until now is aged.
    await AuditEntryModel.collection.updateMany({}, { $set: { at: LONG_AGO } });
    await RecordingAccessModel.collection.insertOne({
      callSid: 'CA00000000000000000000000000000001',
      userId: new mongoose.Types.ObjectId(admin.user.id),
      role: 'admin',
      maskedPhone: '+212•••••••93',
      associationId: null,
      granted: true,
      outcome: 'served',
      range: null,
      at: LONG_AGO,
    });
    const agedEntries = await AuditEntryModel.countDocuments();
    expect(agedEntries).toBeGreaterThan(0);

    const run = await app.request('/api/privacy/retention/run', { method: 'POST', headers: { Cookie: admin.cookie } });
    expect(run.status).toBe(200);
    const { lastRun } = ZRetentionState.parse(await json(run));
    expect(lastRun?.counts).toMatchObject({ portalTickets: 1, portalAccesses: 1, auditEntries: agedEntries, recordingAccesses: 1 });

    const lookup = (created: { reference: string; followUpCode: string }) =>
      app.request('/api/portal/requests/lookup', jsonRequest('POST', { reference: created.reference, code: created.followUpCode }));
    expect((await lookup(old)).status).toBe(404);
    expect((await lookup(recent)).status).toBe(200);
    const erased = (await TicketModel.findById(oldTicket._id).lean())!;
    expect(erased.subject).toBe('[erased]');
    expect(JSON.stringify(erased)).not.toMatch(/662718093|الواحة/);
    expect((await TicketModel.findOne({ reference: recent.reference }).lean())!.subject).toBe('طلب حديث');
    expect(await RecordingAccessModel.countDocuments()).toBe(0);

    // What stays of the log is the pass itself, with its counts and nothing of the requests.
    const log = ZAuditLogPage.parse(await json(await app.request('/api/audit-log', { headers: { Cookie: admin.cookie } })));
    expect(log.items.map((entry) => entry.action)).toContain('retention.run');
    expect(log.items.every((entry) => new Date(entry.at).getTime() > LONG_AGO.getTime())).toBe(true);
    expect(JSON.stringify(log)).not.toMatch(/662718093|الواحة|منحة/);
  });
});
