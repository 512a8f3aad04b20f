import mongoose, { type InferSchemaType } from 'mongoose';

/**
 * A recording erased here that Twilio has not yet confirmed deleting from the account (Twilio was
 * unreachable or refused). Kept until a deletion succeeds; the daily retention pass retries.
 */
const recordingDeletionSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    callSid: { type: String, default: null },
    since: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    lastErrorCode: { type: String, default: null },
  },
  { versionKey: false },
);

export type RecordingDeletionDocument = InferSchemaType<typeof recordingDeletionSchema>;
export const RecordingDeletionModel = mongoose.model('RecordingDeletion', recordingDeletionSchema);
