import mongoose, { type InferSchemaType } from 'mongoose';
import { CONTENT_LANGUAGES, TOPIC_KEYS } from '@mowakaba/shared/constants';
import { ARTICLE_STATUSES, ARTICLE_VISIBILITIES } from '@mowakaba/shared/schemas/kb';

const articleSchema = new mongoose.Schema(
  {
    // Translations of one article share a group id.
    groupId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
    lang: { type: String, required: true, enum: CONTENT_LANGUAGES },
    slug: { type: String, required: true, unique: true },
    title: { type: String, required: true, trim: true },
    summary: { type: String, default: '' },
    body: { type: String, required: true },
    topic: { type: String, required: true, enum: TOPIC_KEYS },
    tags: { type: [String], default: [] },
    status: { type: String, required: true, enum: ARTICLE_STATUSES, default: 'draft' },
    visibility: { type: String, required: true, enum: ARTICLE_VISIBILITIES, default: 'public' },
    authorId: { type: mongoose.Schema.Types.ObjectId, ref: 'User' },
    updatedById: { type: mongoose.Schema.Types.ObjectId, ref: 'User' },
    // Every save adds one; the matching snapshot is in ArticleVersion.
    version: { type: Number, required: true, default: 1 },
    publishedAt: { type: Date },
  },
  { timestamps: true },
);
articleSchema.index({ status: 1, visibility: 1, lang: 1 });

export type ArticleDocument = InferSchemaType<typeof articleSchema> & { _id: mongoose.Types.ObjectId };
export const ArticleModel = mongoose.model('Article', articleSchema);
