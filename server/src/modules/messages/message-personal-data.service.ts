import mongoose from 'mongoose';
import { ERASED_TEXT } from '@mowakaba/shared/schemas/privacy';
import type { PersonalDataSelector } from '../personal-data-selector.js';
import { MessageModel, type MessageDocument } from './message.model.js';
import { OutboundEmailModel } from './outbound-email.model.js';
import { toMessageDto } from './messages.service.js';

function messageFilter(selector: PersonalDataSelector): Record<string, unknown> {
  if ('associationId' in selector) return { associationId: new mongoose.Types.ObjectId(selector.associationId) };
  if ('phone' in selector) return { phone: selector.phone };
  // A person known by e-mail address: the SMS notices of the portal requests they gave it for (a
  // request may carry a phone number too).
  return { ticketId: { $in: selector.ticketIds.map((id) => new mongoose.Types.ObjectId(id)) } };
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

/** One e-mail sent to a portal requester, as an export shows it: the address stays masked, the text was never kept. */
export interface SentEmailExport {
  to: string;
  subject: string;
  status: string;
  sentAt: string;
  ticketReference: string;
}

/** The e-mails sent about these tickets (reply notices, new follow-up codes), oldest first, for an export. */
export async function listSentEmailsForExport(tickets: Array<{ id: string; reference: string }>): Promise<SentEmailExport[]> {
  if (tickets.length === 0) return [];
  const referenceOf = new Map(tickets.map((ticket) => [ticket.id, ticket.reference]));
  const sent = await OutboundEmailModel.find({ ticketId: { $in: tickets.map((ticket) => new mongoose.Types.ObjectId(ticket.id)) } })
    .sort({ createdAt: 1 })
    .lean();
  return sent.map((email) => ({
    to: email.to,
    subject: email.subject,
    status: email.status,
    sentAt: (email as { createdAt?: Date }).createdAt?.toISOString() ?? '',
    ticketReference: referenceOf.get(email.ticketId.toString()) ?? '',
  }));
}

/**
 * Erasure on request: the records of e-mails sent about these tickets lose the masked address, the
 * subject (it names the request) and the SMTP server's id; the status and time stay for the
 * delivery statistics. Returns how many were anonymised (already erased ones are not counted again).
 */
export async function eraseSentEmails(ticketIds: string[]): Promise<number> {
  if (ticketIds.length === 0) return 0;
  const result = await OutboundEmailModel.updateMany(
    { ticketId: { $in: ticketIds.map((id) => new mongoose.Types.ObjectId(id)) }, to: { $ne: ERASED_TEXT } },
    { $set: { to: ERASED_TEXT, subject: ERASED_TEXT, messageId: null } },
  );
  return result.modifiedCount ?? 0;
}
