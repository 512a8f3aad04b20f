import { normalizePhoneNumber } from '@mowakaba/shared/phone';
import { ZEmail } from '@mowakaba/shared/schemas/common';
import type { TContactHoldings, TErasureReport } from '@mowakaba/shared/schemas/privacy';
import { AppError } from '../../errors.js';
import { maskEmailAddresses } from '../../logger.js';
import { eraseAssociationPersonalData, eraseContactByEmail, eraseContactByPhone, listContactsByEmail } from '../associations/association-personal-data.service.js';
import { getAssociationById } from '../associations/associations.service.js';
import { lookupAssociationsByPhone } from '../associations/phone-directory.js';
import { type AuditActor, recordAuditEntry } from '../audit/audit-log.service.js';
import { eraseCallsPersonalData, listCallsForExport } from '../calls/call-personal-data.service.js';
import { eraseMessagesPersonalData, eraseSentEmails, listMessagesForExport, listSentEmailsForExport, type SentEmailExport } from '../messages/message-personal-data.service.js';
import type { PersonalDataSelector } from '../personal-data-selector.js';
import {
  countPortalAccessesOfTickets,
  deletePortalAccessesByEmail,
  deletePortalAccessesOfTickets,
  findPortalTicketIdsByEmail,
} from '../portal/portal-personal-data.service.js';
import { eraseTicketsPersonalData, findTicketIdsOf, listTicketsForExport } from '../tickets/ticket-personal-data.service.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import type { TwilioGateway } from '../../twilio/twilio-gateway.js';
import { getStorage } from '../../platform/storage/index.js';

export interface PersonalDataExport {
  exportedAt: string;
  subject: { kind: 'association'; id: string } | { kind: 'contact'; phone: string } | { kind: 'contact'; email: string };
  association: Awaited<ReturnType<typeof getAssociationById>> | null;
  contacts: Array<{ associationId: string; name: string; role: string; phones: string[]; emails: string[] }>;
  tickets: Awaited<ReturnType<typeof listTicketsForExport>>;
  calls: Awaited<ReturnType<typeof listCallsForExport>>['calls'];
  callbackTasks: Awaited<ReturnType<typeof listCallsForExport>>['callbackTasks'];
  messages: Awaited<ReturnType<typeof listMessagesForExport>>;
  /** E-mails sent to a portal requester (reply notices, new codes): masked address, subject, time, ticket. */
  sentEmails: SentEmailExport[];
}

/** A phone number as the records keep it (E.164), or 400. */
export function requirePhone(text: string): string {
  const phone = normalizePhoneNumber(text);
  if (!phone) {
    throw new AppError('validation_failed', 'the request is not valid', [{ path: 'phone', code: 'invalid_phone', message: 'is not a phone number' }]);
  }
  return phone;
}

/**
 * Whom a contact export or erasure is about: a phone number (as the records keep it) or an e-mail
 * address with the portal requests given with it. Exactly one of the two, or 400.
 */
export async function selectContact({ phone, email }: { phone?: string; email?: string }): Promise<PersonalDataSelector> {
  if ((phone === undefined) === (email === undefined)) {
    throw new AppError('validation_failed', 'the request is not valid', [{ path: 'phone', code: 'custom', message: 'give a phone number or an e-mail address' }]);
  }
  if (phone !== undefined) return { phone: requirePhone(phone) };
  return { email: email!, ticketIds: await findPortalTicketIdsByEmail(email!) };
}

/** What the audit log names: the association, the number, or the e-mail address masked (the log keeps no full address). */
function auditTargetOf(selector: PersonalDataSelector): { targetKind: 'association' | 'contact'; targetId: string } {
  if ('associationId' in selector) return { targetKind: 'association', targetId: selector.associationId };
  return { targetKind: 'contact', targetId: 'phone' in selector ? selector.phone : maskEmailAddresses(selector.email) };
}

async function collect(selector: PersonalDataSelector): Promise<Omit<PersonalDataExport, 'exportedAt' | 'subject'>> {
  const [tickets, calls, messages] = await Promise.all([listTicketsForExport(selector), listCallsForExport(selector), listMessagesForExport(selector)]);
  let association: PersonalDataExport['association'] = null;
  let contacts: PersonalDataExport['contacts'] = [];
  if ('associationId' in selector) {
    association = await getAssociationById(selector.associationId);
    contacts = association.contacts.map((contact) => ({ associationId: association!.id, name: contact.name, role: contact.role, phones: contact.phones, emails: contact.emails }));
  } else if ('email' in selector) {
    contacts = await listContactsByEmail(selector.email);
  } else {
    const lookup = await lookupAssociationsByPhone(selector.phone);
    contacts = lookup.matches.map(({ association: held, contact }) => ({
      associationId: held.id,
      name: contact.name,
      role: contact.role,
      phones: contact.phones,
      emails: contact.emails,
    }));
  }
  const sentEmails = await listSentEmailsForExport(tickets.map(({ ticket }) => ({ id: ticket.id, reference: ticket.reference })));
  return { association, contacts, tickets, calls: calls.calls, callbackTasks: calls.callbackTasks, messages, sentEmails };
}

