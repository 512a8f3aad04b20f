import mongoose from 'mongoose';

// One document per key, `_id` = `<bucket>:<key>`, counting attempts until `expiresAt`; a backoff
// also holds the time before which the next attempt is refused.
const rateLimitSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true },
    expiresAt: { type: Date, required: true, index: true },
    nextAttemptAt: { type: Date, default: null },
  },
  { versionKey: false },
);

export const RateLimitModel = mongoose.model('RateLimit', rateLimitSchema);
