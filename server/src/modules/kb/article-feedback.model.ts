import mongoose from 'mongoose';

/** One "was this helpful?" vote; inserted only, so parallel votes never overwrite each other. */
const articleFeedbackSchema = new mongoose.Schema(
  {
    articleId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
    helpful: { type: Boolean, required: true },
    comment: { type: String, default: '' },
    userId: { type: mongoose.Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export const ArticleFeedbackModel = mongoose.model('ArticleFeedback', articleFeedbackSchema);
