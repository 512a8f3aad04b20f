import type { TUser } from '@mowakaba/shared/schemas/users';
import { TicketWorkspace } from '../modules/tickets/ticket-workspace';

export function TicketPage({ ticketId, user }: { ticketId: string; user: TUser }) {
  return <TicketWorkspace key={ticketId} ticketId={ticketId} user={user} />;
}
