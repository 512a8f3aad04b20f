// Messages as other modules read and move them (an association's history and merge), so none imports the model.
import type mongoose from 'mongoose';
import { recordSetOf } from '../../database/rebuild-ordered-lists.js';
import { MessageModel, type MessageDocument } from './message.model.js';

export type { MessageDocument } from './message.model.js';

/** Every message, for a rebuild. */
export const messageRecordSet = () => recordSetOf(() => MessageModel.collection);

/** The stored message with this SID, or null. */
export function findMessageRecord(messageSid: string): Promise<MessageDocument | null> {
  return MessageModel.findById(messageSid).lean<MessageDocument>().exec();
}

/** Points an association's messages at the association it was merged into. Messages are written once and never rewritten whole: a plain update is safe. */
export async function moveAssociationMessages(sourceId: mongoose.Types.ObjectId, targetId: mongoose.Types.ObjectId): Promise<void> {
  await MessageModel.updateMany({ associationId: sourceId }, { $set: { associationId: targetId } });
}
