import { keepKnownNumber } from '@mowakaba/shared/phone';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';

/** A ticket from an event, with the whole contact number the console already had for it (see keepKnownNumber). */
export function withKnownTicketNumber(known: TTicket | undefined, incoming: TTicket): TTicket {
  const contactPhone = keepKnownNumber(known?.contactPhone, incoming.contactPhone);
  return contactPhone === incoming.contactPhone ? incoming : { ...incoming, contactPhone };
}

/** A call from an event, with the whole numbers the console already had for it (see keepKnownNumber). */
export function withKnownCallNumbers(known: TCall | undefined, incoming: TCall): TCall {
  const from = keepKnownNumber(known?.from, incoming.from) ?? incoming.from;
  const to = keepKnownNumber(known?.to, incoming.to) ?? incoming.to;
  return from === incoming.from && to === incoming.to ? incoming : { ...incoming, from, to };
}
