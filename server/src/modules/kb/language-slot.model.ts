import mongoose from 'mongoose';

/**
 * One document per translation group and language, `_id` `<groupId>:<lang>`, naming the article.
 * Inserting it claims the language for the group (the unique _id is FerretDB's one atomic
 * primitive), and an article's translations are read by _id instead of scanning every article.
 */
const languageSlotSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    articleId: { type: mongoose.Schema.Types.ObjectId, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export const LanguageSlotModel = mongoose.model('ArticleLanguageSlot', languageSlotSchema);
