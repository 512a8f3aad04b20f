import mongoose from 'mongoose';
import { CONTENT_LANGUAGES, type TContentLanguage } from '@mowakaba/shared/constants';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { AppError } from '../../errors.js';
import { ArticleModel, type ArticleDocument } from './article.model.js';
import { LanguageSlotModel } from './language-slot.model.js';
import { getStorage } from '../../platform/storage/index.js';

/** A claim whose article never appeared (its creation failed) is given up after this long. */
const ABANDONED_CLAIM_MS = 60_000;

const slotIdFor = (groupId: mongoose.Types.ObjectId | string, lang: string) => `${groupId.toString()}:${lang}`;

/** Claims `lang` in a translation group for a new article; 409 when the group already has it. */
export async function claimLanguageSlot(groupId: mongoose.Types.ObjectId, lang: TContentLanguage, articleId: mongoose.Types.ObjectId): Promise<void> {
  const _id = slotIdFor(groupId, lang);
  try {
    await LanguageSlotModel.create({ _id, articleId });
    return;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const taken = await LanguageSlotModel.findById(_id).lean();
  const abandoned =
    taken && taken.createdAt.getTime() < getStorage().clock.now().getTime() - ABANDONED_CLAIM_MS && !(await ArticleModel.exists({ _id: taken.articleId }));
  if (!abandoned) throw new AppError('conflict', `this article already has a translation in ${lang}`);
  await LanguageSlotModel.deleteOne({ _id, articleId: taken.articleId });
  await claimLanguageSlot(groupId, lang, articleId);
}

/**
 * Slots for a group written before slots existed: read the group's articles once (a scan) and
 * claim their languages. Later reads of the group find the slots by _id.
 */
export async function ensureGroupSlots(groupId: mongoose.Types.ObjectId): Promise<void> {
  const members = await ArticleModel.find({ groupId }).select('lang').lean<Pick<ArticleDocument, '_id' | 'lang'>[]>();
  for (const member of members) {
    await LanguageSlotModel.create({ _id: slotIdFor(groupId, member.lang), articleId: member._id }).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  }
}

/** The ids of an article's translations (every other language of its group), read by _id. */
export async function findTranslationIds(article: Pick<ArticleDocument, '_id' | 'groupId' | 'lang'>): Promise<mongoose.Types.ObjectId[]> {
  const read = () => Promise.all(CONTENT_LANGUAGES.map((lang) => LanguageSlotModel.findById(slotIdFor(article.groupId, lang)).lean()));
  let slots = await read();
  if (!slots[CONTENT_LANGUAGES.indexOf(article.lang)]) {
    await ensureGroupSlots(article.groupId);
    slots = await read();
  }
  return slots.flatMap((slot) => (slot && !slot.articleId.equals(article._id) ? [slot.articleId] : []));
}
