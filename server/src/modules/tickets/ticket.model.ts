import mongoose, { type InferSchemaType } from 'mongoose';
import {
  CONTENT_LANGUAGES,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TOPIC_KEYS,
} from '../../../../shared/src/constants.js';

const ticketSchema = new mongoose.Schema(
  {
    reference: { type: String, required: true, unique: true },
    associationId: { type: mongoose.Schema.Types.ObjectId, ref: 'Association', index: true },
    contactPhone: { type: String },
    channel: { type: String, required: true, enum: TICKET_CHANNELS },
    language: { type: String, required: true, enum: CONTENT_LANGUAGES },
    topic: { type: String, required: true, enum: TOPIC_KEYS },
    priority: { type: String, required: true, enum: TICKET_PRIORITIES, default: 'normal' },
    status: { type: String, required: true, enum: TICKET_STATUSES, default: 'new' },
    subject: { type: String, required: true, trim: true },
    description: { type: String, default: '' },
    assigneeId: { type: mongoose.Schema.Types.ObjectId, ref: 'User' },
    teamId: { type: mongoose.Schema.Types.ObjectId, ref: 'Team' },
    tags: { type: [String], default: [] },
    // Free key/values; keys are checked elsewhere never to contain '.' or start with '$'.
    custom: { type: Map, of: String, default: {} },
  },
  { timestamps: true, optimisticConcurrency: true },
);
ticketSchema.index({ status: 1, priority: -1, createdAt: 1 });
ticketSchema.index({ assigneeId: 1, status: 1, updatedAt: -1 });
ticketSchema.index({ teamId: 1, status: 1, createdAt: 1 });

export type TicketDocument = InferSchemaType<typeof ticketSchema> & { _id: mongoose.Types.ObjectId };
export const TicketModel = mongoose.model('Ticket', ticketSchema);
