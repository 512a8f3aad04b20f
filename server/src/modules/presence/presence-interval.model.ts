import mongoose, { type InferSchemaType } from 'mongoose';
import { PRESENCE_STATES } from '@mowakaba/shared/constants';

// One document per state an agent left, `_id` = `<user id>:<version>` (the agent state's version
// after the change that ended it), so that writing it again is harmless. The source presence history
// (dashboard rollups) is rebuilt from; the change feed keeps its entries a week only.
const presenceIntervalSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    version: { type: Number, required: true },
    state: { type: String, enum: PRESENCE_STATES, required: true },
    from: { type: Date, required: true },
    to: { type: Date, required: true },
    teamId: { type: String, default: null },
  },
  { versionKey: false, collection: 'presence_intervals' },
);

export type PresenceIntervalDocument = InferSchemaType<typeof presenceIntervalSchema>;
export const PresenceIntervalModel = mongoose.model('PresenceInterval', presenceIntervalSchema);
