import mongoose from 'mongoose';
import { ArticleFeedbackModel } from './article-feedback.model.js';
import { ArticleVersionModel } from './article-version.model.js';
import { ArticleModel } from './article.model.js';
import { EditSuggestionModel } from './edit-suggestion.model.js';
import { LanguageSlotModel } from './language-slot.model.js';
import { rebuildSearchIndex } from './search-index.service.js';

/**
 * Removes articles for good (only demo data is removed this way) with their versions, language
 * slots, feedback and edit suggestions, then rebuilds the search index once: a new generation, which
 * every node's copy reads again on its next search. Returns how many articles there were.
 */
export async function removeArticles(ids: string[]): Promise<number> {
  const articleIds = ids.filter((id) => mongoose.isValidObjectId(id)).map((id) => new mongoose.Types.ObjectId(id));
  if (articleIds.length === 0) return 0;
  const articles = await ArticleModel.find({ _id: { $in: articleIds } }, { _id: 1, groupId: 1, lang: 1 }).lean();
  if (articles.length === 0) return 0;
  const found = articles.map((article) => article._id);
  await Promise.all([
    ArticleVersionModel.deleteMany({ articleId: { $in: found } }),
    ArticleFeedbackModel.deleteMany({ articleId: { $in: found } }),
    EditSuggestionModel.deleteMany({ articleId: { $in: found } }),
    LanguageSlotModel.deleteMany({ _id: { $in: articles.map((article) => `${article.groupId.toString()}:${article.lang}`) }, articleId: { $in: found } }),
  ]);
  await ArticleModel.deleteMany({ _id: { $in: found } });
  await rebuildSearchIndex();
  return articles.length;
}
