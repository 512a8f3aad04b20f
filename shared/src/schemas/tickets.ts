import { z } from 'zod';
import {
  CONTENT_LANGUAGES,
  REGION_KEYS,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TOPIC_KEYS,
  type TTicketStatus,
} from '../constants.js';
import { ZObjectId } from './common.js';
import { ZPageQuery } from './associations.js';

/** Where each status may go next; anything else answers 409 with this list. */
export const TICKET_TRANSITIONS: Record<TTicketStatus, readonly TTicketStatus[]> = {
  new: ['open', 'pending', 'on-hold', 'solved'],
  open: ['pending', 'on-hold', 'solved'],
  pending: ['open', 'on-hold', 'solved'],
  'on-hold': ['open', 'pending', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
};

export const ACTIVE_TICKET_STATUSES = ['new', 'open', 'pending', 'on-hold'] as const satisfies readonly TTicketStatus[];

export const SUBJECT_MAX_LENGTH = 300;
export const BODY_MAX_LENGTH = 20_000;

const ZTag = z.string().trim().toLowerCase().min(1).max(40).regex(/^[^\s.$]+$/u, 'must be one word without "." or "$"');
// Custom field keys become document keys: no '.', no leading '$' (MongoDB and FerretDB refuse them).
const ZCustomKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'must be letters, digits, "-" or "_", starting with a letter');
const ZCustomFields = z
  .record(ZCustomKey, z.string().max(500))
  .refine((record) => Object.keys(record).length <= 20, { message: 'at most 20 custom fields' });

export const ZCreateTicketRequest = z
  .object({
    subject: z.string().trim().min(1).max(SUBJECT_MAX_LENGTH),
    description: z.string().max(BODY_MAX_LENGTH).default(''),
    channel: z.enum(TICKET_CHANNELS),
    language: z.enum(CONTENT_LANGUAGES),
    topic: z.enum(TOPIC_KEYS),
    priority: z.enum(TICKET_PRIORITIES).default('normal'),
    associationId: ZObjectId.optional(),
    contactId: ZObjectId.optional(),
    /** Who works it from the start (staff writing down a visit or a call keep it); without it, routing chooses. */
    assigneeId: ZObjectId.optional(),
    tags: z.array(ZTag).max(20).default([]),
    custom: ZCustomFields.default({}),
  })
  .strict();
export type TCreateTicketRequest = z.infer<typeof ZCreateTicketRequest>;

export const ZUpdateTicketRequest = z
  .object({
    version: z.number().int().min(0),
    subject: z.string().trim().min(1).max(SUBJECT_MAX_LENGTH).optional(),
    description: z.string().max(BODY_MAX_LENGTH).optional(),
    language: z.enum(CONTENT_LANGUAGES).optional(),
    topic: z.enum(TOPIC_KEYS).optional(),
    priority: z.enum(TICKET_PRIORITIES).optional(),
    status: z.enum(TICKET_STATUSES).optional(),
    assigneeId: ZObjectId.nullable().optional(),
    teamId: ZObjectId.nullable().optional(),
    associationId: ZObjectId.nullable().optional(),
    tags: z.array(ZTag).max(20).optional(),
    custom: ZCustomFields.optional(),
  })
  .strict();
export type TUpdateTicketRequest = z.infer<typeof ZUpdateTicketRequest>;

export const ZTicketSla = z.object({
  firstResponseDueAt: z.string().nullable(),
  resolutionDueAt: z.string().nullable(),
  firstRespondedAt: z.string().nullable(),
  paused: z.boolean(),
  firstResponseBreached: z.boolean(),
  resolutionBreached: z.boolean(),
});

