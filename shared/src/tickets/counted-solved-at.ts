import type { TTicket } from '../schemas/tickets.js';

/**
 * When a ticket counts as solved (the dashboards' "solved" and the ticket list's `solvedFrom`/`solvedTo`):
 * its last solve, while it stays solved or closed; null for a ticket reopened or never solved.
 */
export function countedSolvedAt(ticket: Pick<TTicket, 'status' | 'solvedAt'>): string | null {
  return ticket.solvedAt && (ticket.status === 'solved' || ticket.status === 'closed') ? ticket.solvedAt : null;
}
