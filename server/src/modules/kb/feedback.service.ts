import mongoose from 'mongoose';
import type { TArticleFeedbackRequest, TContentGaps } from '@mowakaba/shared/schemas/kb';
import { notFound } from '../../errors.js';
import { ArticleFeedbackModel } from './article-feedback.model.js';
import { findCurrentArticle } from './article-revisions.service.js';
import type { SearchAudience } from './search.service.js';
import { ZeroResultSearchModel } from './zero-result-search.model.js';
import { getStorage } from '../../platform/storage/index.js';

const GAPS_LISTED = 50;
/** Content gaps are about what people ask now; older searches without results are forgotten. */
export const ZERO_RESULT_SEARCH_RETENTION_DAYS = 90;
const COMMENTS_PER_ARTICLE = 3;

/** Records a "was this helpful?" vote on an article the voter can read; returns the new counts. */
export async function recordArticleFeedback(
  articleId: string,
  vote: TArticleFeedbackRequest,
  voter: { audience: SearchAudience; userId?: string | undefined },
): Promise<{ helpful: number; unhelpful: number }> {
  const article = await findCurrentArticle(articleId);
  const readable = article && (voter.audience === 'staff' || (article.status === 'published' && article.visibility === 'public'));
  if (!readable) throw notFound('article');
  await ArticleFeedbackModel.create({ articleId: article._id, helpful: vote.helpful, comment: vote.comment ?? '', userId: voter.userId });
  const [helpful, unhelpful] = await Promise.all([
    ArticleFeedbackModel.countDocuments({ articleId: article._id, helpful: true }),
    ArticleFeedbackModel.countDocuments({ articleId: article._id, helpful: false }),
  ]);
  return { helpful, unhelpful };
}

/**
 * What the knowledge base is missing: searches that found nothing, most frequent first, and the
 * articles readers voted unhelpful, with their latest comments.
 */
export async function listContentGaps(): Promise<TContentGaps> {
  // FerretDB 1.24's $group knows $sum and $count only (no $first, $last, $max): count in the
  // pipeline, then read the latest search of each listed group by itself.
  const groups = await ZeroResultSearchModel.aggregate<{ _id: string; count: number }>([
    { $group: { _id: '$key', count: { $sum: 1 } } },
    { $sort: { count: -1, _id: 1 } },
    { $limit: GAPS_LISTED },
  ]);
  const latest = await Promise.all(
    groups.map((group) => ZeroResultSearchModel.findOne({ key: group._id }).sort({ createdAt: -1, _id: -1 }).lean()),
  );

  const unhelpful = await ArticleFeedbackModel.aggregate<{ _id: mongoose.Types.ObjectId; unhelpful: number }>([
    { $match: { helpful: false } },
    { $group: { _id: '$articleId', unhelpful: { $sum: 1 } } },
    { $sort: { unhelpful: -1, _id: 1 } },
    { $limit: GAPS_LISTED },
  ]);
  const articleIds = unhelpful.map((group) => group._id);
  const [helpful, articles, comments] = await Promise.all([
    ArticleFeedbackModel.aggregate<{ _id: mongoose.Types.ObjectId; helpful: number }>([
      { $match: { articleId: { $in: articleIds }, helpful: true } },
      { $group: { _id: '$articleId', helpful: { $sum: 1 } } },
    ]),
    Promise.all(articleIds.map((id) => findCurrentArticle(id))).then((found) => found.filter((article) => article !== undefined)),
    ArticleFeedbackModel.find({ articleId: { $in: articleIds }, helpful: false, comment: { $ne: '' } })
      .sort({ createdAt: -1 })
      .limit(GAPS_LISTED * COMMENTS_PER_ARTICLE)
      .lean(),
  ]);

  return {
    zeroResultSearches: groups.flatMap((group, index) => {
      const search = latest[index];
      return search ? [{ query: search.query, count: group.count, lastSearchedAt: search.createdAt.toISOString() }] : [];
    }),
    unhelpfulArticles: unhelpful.flatMap((group) => {
      const id = group._id.toString();
      const article = articles.find((candidate) => candidate._id.toString() === id);
      if (!article) return [];
      return [
        {
          id,
          title: article.title,
          lang: article.lang,
          helpful: helpful.find((candidate) => candidate._id.toString() === id)?.helpful ?? 0,
          unhelpful: group.unhelpful,
          recentComments: comments
            .filter((comment) => comment.articleId.toString() === id)
            .slice(0, COMMENTS_PER_ARTICLE)
            .map((comment) => comment.comment),
        },
      ];
    }),
  };
}

/**
 * Deletes the searches without results older than the retention period (FerretDB has no TTL
 * indexes), so the gaps list stays current and its grouping does not slow down with the years.
 */
export async function deleteOldZeroResultSearches(now = getStorage().clock.now()): Promise<number> {
  const before = new Date(now.getTime() - ZERO_RESULT_SEARCH_RETENTION_DAYS * 86_400_000);
  return (await ZeroResultSearchModel.deleteMany({ createdAt: { $lt: before } })).deletedCount;
}
