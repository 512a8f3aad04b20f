import type { TContentLanguage, TTopicKey } from '@mowakaba/shared/constants';
import type { TCannedReply, TCreateCannedReplyRequest, TUpdateCannedReplyRequest } from '@mowakaba/shared/schemas/canned-replies';
import { notFound } from '../../errors.js';
import { CannedReplyModel, type CannedReplyDocument } from './canned-reply.model.js';

function toCannedReplyDto(reply: CannedReplyDocument): TCannedReply {
  return {
    id: reply._id.toString(),
    title: reply.title,
    body: reply.body,
    language: reply.language,
    topic: (reply.topic ?? null) as TTopicKey | null,
    updatedAt: reply.updatedAt.toISOString(),
  };
}

/**
 * Canned replies in a language; with a topic, those of that topic first, then those for any topic
 * (replies of other topics are left out). A small collection: read whole and filtered here.
 */
export async function listCannedReplies(filter: { language?: TContentLanguage; topic?: TTopicKey }): Promise<TCannedReply[]> {
  const replies = (await CannedReplyModel.find().lean<CannedReplyDocument[]>()).map(toCannedReplyDto);
  return replies
    .filter((reply) => !filter.language || reply.language === filter.language)
    .filter((reply) => !filter.topic || reply.topic === null || reply.topic === filter.topic)
    .sort((a, b) => Number(b.topic !== null) - Number(a.topic !== null) || a.title.localeCompare(b.title));
}

export async function createCannedReply(input: TCreateCannedReplyRequest, actorId: string): Promise<TCannedReply> {
  const reply = await CannedReplyModel.create({ ...input, updatedById: actorId });
  return toCannedReplyDto(reply.toObject() as CannedReplyDocument);
}

export async function updateCannedReply(id: string, changes: TUpdateCannedReplyRequest, actorId: string): Promise<TCannedReply> {
  const reply = await CannedReplyModel.findByIdAndUpdate(id, { $set: { ...changes, updatedById: actorId } }, { returnDocument: 'after', runValidators: true }).lean<CannedReplyDocument>();
  if (!reply) throw notFound('canned reply');
  return toCannedReplyDto(reply);
}

export async function deleteCannedReply(id: string): Promise<void> {
  const deleted = await CannedReplyModel.findByIdAndDelete(id).lean();
  if (!deleted) throw notFound('canned reply');
}
