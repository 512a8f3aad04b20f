import mongoose, { type InferSchemaType } from 'mongoose';
import { TOPIC_KEYS } from '../../../../shared/src/constants.js';
import { ARTICLE_STATUSES, ARTICLE_VISIBILITIES } from '../../../../shared/src/schemas/kb.js';

/** A snapshot of an article as one save left it; never changed afterwards. */
const articleVersionSchema = new mongoose.Schema(
  {
    articleId: { type: mongoose.Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    title: { type: String, required: true },
    summary: { type: String, default: '' },
    body: { type: String, required: true },
    topic: { type: String, required: true, enum: TOPIC_KEYS },
    tags: { type: [String], default: [] },
    status: { type: String, required: true, enum: ARTICLE_STATUSES },
    visibility: { type: String, required: true, enum: ARTICLE_VISIBILITIES },
    editorId: { type: mongoose.Schema.Types.ObjectId, ref: 'User' },
    restoredFrom: { type: Number },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// Unique, so two saves can never both claim one version number.
articleVersionSchema.index({ articleId: 1, version: 1 }, { unique: true });

export type ArticleVersionDocument = InferSchemaType<typeof articleVersionSchema> & { _id: mongoose.Types.ObjectId };
export const ArticleVersionModel = mongoose.model('ArticleVersion', articleVersionSchema);
