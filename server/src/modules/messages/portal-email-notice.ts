import type mongoose from 'mongoose';
import type { Logger } from '../../logger.js';
import { maskEmailAddresses } from '../../logger.js';
import { MailDeliveryError, type MailGateway } from '../../mail/mail-gateway.js';
import { findPortalRequesterEmail } from '../portal/portal.service.js';
import type { TicketDocument } from '../tickets/ticket-records.js';
import { portalCodeEmail, portalReplyEmail } from './message-texts.js';
import { OutboundEmailModel } from './outbound-email.model.js';

/**
 * Tells a portal requester who gave an e-mail address that the center answered: the reference, the
 * start of the answer and the follow page. A failed e-mail never fails the reply: it is recorded and
 * shown on the reply's entry, like a failed SMS. Returns what the entry records, or null without an address.
 */
export async function emailPortalReplyNotice(
  ticket: TicketDocument,
  entryId: mongoose.Types.ObjectId,
  reply: string,
  deps: { mail: MailGateway; followUrl: string; logger?: Logger },
): Promise<Record<string, unknown> | null> {
  const address = await findPortalRequesterEmail(ticket.reference);
  if (!address) return null;
  const mail = portalReplyEmail(ticket.language, ticket.reference, reply, deps.followUrl);
  const sent = await sendOrRecordFailure(ticket, address, mail, entryId, deps);
  return { email: sent, notice: true };
}

/**
 * Sends a portal requester who gave only an e-mail address their new follow-up code. The code goes
 * out but is kept nowhere: what is recorded is the masked address and the subject. Returns what the
 * timeline entry records, or null without an address.
 */
export async function emailFollowUpCode(
  ticket: TicketDocument,
  entryId: mongoose.Types.ObjectId,
  code: string,
  deps: { mail: MailGateway; followUrl: string; logger?: Logger },
): Promise<Record<string, unknown> | null> {
  const address = await findPortalRequesterEmail(ticket.reference);
  if (!address) return null;
  const mail = portalCodeEmail(ticket.language, ticket.reference, code, deps.followUrl);
  return { email: await sendOrRecordFailure(ticket, address, mail, entryId, deps), followUpCode: true };
}

/** Sends one e-mail and records it under the entry's id; a failed SMTP delivery is recorded, not thrown. */
async function sendOrRecordFailure(
  ticket: TicketDocument,
  address: string,
  mail: { subject: string; text: string; html: string; language: string },
  entryId: mongoose.Types.ObjectId,
  deps: { mail: MailGateway; logger?: Logger },
): Promise<{ to: string; status: 'sent' | 'simulated' | 'failed'; errorCode: string | null }> {
  const to = maskEmailAddresses(address);
  let sent: { status: 'sent' | 'simulated' | 'failed'; messageId: string | null; errorCode: string | null };
  try {
    const accepted = await deps.mail.send({ to: address, ...mail });
    sent = { status: accepted.status, messageId: accepted.messageId, errorCode: null };
  } catch (error) {
    if (!(error instanceof MailDeliveryError)) throw error;
    deps.logger?.warn({ err: error, ticketId: ticket._id.toString(), to }, "the portal requester's e-mail was not sent");
    sent = { status: 'failed', messageId: null, errorCode: error.code };
  }
  await OutboundEmailModel.create({ _id: entryId, ticketId: ticket._id, to, subject: mail.subject, ...sent });
  return { to, status: sent.status, errorCode: sent.errorCode };
}
