import type { TTicket, TTicketEntry } from '@mowakaba/shared/schemas/tickets';
import { rooms } from '@mowakaba/shared/events';
import type { TicketEntryDocument } from './ticket-entry.model.js';
import type { TicketDocument } from './ticket.model.js';

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

export function toTicketDto(ticket: TicketDocument): TTicket {
  const custom = ticket.custom instanceof Map ? Object.fromEntries(ticket.custom) : { ...(ticket.custom as Record<string, string>) };
  return {
    id: ticket._id.toString(),
    reference: ticket.reference,
    subject: ticket.subject,
    description: ticket.description,
    channel: ticket.channel,
    language: ticket.language,
    topic: ticket.topic,
    priority: ticket.priority,
    status: ticket.status,
    associationId: ticket.associationId?.toString() ?? null,
    contactId: ticket.contactId?.toString() ?? null,
    contactPhone: ticket.contactPhone ?? null,
    region: ticket.region ?? null,
    assigneeId: ticket.assigneeId?.toString() ?? null,
    teamId: ticket.teamId?.toString() ?? null,
    // Documents written by older versions or other tools may lack arrays their schema defaults.
    tags: [...(ticket.tags ?? [])],
    custom,
    sla: {
      firstResponseDueAt: iso(ticket.sla?.firstResponseDueAt),
      resolutionDueAt: iso(ticket.sla?.resolutionDueAt),
      firstRespondedAt: iso(ticket.sla?.firstRespondedAt),
      paused: Boolean(ticket.sla?.pausedAt),
      firstResponseBreached: ticket.sla?.firstResponseBreached ?? false,
      resolutionBreached: ticket.sla?.resolutionBreached ?? false,
    },
    satisfaction: ticket.satisfaction ? { rating: ticket.satisfaction.rating, answeredAt: ticket.satisfaction.answeredAt.toISOString() } : null,
    solvedAt: iso(ticket.solvedAt),
    mergedIntoId: ticket.mergedIntoId?.toString() ?? null,
    version: ticket.version,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  };
}

/** The rooms that care about a ticket: its team (or every agent while it has none), its assignee, supervisors (and admins). */
export function ticketRooms(...tickets: Array<Pick<TTicket, 'teamId' | 'assigneeId'>>): string[] {
  const names = new Set<string>([rooms.role('supervisor')]);
  for (const ticket of tickets) {
    names.add(ticket.teamId ? rooms.team(ticket.teamId) : rooms.role('agent'));
    if (ticket.assigneeId) names.add(rooms.user(ticket.assigneeId));
  }
  return [...names];
}

export function toEntryDto(entry: TicketEntryDocument): TTicketEntry {
  return {
    id: entry._id.toString(),
    ticketId: entry.ticketId.toString(),
    kind: entry.kind,
    authorId: entry.authorId?.toString() ?? null,
    body: entry.body,
    // Older call entries kept Twilio's recording URL; it never leaves the server.
    data: entry.data ? Object.fromEntries(Object.entries(entry.data as Record<string, unknown>).filter(([key]) => key !== 'recordingUrl')) : null,
    createdAt: entry.createdAt.toISOString(),
  };
}
