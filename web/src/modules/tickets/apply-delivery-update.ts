import type { TMessage } from '@mowakaba/shared/schemas/messages';
import type { TTicketEntry } from '@mowakaba/shared/schemas/tickets';

type TimelinePage = { items: TTicketEntry[]; nextCursor: string | null };

/**
 * A delivery report applied to the cached timeline: the entry that sent the message takes its new
 * status. Undefined when no entry on screen sent it (the reply is still being saved): refetch then.
 */
export function applyDeliveryUpdate(page: TimelinePage, message: TMessage): TimelinePage | undefined {
  let found = false;
  const items = page.items.map((entry) => {
    if (entry.data?.messageSid !== message.messageSid) return entry;
    found = true;
    return { ...entry, data: { ...entry.data, status: message.status, errorCode: message.errorCode } };
  });
  return found ? { ...page, items } : undefined;
}
