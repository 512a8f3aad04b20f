import mongoose, { type InferSchemaType } from 'mongoose';

export const TICKET_ENTRY_KINDS = ['public-reply', 'internal-note', 'status-change', 'assignment', 'call', 'message'] as const;

// Timeline entries live in their own collection: a busy ticket's history has no size limit.
const ticketEntrySchema = new mongoose.Schema(
  {
    ticketId: { type: mongoose.Schema.Types.ObjectId, ref: 'Ticket', required: true },
    kind: { type: String, required: true, enum: TICKET_ENTRY_KINDS },
    authorId: { type: mongoose.Schema.Types.ObjectId, ref: 'User' },
    body: { type: String, default: '' },
    data: { type: mongoose.Schema.Types.Mixed },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
ticketEntrySchema.index({ ticketId: 1, createdAt: 1 });

export type TicketEntryDocument = InferSchemaType<typeof ticketEntrySchema>;
export const TicketEntryModel = mongoose.model('TicketEntry', ticketEntrySchema);