export const ZTicket = z.object({
  id: z.string(),
  reference: z.string(),
  subject: z.string(),
  description: z.string(),
  channel: z.enum(TICKET_CHANNELS),
  language: z.enum(CONTENT_LANGUAGES),
  topic: z.enum(TOPIC_KEYS),
  priority: z.enum(TICKET_PRIORITIES),
  status: z.enum(TICKET_STATUSES),
  associationId: z.string().nullable(),
  contactId: z.string().nullable(),
  contactPhone: z.string().nullable(),
  region: z.enum(REGION_KEYS).nullable(),
  assigneeId: z.string().nullable(),
  teamId: z.string().nullable(),
  tags: z.array(z.string()),
  custom: z.record(z.string(), z.string()),
  sla: ZTicketSla,
  /** The contact's answer to the satisfaction survey sent after the ticket was solved (1–5). */
  satisfaction: z.object({ rating: z.number().int().min(1).max(5), answeredAt: z.string() }).nullable(),
  /** When it was last solved (cleared when reopened): resolutions are counted at this moment. */
  solvedAt: z.string().nullable(),
  /** Set when this ticket was a duplicate merged into another: its history lives there now. */
  mergedIntoId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TTicket = z.infer<typeof ZTicket>;

/** A query parameter listing allowed values separated by commas: `status=open,pending`. */
const ZCommaList = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

export const TICKET_SORTS = ['queue', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;

export const ZTicketListQuery = ZPageQuery.extend({
  status: ZCommaList(TICKET_STATUSES).optional(),
  priority: ZCommaList(TICKET_PRIORITIES).optional(),
  topic: ZCommaList(TOPIC_KEYS).optional(),
  channel: ZCommaList(TICKET_CHANNELS).optional(),
  /** Regions, `none` among them for tickets without one. */
  region: ZCommaList([...REGION_KEYS, 'none'] as const).optional(),
  /** A team id, `mine` for the teams of the signed-in agent, or `none` for tickets of no team. */
  team: z.union([ZObjectId, z.enum(['mine', 'none'])]).optional(),
  /** Active tickets with a first-response or resolution due time before this instant. */
  slaDueBefore: z.iso.datetime({ offset: true }).optional(),
  /** A user id, `me`, or `none` for unassigned tickets. */
  assignee: z.union([ZObjectId, z.enum(['me', 'none'])]).optional(),
  tag: z.string().trim().toLowerCase().max(40).optional(),
  associationId: ZObjectId.optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
  updatedFrom: z.iso.datetime({ offset: true }).optional(),
  updatedTo: z.iso.datetime({ offset: true }).optional(),
  /** Tickets counted as solved (solved or closed, at their last solve) at or after this instant, as the dashboards count them. */
  solvedFrom: z.iso.datetime({ offset: true }).optional(),
  solvedTo: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(TICKET_SORTS).default('queue'),
});
export type TTicketListQuery = z.infer<typeof ZTicketListQuery>;

export const ZTicketList = z.object({ items: z.array(ZTicket), nextCursor: z.string().nullable() });
export type TTicketList = z.infer<typeof ZTicketList>;

export const TIMELINE_ENTRY_KINDS = ['public-reply', 'internal-note', 'status-change', 'assignment', 'call', 'message', 'merge'] as const;

export const ZCreateTicketEntryRequest = z
  .object({
    kind: z.enum(['public-reply', 'internal-note']),
    body: z.string().trim().min(1).max(BODY_MAX_LENGTH),
    /**
     * Where a public reply leaves the ticket: `open` (the center still works on it), `pending`
     * (waiting for the association) or `solved`. Without it, a reply to a new ticket opens it.
     */
    status: z.enum(['open', 'pending', 'solved']).optional(),
  })
  .strict()
  .refine((entry) => entry.kind === 'public-reply' || entry.status === undefined, { message: 'only a public reply changes the status', path: ['status'] });
export type TCreateTicketEntryRequest = z.infer<typeof ZCreateTicketEntryRequest>;

export const ZTicketEntry = z.object({
  id: z.string(),
  ticketId: z.string(),
  kind: z.enum(TIMELINE_ENTRY_KINDS),
  authorId: z.string().nullable(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type TTicketEntry = z.infer<typeof ZTicketEntry>;

export const ZTicketTimeline = z.object({ items: z.array(ZTicketEntry), nextCursor: z.string().nullable() });

/** A page of a ticket's timeline: oldest first, or newest first (the console shows the latest and loads older ones). */
export const ZTicketTimelineQuery = ZPageQuery.extend({
  order: z.enum(['oldest-first', 'newest-first']).default('oldest-first'),
});
export type TTicketTimelineQuery = z.infer<typeof ZTicketTimelineQuery>;

/** Merges the ticket of the path (a duplicate, at the version the agent saw) into `targetTicketId`. */
export const ZMergeTicketRequest = z.object({ targetTicketId: ZObjectId, version: z.number().int().min(0) }).strict();
export type TMergeTicketRequest = z.infer<typeof ZMergeTicketRequest>;

/** What a merge left: the duplicate, closed and pointing at the target, and the target with its whole history. */
export const ZMergeTicketResult = z.object({ source: ZTicket, target: ZTicket });
export type TMergeTicketResult = z.infer<typeof ZMergeTicketResult>;

/**
 * The `data` of a `merge` timeline entry: on the duplicate it points `into` the target; on the
 * target it says where the history came `from`, with the duplicate's subject and description.
 */
export const ZMergeEntryData = z.object({
  direction: z.enum(['into', 'from']),
  ticketId: z.string(),
  reference: z.string(),
  subject: z.string().optional(),
  description: z.string().optional(),
});
export type TMergeEntryData = z.infer<typeof ZMergeEntryData>;

/** Why take-next answered 404, in the error's `details.reason`. */
export const TAKE_NEXT_REFUSAL_REASONS = ['no-team', 'no-skills', 'none-for-your-teams', 'nothing-waiting'] as const;
export type TTakeNextRefusalReason = (typeof TAKE_NEXT_REFUSAL_REASONS)[number];

export const ZTicketAuditEntry = z.object({
  id: z.string(),
  ticketId: z.string(),
  actorId: z.string().nullable(),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  createdAt: z.string(),
});
export const ZTicketAudit = z.object({ items: z.array(ZTicketAuditEntry) });
