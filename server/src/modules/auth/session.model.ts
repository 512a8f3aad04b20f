import mongoose, { type InferSchemaType } from 'mongoose';

// _id is a keyed hash of the cookie value, so a database dump holds no usable session.
// No TTL index (FerretDB has none): expired sessions are refused on read and deleted by a job.
const sessionSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    userId: { type: mongoose.Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    expiresAt: { type: Date, required: true, index: true },
    lastSeenAt: { type: Date, required: true },
    userAgent: { type: String },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export type SessionDocument = InferSchemaType<typeof sessionSchema>;
export const SessionModel = mongoose.model('Session', sessionSchema);
