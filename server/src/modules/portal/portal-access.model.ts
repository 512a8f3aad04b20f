import mongoose, { type InferSchemaType } from 'mongoose';

/**
 * What lets a portal requester follow their ticket: keyed by the ticket reference, so a lookup is
 * one read by _id (the only indexed read on FerretDB 1.24). Holds a salted hash of the follow-up
 * code, never the code itself. Written once; only a renewed code changes it.
 */
const portalAccessSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    ticketId: { type: mongoose.Schema.Types.ObjectId, ref: 'Ticket', required: true },
    salt: { type: String, required: true },
    codeHash: { type: String, required: true },
    /** The requester's e-mail address, when they gave one instead of a phone number: told there when the center answers. */
    email: { type: String, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export type PortalAccessDocument = InferSchemaType<typeof portalAccessSchema>;
export const PortalAccessModel = mongoose.model('PortalAccess', portalAccessSchema);
