import mongoose, { type InferSchemaType } from 'mongoose';
import { MESSAGE_CHANNELS, MESSAGE_STATUSES } from '@mowakaba/shared/schemas/messages';

// `_id` is the MessageSid: a redelivered webhook finds its message with the one lookup FerretDB
// indexes, and the insert of a second copy is refused.
const messageSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    direction: { type: String, enum: ['inbound', 'outbound'], required: true },
    channel: { type: String, enum: MESSAGE_CHANNELS, required: true },
    /** The association member's number, E.164, when it is one. */
    phone: { type: String, default: null },
    /** The center's number on the other side (the one written to, or sent from), E.164. */
    centerNumber: { type: String, default: null },
    body: { type: String, default: '' },
    media: { type: [new mongoose.Schema({ url: String, contentType: { type: String, default: null } }, { _id: false })], default: [] },
    ticketId: { type: mongoose.Schema.Types.ObjectId, ref: 'Ticket', default: null },
    /** The ticket timeline entry that shows this message. */
    entryId: { type: mongoose.Schema.Types.ObjectId, default: null },
    associationId: { type: mongoose.Schema.Types.ObjectId, ref: 'Association', default: null },
    status: { type: String, enum: MESSAGE_STATUSES, required: true },
    errorCode: { type: String, default: null },
    simulated: { type: Boolean, default: false },
    /** Grows with every change made through the storage seam's versioned update (0 on messages from before). */
    version: { type: Number, default: 0 },
  },
  { timestamps: true, versionKey: false },
);
messageSchema.index({ associationId: 1, createdAt: -1 });
messageSchema.index({ ticketId: 1, createdAt: 1 });

export type MessageDocument = InferSchemaType<typeof messageSchema> & { _id: string };
export const MessageModel = mongoose.model('Message', messageSchema);
