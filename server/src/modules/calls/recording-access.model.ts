import mongoose, { type InferSchemaType } from 'mongoose';

export const RECORDING_ACCESS_OUTCOMES = ['served', 'forbidden', 'not-found', 'unavailable'] as const;
export type TRecordingAccessOutcome = (typeof RECORDING_ACCESS_OUTCOMES)[number];

// Who listened to which recording, and who was refused (law 09-08: access to personal data is
// traced). Insert-only; the caller's number is kept masked, never in full.
const recordingAccessSchema = new mongoose.Schema(
  {
    callSid: { type: String, required: true },
    userId: { type: mongoose.Schema.Types.ObjectId, ref: 'User', required: true },
    role: { type: String, required: true },
    /** The caller's number masked like the logs: `+212•••••••78`. */
    maskedPhone: { type: String, default: null },
    associationId: { type: mongoose.Schema.Types.ObjectId, ref: 'Association', default: null },
    /** Whether the audio was handed over (the outcome is `served`). */
    granted: { type: Boolean, required: true },
    /** What came of it: refused here, or what Twilio answered. */
    outcome: { type: String, enum: RECORDING_ACCESS_OUTCOMES, required: true },
    /** The byte range asked for, when the player asked for part of the file. */
    range: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
recordingAccessSchema.index({ callSid: 1, at: -1 });
recordingAccessSchema.index({ userId: 1, at: -1 });

export type RecordingAccessDocument = InferSchemaType<typeof recordingAccessSchema> & { _id: mongoose.Types.ObjectId };
export const RecordingAccessModel = mongoose.model('RecordingAccess', recordingAccessSchema, 'recording_accesses');
