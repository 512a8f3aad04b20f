import mongoose, { type InferSchemaType } from 'mongoose';
import { TOPIC_KEYS } from '@mowakaba/shared/constants';
import { ARTICLE_STATUSES, ARTICLE_VISIBILITIES } from '@mowakaba/shared/schemas/kb';

/**
 * A snapshot of an article as one save left it; never changed afterwards. The newest version is
 * the article as it now is (see article-revisions.service.ts): its _id is `<articleId>:v<version>`,
 * so the next version of an article is found by _id, the one lookup FerretDB 1.24 answers from an
 * index, and inserting it is the compare-and-set of a save. (Versions written before this scheme
 * have ObjectId ids; the article document already holds everything they say.)
 */
const articleVersionSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
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
    publishedAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// Unique, so two saves can never both claim one version number.
articleVersionSchema.index({ articleId: 1, version: 1 }, { unique: true });

export type ArticleVersionDocument = InferSchemaType<typeof articleVersionSchema> & { _id: mongoose.Types.ObjectId };
export const ArticleVersionModel = mongoose.model('ArticleVersion', articleVersionSchema);
