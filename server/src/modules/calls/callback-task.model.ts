import mongoose, { type InferSchemaType } from 'mongoose';
import { CALLBACK_REASONS, CALLBACK_RESOLUTIONS } from '@mowakaba/shared/schemas/calls';

// A caller to ring back. `_id` is `callback:<CallSid>`: the insert that creates it is refused the
// second time, so a call leaves at most one, whatever order its callbacks arrive in.
const callbackTaskSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    callSid: { type: String, required: true },
    phone: { type: String, default: null },
    associationId: { type: mongoose.Schema.Types.ObjectId, ref: 'Association', default: null },
    ticketId: { type: mongoose.Schema.Types.ObjectId, ref: 'Ticket', default: null },
    teamId: { type: mongoose.Schema.Types.ObjectId, ref: 'Team', default: null },
    queue: { type: String, default: null },
    reason: { type: String, enum: CALLBACK_REASONS, required: true },
    waitSeconds: { type: Number, default: null },
    /** When the caller first joined the queue: callbacks keep the place the caller had. */
    priorityAt: { type: Date, required: true },
    status: { type: String, enum: ['open', 'done'], required: true, default: 'open' },
    attempts: { type: Number, required: true, default: 0 },
    lastCallSid: { type: String, default: null },
    /** An agent is dialling it now (claimed before Twilio is asked): nobody else may until the dial is placed or fails. */
    dialingById: { type: mongoose.Schema.Types.ObjectId, ref: 'User', default: null },
    dialingSince: { type: Date, default: null },
    doneAt: { type: Date, default: null },
    resolution: { type: String, enum: [...CALLBACK_RESOLUTIONS, null], default: null },
    /** Who closed it by hand; null when an answered callback call closed it. */
    doneById: { type: mongoose.Schema.Types.ObjectId, ref: 'User', default: null },
    /** Grows with every change (callback-task.store.ts); a task stored before versions reads as 0. */
    version: { type: Number, default: 0 },
  },
  { timestamps: true, versionKey: false },
);
callbackTaskSchema.index({ status: 1, priorityAt: 1, _id: 1 });

export type CallbackTaskDocument = InferSchemaType<typeof callbackTaskSchema> & { _id: string };
export const CallbackTaskModel = mongoose.model('CallbackTask', callbackTaskSchema);
