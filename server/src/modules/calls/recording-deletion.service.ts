import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { TwilioRequestError, type TwilioGateway } from '../../twilio/twilio-gateway.js';
import { recordAuditEntry } from '../audit/audit-log.service.js';
import { RecordingDeletionModel } from './recording-deletion.model.js';
import { getStorage } from '../../platform/storage/index.js';

export interface RecordingDeletionReport {
  deleted: number;
  /** Left for the next retention pass: Twilio could not be reached or refused. */
  pending: number;
}

/** A recording to delete at Twilio, and the call it was made on. */
export interface RecordingAtTwilio {
  recordingSid: string;
  callSid: string;
}

/**
 * Asks Twilio to delete one recording, and leaves an audit entry of the outcome (by the system; the
 * SIDs, the attempt and Twilio's error code, nothing about the caller).
 */
async function tryDeletion(recordingSid: string, callSid: string | null, twilio: TwilioGateway): Promise<boolean> {
  let errorCode: string | null = null;
  let deleted = true;
  try {
    await twilio.deleteRecording(recordingSid);
  } catch (error) {
    errorCode = error instanceof TwilioRequestError ? error.code : null;
    deleted = false;
  }
  const pending = deleted
    ? await RecordingDeletionModel.findOneAndDelete({ _id: recordingSid }).lean()
    : await RecordingDeletionModel.findOneAndUpdate({ _id: recordingSid }, { $inc: { attempts: 1 }, $set: { lastErrorCode: errorCode } }, { new: true }).lean();
  await recordAuditEntry({
    actor: null,
    action: 'recording.delete',
    targetKind: 'call',
    targetId: callSid,
    details: { recordingSid, outcome: deleted ? 'deleted' : 'failed', attempt: (pending?.attempts ?? 0) + (deleted ? 1 : 0), ...(errorCode ? { errorCode } : {}) },
  });
  return deleted;
}

/**
 * Deletes erased recordings from the Twilio account as well, so the audio is gone and not only its
 * link here. Each is noted as pending first: one Twilio does not delete now is retried later.
 */
export async function deleteRecordingsAtTwilio(recordings: RecordingAtTwilio[], twilio: TwilioGateway): Promise<RecordingDeletionReport> {
  const unique = [...new Map(recordings.map((recording) => [recording.recordingSid, recording])).values()];
  let deleted = 0;
  for (const { recordingSid, callSid } of unique) {
    await RecordingDeletionModel.create({ _id: recordingSid, callSid, since: getStorage().clock.now() }).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
    if (await tryDeletion(recordingSid, callSid, twilio)) deleted += 1;
  }
  return { deleted, pending: unique.length - deleted };
}

/** Tries again every deletion Twilio did not confirm (a short list: it holds only failures). */
export async function retryPendingRecordingDeletions(twilio: TwilioGateway): Promise<RecordingDeletionReport> {
  const pending = await RecordingDeletionModel.find({}, { _id: 1, callSid: 1 }).lean();
  let deleted = 0;
  for (const { _id, callSid } of pending) if (await tryDeletion(_id, callSid ?? null, twilio)) deleted += 1;
  return { deleted, pending: pending.length - deleted };
}
