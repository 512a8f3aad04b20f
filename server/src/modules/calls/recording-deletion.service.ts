import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { TwilioRequestError, type TwilioGateway } from '../../twilio/twilio-gateway.js';
import { RecordingDeletionModel } from './recording-deletion.model.js';

export interface RecordingDeletionReport {
  deleted: number;
  /** Left for the next retention pass: Twilio could not be reached or refused. */
  pending: number;
}

async function tryDeletion(recordingSid: string, twilio: TwilioGateway): Promise<boolean> {
  try {
    await twilio.deleteRecording(recordingSid);
    await RecordingDeletionModel.deleteOne({ _id: recordingSid });
    return true;
  } catch (error) {
    const code = error instanceof TwilioRequestError ? error.code : null;
    await RecordingDeletionModel.updateOne({ _id: recordingSid }, { $inc: { attempts: 1 }, $set: { lastErrorCode: code } });
    return false;
  }
}

/**
 * Deletes erased recordings from the Twilio account as well, so the audio is gone and not only its
 * link here. Each is noted as pending first: one Twilio does not delete now is retried later.
 */
export async function deleteRecordingsAtTwilio(recordingSids: string[], twilio: TwilioGateway): Promise<RecordingDeletionReport> {
  let deleted = 0;
  for (const recordingSid of new Set(recordingSids)) {
    await RecordingDeletionModel.create({ _id: recordingSid, since: new Date() }).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
    if (await tryDeletion(recordingSid, twilio)) deleted += 1;
  }
  return { deleted, pending: new Set(recordingSids).size - deleted };
}

/** Tries again every deletion Twilio did not confirm (a short list: it holds only failures). */
export async function retryPendingRecordingDeletions(twilio: TwilioGateway): Promise<RecordingDeletionReport> {
  const pending = await RecordingDeletionModel.find({}, { _id: 1 }).lean();
  let deleted = 0;
  for (const { _id } of pending) if (await tryDeletion(_id, twilio)) deleted += 1;
  return { deleted, pending: pending.length - deleted };
}
