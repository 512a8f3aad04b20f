import mongoose, { type InferSchemaType } from 'mongoose';

/**
 * A short link and where it leads, keyed by its code: following one is a read by `_id` (the only
 * indexed read on FerretDB 1.24). Never changed once written.
 */
const shortLinkSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    /** A path of this server, e.g. `/portal/articles/<id>`: a short link never leads elsewhere. */
    target: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

/** The way back, keyed by the target path, so one path always gets the same code. */
const shortLinkOfTargetSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
  },
  { versionKey: false },
);

export type ShortLinkDocument = InferSchemaType<typeof shortLinkSchema>;
export const ShortLinkModel = mongoose.model('ShortLink', shortLinkSchema);
export type ShortLinkOfTargetDocument = InferSchemaType<typeof shortLinkOfTargetSchema>;
export const ShortLinkOfTargetModel = mongoose.model('ShortLinkOfTarget', shortLinkOfTargetSchema);
