import mongoose from 'mongoose';

// The caller-ID directory: `_id` is an E.164 number, so a screen-pop is one lookup by `_id`, the one
// query FerretDB answers from an index. Each entry holds what a screen-pop shows of every association
// with that number (a copy, rewritten whenever the association changes): no second read per call.
const phoneEntrySchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    /** TAssociation of each (unmerged) association with a contact on this number. */
    associations: { type: [mongoose.Schema.Types.Mixed], default: [] },
    /** Grows with every rewrite, made through the storage seam's versioned update (0 on entries from before). */
    version: { type: Number, default: 0 },
  },
  { versionKey: false },
);

export const PhoneEntryModel = mongoose.model('PhoneEntry', phoneEntrySchema);
