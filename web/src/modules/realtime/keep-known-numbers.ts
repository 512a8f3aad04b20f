import { keepKnownNumber } from '../../../../shared/src/phone';
import type { TTicket } from '../../../../shared/src/schemas/tickets';

/** A ticket from an event, with the whole contact number the console already had for it (see keepKnownNumber). */
export function withKnownTicketNumber(known: TTicket | undefined, incoming: TTicket): TTicket {
  const contactPhone = keepKnownNumber(known?.contactPhone, incoming.contactPhone);
  return contactPhone === incoming.contactPhone ? incoming : { ...incoming, contactPhone };
}
