import mongoose from 'mongoose';

/** A search that found nothing: a content gap. Inserted only; grouped by `key` when listed. */
const zeroResultSearchSchema = new mongoose.Schema(
  {
    query: { type: String, required: true },
    // The query's words normalised (accents, Arabic letter variants folded), so variants group together.
    key: { type: String, required: true, index: true },
    audience: { type: String, required: true, enum: ['public', 'staff'] },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export const ZeroResultSearchModel = mongoose.model('ZeroResultSearch', zeroResultSearchSchema);
