import type { TCallbackEventPayload, TCallEventPayload, TEventName, TEventPayloads, TMessageEventPayload, TTicketEventPayload } from '@mowakaba/shared/events';
import { maskPhone } from '@mowakaba/shared/phone';

export interface PhoneViewer {
  id: string;
  role: string;
}

/**
 * Lists show whole phone numbers only to those whose work needs them: supervisors and admins, and
 * the agent the ticket or call is assigned to. Other agents see them masked (`+212•••••••78`):
 * they recognise a caller by the association, and call back through the server (`POST /api/calls`
 * with a ticket or callback task), which never needs the number from the browser. A record's own
 * page (opened to work on it) keeps the whole number.
 */
export const seesWholeNumbers = (viewer: PhoneViewer, ownerId: string | null | undefined) => viewer.role !== 'agent' || ownerId === viewer.id;

const maskOrNull = (phone: string | null) => (phone ? maskPhone(phone) : phone);

export function maskTicketListPhones<T extends { items: Array<{ contactPhone: string | null; assigneeId: string | null }> }>(page: T, viewer: PhoneViewer): T {
  return { ...page, items: page.items.map((ticket) => (seesWholeNumbers(viewer, ticket.assigneeId) ? ticket : { ...ticket, contactPhone: maskOrNull(ticket.contactPhone) })) };
}

const maskCallPhones = <C extends { from: string; to: string }>(call: C): C => ({ ...call, from: call.from && maskPhone(call.from), to: call.to && maskPhone(call.to) });

export function maskCallListPhones<T extends { items: Array<{ from: string; to: string; agentId: string | null }> }>(page: T, viewer: PhoneViewer): T {
  return { ...page, items: page.items.map((call) => (seesWholeNumbers(viewer, call.agentId) ? call : maskCallPhones(call))) };
}

export function maskCallbackListPhones<T extends { items: Array<{ phone: string | null }> }>(page: T, viewer: PhoneViewer): T {
  return { ...page, items: page.items.map((task) => (seesWholeNumbers(viewer, null) ? task : { ...task, phone: maskOrNull(task.phone) })) };
}

/**
 * The association directory, as a list: agents find an association by name and open it (its own page
 * keeps the numbers); they do not get every contact's number of every association in one answer.
 */
export function maskAssociationListPhones<T extends { items: Array<{ contacts: Array<{ phones: string[] }> }> }>(page: T, viewer: PhoneViewer): T {
  if (seesWholeNumbers(viewer, null)) return page;
  return { ...page, items: page.items.map((association) => ({ ...association, contacts: association.contacts.map((contact) => ({ ...contact, phones: contact.phones.map(maskPhone) })) })) };
}

/** Rooms whose members see whole numbers in events: supervisors and admins. */
const WHOLE_NUMBER_ROOMS = new Set(['role:supervisor', 'role:admin']);

/**
 * What a ticket, message or call event carries into one room. Events reach whole teams (and the
 * viewers of a ticket), most of whom are agents the number is not for: every room but the
 * supervisors' and admins' gets it masked, a ringing call included (the agent knows the caller by
 * the association; calling back goes through the server). Consoles keep a whole number they
 * already had (their own assignments' and calls' lists and pages).
 */
export function maskEventPhones<E extends TEventName>(event: E, payload: TEventPayloads[E], room: string): TEventPayloads[E] {
  if (WHOLE_NUMBER_ROOMS.has(room)) return payload;
  if (event === 'ticket.created' || event === 'ticket.updated') {
    const { ticket } = payload as TTicketEventPayload;
    return (ticket.contactPhone ? { ...payload, ticket: { ...ticket, contactPhone: maskPhone(ticket.contactPhone) } } : payload) as TEventPayloads[E];
  }
  if (event === 'message.received' || event === 'message.updated') {
    const { message } = payload as TMessageEventPayload;
    return (message.phone ? { ...payload, message: { ...message, phone: maskPhone(message.phone) } } : payload) as TEventPayloads[E];
  }
  if (event === 'call.queued' || event === 'call.updated') {
    const { call } = payload as TCallEventPayload;
    return { ...payload, call: maskCallPhones(call) } as TEventPayloads[E];
  }
  if (event === 'callback.updated') {
    const { task } = payload as TCallbackEventPayload;
    return (task.phone ? { ...payload, task: { ...task, phone: maskPhone(task.phone) } } : payload) as TEventPayloads[E];
  }
  return payload;
}
