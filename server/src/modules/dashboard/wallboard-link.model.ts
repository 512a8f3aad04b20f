import mongoose from 'mongoose';

/**
 * A TV's read-only wallboard link. `_id` is the SHA-256 of the token (the token itself is never
 * stored), so the TV's every request is one lookup by `_id`, the only filter FerretDB indexes.
 */
const wallboardLinkSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    linkId: { type: String, required: true },
    label: { type: String, required: true },
    teamId: { type: String, default: null },
    createdBy: { id: { type: String, required: true }, name: { type: String, required: true } },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const WallboardLinkModel = mongoose.model('WallboardLink', wallboardLinkSchema, 'wallboard_links');
