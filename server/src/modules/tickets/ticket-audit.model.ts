import mongoose from 'mongoose';

// Who changed what and when; written for every change after creation (read from the ticket itself) and never edited.
const ticketAuditSchema = new mongoose.Schema(
  {
    ticketId: { type: mongoose.Schema.Types.ObjectId, ref: 'Ticket', required: true },
    actorId: { type: mongoose.Schema.Types.ObjectId, ref: 'User', default: null },
    changes: [{ _id: false, field: String, from: mongoose.Schema.Types.Mixed, to: mongoose.Schema.Types.Mixed }],
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
ticketAuditSchema.index({ ticketId: 1, createdAt: 1 });

export const TicketAuditModel = mongoose.model('TicketAudit', ticketAuditSchema);
