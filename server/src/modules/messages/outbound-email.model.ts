import mongoose, { type InferSchemaType } from 'mongoose';

/**
 * One e-mail sent (or, without SMTP, simulated) to tell a portal requester of an answer. `_id` is the
 * reply's timeline entry: one e-mail per reply. The address is kept masked and the text not at all:
 * the full address lives with the portal request, the answer on the ticket.
 */
const outboundEmailSchema = new mongoose.Schema(
  {
    _id: { type: mongoose.Schema.Types.ObjectId, required: true },
    ticketId: { type: mongoose.Schema.Types.ObjectId, ref: 'Ticket', required: true },
    to: { type: String, required: true },
    subject: { type: String, required: true },
    status: { type: String, enum: ['sent', 'simulated', 'failed'], required: true },
    errorCode: { type: String, default: null },
    /** The Message-ID the SMTP server accepted, to find the e-mail in its logs. */
    messageId: { type: String, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export type OutboundEmailDocument = InferSchemaType<typeof outboundEmailSchema>;
export const OutboundEmailModel = mongoose.model('OutboundEmail', outboundEmailSchema);
