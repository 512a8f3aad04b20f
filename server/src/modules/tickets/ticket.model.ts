import mongoose, { type InferSchemaType } from 'mongoose';
import {
  CONTENT_LANGUAGES,
  REGION_KEYS,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TOPIC_KEYS,
} from '@mowakaba/shared/constants';

/** Sorting by urgency needs a number: urgent first. */
export const PRIORITY_RANK = { low: 0, normal: 1, high: 2, urgent: 3 } as const;

const ticketSchema = new mongoose.Schema(
  {
    reference: { type: String, required: true, unique: true },
    subject: { type: String, required: true, trim: true },
    description: { type: String, default: '' },
    channel: { type: String, required: true, enum: TICKET_CHANNELS },
    language: { type: String, required: true, enum: CONTENT_LANGUAGES },
    topic: { type: String, required: true, enum: TOPIC_KEYS },
    priority: { type: String, required: true, enum: TICKET_PRIORITIES, default: 'normal' },
    priorityRank: { type: Number, required: true, default: PRIORITY_RANK.normal },
    status: { type: String, required: true, enum: TICKET_STATUSES, default: 'new' },
    associationId: { type: mongoose.Schema.Types.ObjectId, ref: 'Association', default: null },
    contactId: { type: mongoose.Schema.Types.ObjectId, default: null },
    contactPhone: { type: String, default: null },
    /** The center's number (E.164) an SMS or WhatsApp contact wrote to: replies go out from it. */
    centerNumber: { type: String, default: null },
    // Copied from the association so queue filters need no join.
    region: { type: String, enum: [...REGION_KEYS, null], default: null },
    assigneeId: { type: mongoose.Schema.Types.ObjectId, ref: 'User', default: null },
    teamId: { type: mongoose.Schema.Types.ObjectId, ref: 'Team', default: null },
    tags: { type: [String], default: [] },
    // Free key/values; keys are validated never to contain '.' or start with '$'.
    custom: { type: Map, of: String, default: {} },
    sla: {
      firstResponseDueAt: { type: Date, default: null },
      resolutionDueAt: { type: Date, default: null },
      firstRespondedAt: { type: Date, default: null },
      /** Start of the current pause (pending, on hold); due times are unset meanwhile. */
      pausedAt: { type: Date, default: null },
      /** Business minutes spent paused so far; they push the due times back. */
      pausedMinutes: { type: Number, default: 0 },
      firstResponseWarned: { type: Boolean, default: false },
      resolutionWarned: { type: Boolean, default: false },
      firstResponseBreached: { type: Boolean, default: false },
      resolutionBreached: { type: Boolean, default: false },
    },
    /** The satisfaction survey's answer (1–5), when the contact replied. */
    satisfaction: {
      type: new mongoose.Schema({ rating: { type: Number, required: true, min: 1, max: 5 }, answeredAt: { type: Date, required: true } }, { _id: false }),
      default: null,
    },
    createdById: { type: mongoose.Schema.Types.ObjectId, ref: 'User', default: null },
    solvedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    /** The ticket this duplicate was merged into; set first, before its history moves there. */
    mergedIntoId: { type: mongoose.Schema.Types.ObjectId, ref: 'Ticket', default: null },
    /** Incremented by every change; clients send the version they saw. */
    version: { type: Number, required: true, default: 0 },
    /**
     * The version of the last change a save must have seen: every change but what the system records
     * on fields no one edits (SLA flags, a satisfaction answer), which a save made just before it is
     * not refused for. Unset: `version`.
     */
    editedVersion: { type: Number },
    /**
     * What the last change still had to write after the record (`TicketLastChange`): written with it,
     * so a node dying in between leaves enough to finish. Read only by that recovery.
     */
    lastChange: { type: mongoose.Schema.Types.Mixed, select: false },
  },
  { timestamps: true, versionKey: false },
);
// The queue views: by status, most urgent and oldest first; per team; per assignee.
ticketSchema.index({ status: 1, priorityRank: -1, createdAt: 1, _id: 1 });
ticketSchema.index({ teamId: 1, status: 1, priorityRank: -1, createdAt: 1 });
ticketSchema.index({ assigneeId: 1, status: 1, priorityRank: -1, createdAt: 1 });
ticketSchema.index({ associationId: 1, createdAt: -1 });
ticketSchema.index({ contactPhone: 1 });
ticketSchema.index({ updatedAt: -1, _id: -1 });

export type TicketDocument = InferSchemaType<typeof ticketSchema> & { _id: mongoose.Types.ObjectId };
export const TicketModel = mongoose.model('Ticket', ticketSchema);
