import mongoose from 'mongoose';

// The caller-ID directory: `_id` is an E.164 number, so a screen-pop is a lookup by `_id`, the one
// query FerretDB answers from an index (an indexed `phones` array is enough on MongoDB).
const phoneEntrySchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    associationIds: { type: [mongoose.Schema.Types.ObjectId], ref: 'Association', default: [] },
  },
  { versionKey: false },
);

export const PhoneEntryModel = mongoose.model('PhoneEntry', phoneEntrySchema);
