import type { TCreateEditSuggestionRequest, TEditSuggestion } from '@mowakaba/shared/schemas/kb';
import mongoose from 'mongoose';
import { AppError, notFound } from '../../errors.js';
import { getStorage } from '../../platform/storage/index.js';
import { findCurrentArticle } from './article-revisions.service.js';
import { ArticleModel } from './article.model.js';
import { updateArticle } from './articles.service.js';
import { EditSuggestionModel, type EditSuggestionDocument } from './edit-suggestion.model.js';

function toEditSuggestionDto(suggestion: EditSuggestionDocument): TEditSuggestion {
  const changes = suggestion.changes ?? {};
  return {
    id: suggestion._id.toString(),
    articleId: suggestion.articleId.toString(),
    authorId: suggestion.authorId.toString(),
    baseVersion: suggestion.baseVersion,
    changes: {
      ...(changes.title != null ? { title: changes.title } : {}),
      ...(changes.summary != null ? { summary: changes.summary } : {}),
      ...(changes.body != null ? { body: changes.body } : {}),
      ...(changes.tags != null ? { tags: changes.tags } : {}),
    },
    note: suggestion.note,
    status: suggestion.status,
    decidedById: suggestion.decidedById?.toString() ?? null,
    appliedVersion: suggestion.appliedVersion ?? null,
    createdAt: suggestion.createdAt.toISOString(),
  };
}

/** An agent proposes a change to an article; it waits for a supervisor. */
export async function createEditSuggestion(
  articleId: string,
  input: TCreateEditSuggestionRequest,
  authorId: string,
): Promise<TEditSuggestion> {
  const article = await findCurrentArticle(articleId);
  if (!article) throw notFound('article');
  const { note, ...changes } = input;
  const created = await EditSuggestionModel.create({ articleId, authorId, baseVersion: article.version, changes, note });
  return toEditSuggestionDto(created.toObject<EditSuggestionDocument>());
}

/** The suggestions made on an article, newest first. */
export async function listEditSuggestions(articleId: string): Promise<{ items: TEditSuggestion[] }> {
  if (!(await ArticleModel.exists({ _id: articleId }))) throw notFound('article');
  const suggestions = await EditSuggestionModel.find({ articleId }).sort({ createdAt: -1 }).lean<EditSuggestionDocument[]>();
  return { items: suggestions.map(toEditSuggestionDto) };
}

/**
 * Accepts (saves the suggested fields as a new article version) or rejects an open suggestion.
 * Under the suggestion's mutex, so two supervisors cannot both decide it; the decision is written
 * through the mutex's fence and only while the suggestion is still open.
 */
export async function decideEditSuggestion(
  articleId: string,
  suggestionId: string,
  decision: 'accept' | 'reject',
  supervisorId: string,
): Promise<TEditSuggestion> {
  const storage = getStorage();
  return storage.withMutex([`kb-edit-suggestion:${suggestionId}`], async (fence) => {
    const suggestion = await EditSuggestionModel.findOne({ _id: suggestionId, articleId }).lean<EditSuggestionDocument>();
    if (!suggestion) throw notFound('suggestion');
    if (suggestion.status !== 'open') throw new AppError('conflict', `this suggestion is already ${suggestion.status}`);
    let appliedVersion: number | undefined;
    if (decision === 'accept') {
      const { title, summary, body, tags } = toEditSuggestionDto(suggestion).changes;
      appliedVersion = (await updateArticle(articleId, { title, summary, body, tags }, supervisorId)).version;
    }
    const decided = await storage.updateVersioned<EditSuggestionDocument & { version: number }>(
      EditSuggestionModel.collection.collectionName,
      suggestion._id,
      (current) => {
        if (current.status !== 'open') throw new AppError('conflict', `this suggestion is already ${current.status}`);
        return {
          set: {
            status: decision === 'accept' ? 'accepted' : 'rejected',
            decidedById: new mongoose.Types.ObjectId(supervisorId),
            ...(appliedVersion !== undefined ? { appliedVersion } : {}),
            updatedAt: storage.clock.now(),
          },
        };
      },
      { fence },
    );
    if (!decided) throw notFound('suggestion');
    return toEditSuggestionDto(decided.after);
  });
}
