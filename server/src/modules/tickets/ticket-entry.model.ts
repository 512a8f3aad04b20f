import mongoose, { type InferSchemaType } from 'mongoose';
import { TIMELINE_ENTRY_KINDS } from '@mowakaba/shared/schemas/tickets';

// Timeline entries live in their own collection: a busy ticket's history has no size limit.
const ticketEntrySchema = new mongoose.Schema(
  {
    ticketId: { type: mongoose.Schema.Types.ObjectId, ref: 'Ticket', required: true },
    kind: { type: String, required: true, enum: TIMELINE_ENTRY_KINDS },
    authorId: { type: mongoose.Schema.Types.ObjectId, ref: 'User', default: null },
    body: { type: String, default: '' },
    data: { type: mongoose.Schema.Types.Mixed, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
ticketEntrySchema.index({ ticketId: 1, createdAt: 1, _id: 1 });

export type TicketEntryDocument = InferSchemaType<typeof ticketEntrySchema> & { _id: mongoose.Types.ObjectId };
export const TicketEntryModel = mongoose.model('TicketEntry', ticketEntrySchema);
