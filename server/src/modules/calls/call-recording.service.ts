import mongoose from 'mongoose';
import { AppError } from '../../errors.js';
import { maskPhoneNumbers } from '../../logger.js';
import { simulatedRecordingMedia, type RecordingMedia, type TwilioGateway } from '../../twilio/twilio-gateway.js';
import { findTicketRecord, type TicketDocument } from '../tickets/ticket-records.js';
import type { TicketActor } from '../tickets/tickets.service.js';
import { hasWorkAccess } from '../../access/access-rule.js';
import { findStoredCall } from './calls.service.js';
import { RecordingAccessModel, type TRecordingAccessOutcome } from './recording-access.model.js';
import { getStorage } from '../../platform/storage/index.js';

/**
 * A call's recording for a staff member (the whole file or the part `range` asks for): 404 without
 * one, 403 when it is not theirs to hear (the rule of call-access.ts, the ticket's too). Every attempt
 * on an existing recording is traced once its outcome is known, with the caller's number masked.
 */
export async function openCallRecording(callSid: string, viewer: TicketActor, twilio: TwilioGateway, range: string | null): Promise<RecordingMedia> {
  const stored = await findStoredCall(callSid);
  const call = stored?.call;
  if (!call) throw new AppError('not_found', 'call not found');
  const ticket = call.ticketId ? await findTicketRecord(call.ticketId) : null;
  const allowed = await hasWorkAccess(viewer, { personIds: [call.agentId, ticket?.assigneeId], teamIds: [call.teamId, ticket?.teamId] });
  const trace = (outcome: TRecordingAccessOutcome) =>
    RecordingAccessModel.create({
      callSid,
      userId: new mongoose.Types.ObjectId(viewer.id),
      role: viewer.role,
      maskedPhone: call.phone ? maskPhoneNumbers(call.phone) : null,
      associationId: call.associationId ?? null,
      granted: outcome === 'served',
      outcome,
      range: range?.slice(0, 60) ?? null,
      at: getStorage().clock.now(),
    });
  // Whether there is a recording is itself the team's to know.
  if (!allowed) {
    if (call.recording?.sid) await trace('forbidden');
    throw new AppError('forbidden', 'this recording belongs to another team');
  }
  const recordingSid = call.recording?.sid;
  if (!recordingSid) throw new AppError('not_found', 'this call has no recording');
  try {
    // A call recorded in simulation mode has nothing at Twilio, even once an account is configured.
    const media = call.simulated ? simulatedRecordingMedia(range) : await twilio.fetchRecording(recordingSid, range);
    await trace('served');
    return media;
  } catch (error) {
    await trace(error instanceof AppError && error.code === 'not_found' ? 'not-found' : 'unavailable');
    throw error;
  }
}
