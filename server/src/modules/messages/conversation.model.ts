import mongoose from 'mongoose';

// The ticket a sender's SMS or WhatsApp messages go to. `_id` is `<channel>:<association id>` (or
// `<channel>:<number>` for a number no association has), so finding it is one `_id` lookup instead
// of a scan of the tickets.
const conversationSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    ticketId: { type: mongoose.Schema.Types.ObjectId, ref: 'Ticket', required: true },
    lastMessageAt: { type: Date, required: true },
    /** Grows with every change made through the storage seam's versioned update (0 on conversations from before). */
    version: { type: Number, default: 0 },
  },
  { versionKey: false },
);

export const ConversationModel = mongoose.model('Conversation', conversationSchema);
