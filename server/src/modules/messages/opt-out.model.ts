import mongoose from 'mongoose';

// A number that sent STOP (توقف, ARRET): nothing goes out to it until it sends START. `_id` is the
// E.164 number, so the check before every outbound message is one `_id` lookup.
const optOutSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    keyword: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);

export const OptOutModel = mongoose.model('OptOut', optOutSchema);
