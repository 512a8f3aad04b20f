import mongoose from 'mongoose';

const lockSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    expiresAt: { type: Date, required: true, index: true },
  },
  { versionKey: false },
);

export const LockModel = mongoose.model('Lock', lockSchema);
