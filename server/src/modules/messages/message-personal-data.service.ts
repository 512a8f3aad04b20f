import mongoose from 'mongoose';
import { ERASED_TEXT } from '../../../../shared/src/schemas/privacy.js';
import type { PersonalDataSelector } from '../personal-data-selector.js';
import { MessageModel, type MessageDocument } from './message.model.js';
import { toMessageDto } from './messages.service.js';

function messageFilter(selector: PersonalDataSelector): Record<string, unknown> {
  if ('associationId' in selector) return { associationId: new mongoose.Types.ObjectId(selector.associationId) };
  // SMS and WhatsApp messages are keyed by phone number: a person known only by e-mail address has none.
  return 'phone' in selector ? { phone: selector.phone } : { _id: { $in: [] } };
}

/** Every SMS / WhatsApp message of the association or contact, for an export. */
export async function listMessagesForExport(selector: PersonalDataSelector) {
  const messages = await MessageModel.find(messageFilter(selector)).sort({ createdAt: 1 }).lean<MessageDocument[]>();
  return messages.map(toMessageDto);
}

/** Erases the bodies, media links and numbers of the association's or contact's messages. */
export async function eraseMessagesPersonalData(selector: PersonalDataSelector): Promise<number> {
  const result = await MessageModel.updateMany(messageFilter(selector), { $set: { body: ERASED_TEXT, media: [], phone: null } });
  return result.modifiedCount ?? 0;
}

/** Retention of message bodies: bodies and media links of messages older than `cutoff`. */
export async function eraseMessageBodiesBefore(cutoff: Date): Promise<number> {
  const result = await MessageModel.updateMany(
    { createdAt: { $lt: cutoff }, body: { $ne: ERASED_TEXT } },
    { $set: { body: ERASED_TEXT, media: [] } },
  );
  return result.modifiedCount ?? 0;
}