/** Everything held about an association or a contact (law 09-08 right of access); audited. */
export async function exportPersonalData(
  selector: PersonalDataSelector,
  actor: AuditActor,
  format: 'json' | 'html',
  requestId?: string,
): Promise<PersonalDataExport> {
  const data = await collect(selector);
  const exported: PersonalDataExport = {
    exportedAt: getStorage().clock.now().toISOString(),
    subject:
      'associationId' in selector
        ? { kind: 'association', id: selector.associationId }
        : 'phone' in selector
          ? { kind: 'contact', phone: selector.phone }
          : { kind: 'contact', email: selector.email },
    ...data,
  };
  await recordAuditEntry({
    actor,
    action: 'privacy.export',
    ...auditTargetOf(selector),
    details: { format, tickets: data.tickets.length, calls: data.calls.length, messages: data.messages.length, sentEmails: data.sentEmails.length },
    requestId,
  });
  return exported;
}

/**
 * Erasure on request: the association's (or contact's) personal fields are erased everywhere —
 * association, tickets and their timelines, calls and recordings, callback tasks, messages, portal
 * follow-up — and records stay, anonymised, for the statistics. Audited with the counts only.
 */
/** What erasing personal data reaches beyond the database: the consoles (through the feed) and the Twilio account. */
export interface PrivacyDependencies {
  publisher: EventPublisher;
  twilio: TwilioGateway;
}

export async function erasePersonalData(selector: PersonalDataSelector, actor: AuditActor, { publisher, twilio }: PrivacyDependencies, requestId?: string): Promise<TErasureReport> {
  const counts: Record<string, number> = {};
  // Read before the tickets are erased: erasing a phone number's tickets clears the number that finds them.
  const ticketIds = await findTicketIdsOf(selector);
  if ('associationId' in selector) {
    const erased = await eraseAssociationPersonalData(selector.associationId, publisher);
    counts.contacts = erased.contacts;
  } else if ('phone' in selector) {
    counts.contacts = await eraseContactByPhone(selector.phone, publisher);
  } else {
    counts.contacts = await eraseContactByEmail(selector.email, publisher);
  }
  const tickets = await eraseTicketsPersonalData(selector, publisher, { id: actor._id.toString() });
  counts.tickets = tickets.tickets;
  counts.timelineEntries = tickets.entries;
  counts.portalAccesses = await deletePortalAccessesOfTickets(tickets.ids);
  // Requests already anonymised (by retention) may still hold the address: it goes too.
  if ('email' in selector) counts.portalAccesses += await deletePortalAccessesByEmail(selector.email);
  const calls = await eraseCallsPersonalData(selector, twilio, publisher);
  counts.calls = calls.calls;
  counts.recordings = calls.recordings;
  counts.recordingsPendingAtTwilio = calls.recordingsPendingAtTwilio;
  counts.callbackTasks = calls.callbackTasks;
  counts.messages = await eraseMessagesPersonalData(selector);
  counts.sentEmails = await eraseSentEmails(ticketIds);
  const erasedAt = getStorage().clock.now();
  await recordAuditEntry({
    actor,
    action: 'privacy.erase',
    ...auditTargetOf(selector),
    details: counts,
    requestId,
    at: erasedAt,
  });
  return { erasedAt: erasedAt.toISOString(), counts };
}

/** A verification for erasing an association: its registration reference typed again. */
export async function assertErasureConfirmed(associationId: string, confirmReference: string): Promise<void> {
  const association = await getAssociationById(associationId);
  if (association.registrationRef.trim().toLowerCase() !== confirmReference.trim().toLowerCase()) {
    throw new AppError('validation_failed', 'the request is not valid', [
      { path: 'confirmReference', code: 'mismatch', message: "is not this association's registration reference" },
    ]);
  }
}

/**
 * Reads the admin's one search box: text with an @ is an e-mail address, anything else must be a
 * phone number in any Moroccan format (06…, 00212…, +212…, with spaces or dashes); else 400 on `q`.
 */
export async function selectContactBySearch(text: string): Promise<PersonalDataSelector> {
  if (text.includes('@')) {
    const email = ZEmail.safeParse(text);
    if (!email.success) {
      throw new AppError('validation_failed', 'the request is not valid', [{ path: 'q', code: 'invalid_email', message: 'is not an e-mail address' }]);
    }
    return selectContact({ email: email.data });
  }
  const phone = normalizePhoneNumber(text);
  if (!phone) {
    throw new AppError('validation_failed', 'the request is not valid', [
      { path: 'q', code: 'invalid_contact', message: 'is neither a phone number nor an e-mail address' },
    ]);
  }
  return { phone };
}

/** How much is held about one person, per kind, for the admin to see before exporting or erasing; audited. */
export async function describeContactHoldings(selector: PersonalDataSelector, actor: AuditActor, requestId?: string): Promise<TContactHoldings> {
  if ('associationId' in selector) throw new Error('a contact search is about a person, not an association');
  const data = await collect(selector);
  const counts: TContactHoldings['counts'] = {
    contacts: data.contacts.length,
    tickets: data.tickets.length,
    calls: data.calls.length,
    callbackTasks: data.callbackTasks.length,
    messages: data.messages.length,
    sentEmails: data.sentEmails.length,
    portalRequests: await countPortalAccessesOfTickets(data.tickets.map(({ ticket }) => ticket.id)),
  };
  await recordAuditEntry({ actor, action: 'privacy.search', ...auditTargetOf(selector), details: counts, requestId });
  return { subject: 'phone' in selector ? { kind: 'phone', phone: selector.phone } : { kind: 'email', email: selector.email }, counts };
}
