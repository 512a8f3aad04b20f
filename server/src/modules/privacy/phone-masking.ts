import { maskPhone } from '../../../../shared/src/phone.js';

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

export function maskCallListPhones<T extends { items: Array<{ from: string; to: string; agentId: string | null }> }>(page: T, viewer: PhoneViewer): T {
  return {
    ...page,
    items: page.items.map((call) => (seesWholeNumbers(viewer, call.agentId) ? call : { ...call, from: call.from && maskPhone(call.from), to: call.to && maskPhone(call.to) })),
  };
}

export function maskCallbackListPhones<T extends { items: Array<{ phone: string | null }> }>(page: T, viewer: PhoneViewer): T {
  return { ...page, items: page.items.map((task) => (seesWholeNumbers(viewer, null) ? task : { ...task, phone: maskOrNull(task.phone) })) };
}
