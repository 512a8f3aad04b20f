import mongoose, { type InferSchemaType } from 'mongoose';
import { PRESENCE_STATES } from '@mowakaba/shared/constants';

// One document per agent, `_id` = user id: their presence. Their load is not kept here: it is
// counted from the tickets in each node's directory.
const agentStateSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    state: { type: String, enum: PRESENCE_STATES, required: true, default: 'offline' },
    since: { type: Date, required: true, default: () => new Date() },
    /** What the agent last chose, or a supervisor set: the state a call, its wrap-up, a reload or a sign-in returns to. */
    chosenState: { type: String, enum: PRESENCE_STATES, default: 'offline' },
    /** The call that made the agent busy, then in wrap-up; null otherwise. */
    callSid: { type: String, default: null },
    /** Calls offered in a row that the agent let ring out; reset when they answer one. */
    missedOffers: { type: Number, default: 0 },
    /** Grows with every change, written through the storage seam's versioned update (missing on states from before: 0). */
    version: { type: Number, default: 0 },
  },
  { versionKey: false },
);

export type AgentStateDocument = InferSchemaType<typeof agentStateSchema>;
export const AgentStateModel = mongoose.model('AgentState', agentStateSchema);
