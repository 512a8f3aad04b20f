import { maskPhone } from '@mowakaba/shared/phone';
import type { TRevealedContact } from '@mowakaba/shared/schemas/privacy';
import { maskEmailAddresses } from '../../logger.js';
import { findPortalRequesterEmail } from '../portal/portal.service.js';
import { getTicketById, type TicketActor } from '../tickets/tickets.service.js';

/** Supervisors and admins see a requester's details whole; agents see them masked until they reveal them. */
export const seesWholeContact = (actor: TicketActor) => actor.role !== 'agent';

async function readTicketContact(ticketId: string, actor: TicketActor): Promise<TRevealedContact> {
  const ticket = await getTicketById(ticketId, actor);
  return { phone: ticket.contactPhone, email: await findPortalRequesterEmail(ticket.reference) };
}

/**
 * How to reach a ticket's requester: the number and the e-mail address given on the portal. Agents
 * get them masked (`+212•••••••78`, `h•••@example.org`): enough to recognise, not to copy.
 */
export async function getTicketContact(ticketId: string, actor: TicketActor): Promise<TRevealedContact> {
  const contact = await readTicketContact(ticketId, actor);
  if (seesWholeContact(actor)) return contact;
  return { phone: contact.phone && maskPhone(contact.phone), email: contact.email && maskEmailAddresses(contact.email) };
}

/**
 * The requester's whole details, for a member of staff with access to the ticket who needs to write or
 * call outside the center's tools. The route's audit entry names who revealed which ticket's details and
 * when, never the details.
 */
export function revealTicketContact(ticketId: string, actor: TicketActor): Promise<TRevealedContact> {
  return readTicketContact(ticketId, actor);
}
