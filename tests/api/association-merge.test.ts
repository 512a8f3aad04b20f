import { describe, expect, it } from 'vitest';
import { CallModel } from '../../server/src/modules/calls/call.model.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation } from '../helpers/fixtures.js';
import { callParams, createTwilioTestApp, newCallSid, postSigned, queueCall } from '../helpers/twilio.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

describe('merging associations while their calls are updated', () => {
  it('a call updated at the same moment as the merge stays with the association it was merged into', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const supervisor = await createSignedInUser(app, 'supervisor');
    const target = await postAssociation(app, supervisor.cookie, { contacts: [{ name: 'Samira', role: '', phones: ['0671000001'], emails: [] }] });
    const duplicate = await postAssociation(app, supervisor.cookie, { contacts: [{ name: 'Samira B.', role: '', phones: ['0671000002'], emails: [] }] });
    const callSids = [newCallSid(), newCallSid(), newCallSid()];
    for (const callSid of callSids) await queueCall(app, callSid, '+212671000002');
    expect((await CallModel.find({ _id: { $in: callSids } }).lean()).map((call) => call.associationId?.toString())).toEqual(callSids.map(() => duplicate.id));

    // Status callbacks keep rewriting the calls while the merge moves them.
    const statuses = callSids.flatMap((callSid) =>
      ['ringing', 'in-progress', 'in-progress', 'in-progress'].map((status, sequence) =>
        postSigned(app, '/webhooks/twilio/voice/status', callParams(callSid, '+212671000002', { CallStatus: status, SequenceNumber: String(sequence + 10) })),
      ),
    );
    const merge = app.request(`/api/associations/${target.id}/merge`, jsonRequest('POST', { sourceId: duplicate.id }, supervisor.cookie));
    expect((await merge).status).toBe(200);
    await Promise.all(statuses);

    const calls = await CallModel.find({ _id: { $in: callSids } }).lean();
    expect(calls.map((call) => call.associationId?.toString())).toEqual(callSids.map(() => target.id));
  });
});
