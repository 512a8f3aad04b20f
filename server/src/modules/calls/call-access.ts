// Who may work a call: the one rule of access-rule.ts applied to the call and its ticket.
import { findTicketRecord, type TicketDocument } from '../tickets/ticket-records.js';
import type { TicketActor } from '../tickets/tickets.service.js';
import type { CallDocument } from './call.model.js';
import { assertWorkAccess } from '../../access/access-rule.js';

/** The call's agent, its ticket's assignee, their teams' members (everyone for a call in no team), supervisors: 403 for anyone else. */
export async function assertCallWork(call: CallDocument, actor: TicketActor): Promise<void> {
  const ticket = call.ticketId ? await findTicketRecord(call.ticketId) : null;
  await assertWorkAccess(actor, { personIds: [call.agentId, ticket?.assigneeId], teamIds: [call.teamId, ticket?.teamId] }, 'this call belongs to another team');
}
