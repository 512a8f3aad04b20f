import type { TContentLanguage, TRegionKey, TTicketChannel, TTicketPriority, TTicketStatus, TTopicKey } from '@mowakaba/shared/constants';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { countedSolvedAt } from '@mowakaba/shared/tickets/counted-solved-at';

/**
 * What the ticket directory holds of a ticket: every field a list filter, a list sort, take-next or
 * the access rule reads, and nothing else (no subject, description or custom fields). Times are
 * epoch milliseconds, absent ones null.
 */
export interface TicketSummary {
  id: string;
  version: number;
  reference: string;
  status: TTicketStatus;
  priority: TTicketPriority;
  topic: TTopicKey;
  channel: TTicketChannel;
  language: TContentLanguage;
  region: TRegionKey | null;
  teamId: string | null;
  assigneeId: string | null;
  associationId: string | null;
  tags: string[];
  contactPhone: string | null;
  createdAt: number;
  updatedAt: number;
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
  firstRespondedAt: number | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  /** When it counts as solved (shared/src/tickets/counted-solved-at.ts); null when it does not. */
  solvedAt: number | null;
}

const time = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** The directory's summary of a ticket as the API shows it (a change-feed payload, or a record through toTicketDto). */
export function summarizeTicket(ticket: TTicket): TicketSummary {
  return {
    id: ticket.id,
    version: ticket.version,
    reference: ticket.reference,
    status: ticket.status,
    priority: ticket.priority,
    topic: ticket.topic,
    channel: ticket.channel,
    language: ticket.language,
    region: ticket.region,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    associationId: ticket.associationId,
    tags: [...ticket.tags],
    contactPhone: ticket.contactPhone,
    createdAt: Date.parse(ticket.createdAt),
    updatedAt: Date.parse(ticket.updatedAt),
    firstResponseDueAt: time(ticket.sla.firstResponseDueAt),
    resolutionDueAt: time(ticket.sla.resolutionDueAt),
    firstRespondedAt: time(ticket.sla.firstRespondedAt),
    firstResponseBreached: ticket.sla.firstResponseBreached,
    resolutionBreached: ticket.sla.resolutionBreached,
    solvedAt: time(countedSolvedAt(ticket)),
  };
}

/**
 * A summary as one row of a snapshot chunk: an array (no repeated keys), tags joined by spaces
 * (a tag never contains one), flags as bits.
 */
export type SummaryRow = [
  string, number, string, string, string, string, string, string, string | null, string | null, string | null, string | null, string,
  string | null, number, number, number | null, number | null, number | null, number, number | null,
];

export function toSummaryRow(summary: TicketSummary): SummaryRow {
  const flags = (summary.firstResponseBreached ? 1 : 0) | (summary.resolutionBreached ? 2 : 0);
  return [
    summary.id, summary.version, summary.reference, summary.status, summary.priority, summary.topic, summary.channel, summary.language,
    summary.region, summary.teamId, summary.assigneeId, summary.associationId, summary.tags.join(' '), summary.contactPhone,
    summary.createdAt, summary.updatedAt, summary.firstResponseDueAt, summary.resolutionDueAt, summary.firstRespondedAt, flags, summary.solvedAt,
  ];
}

export function fromSummaryRow(row: SummaryRow): TicketSummary {
  const [id, version, reference, status, priority, topic, channel, language, region, teamId, assigneeId, associationId, tags, contactPhone, createdAt, updatedAt, firstResponseDueAt, resolutionDueAt, firstRespondedAt, flags, solvedAt] = row;
  return {
    id, version, reference,
    status: status as TTicketStatus,
    priority: priority as TTicketPriority,
    topic: topic as TTopicKey,
    channel: channel as TTicketChannel,
    language: language as TContentLanguage,
    region: region as TRegionKey | null,
    teamId, assigneeId, associationId,
    tags: tags === '' ? [] : tags.split(' '),
    contactPhone, createdAt, updatedAt, firstResponseDueAt, resolutionDueAt, firstRespondedAt,
    firstResponseBreached: (flags & 1) !== 0,
    resolutionBreached: (flags & 2) !== 0,
    solvedAt,
  };
}
