import mongoose from 'mongoose';

// One document per key, `_id` = `<bucket>:<key>`, counting attempts until `expiresAt`. A backoff's
// window slides to `forgetAfterMs` after each failure, so `expiresAt` also tells when the last one was.
const rateLimitSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true },
    expiresAt: { type: Date, required: true, index: true },
  },
  { versionKey: false },
);

export const RateLimitModel = mongoose.model('RateLimit', rateLimitSchema);
