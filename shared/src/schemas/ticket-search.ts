import { z } from 'zod';
import { ZTicket } from './tickets.js';

/** The texts of a ticket that ticket search reads. */
export const TICKET_SEARCH_SOURCE_KINDS = ['subject', 'description', 'public-reply', 'internal-note', 'call', 'message'] as const;
export const ZTicketSearchSourceKind = z.enum(TICKET_SEARCH_SOURCE_KINDS);
export type TTicketSearchSourceKind = z.infer<typeof ZTicketSearchSourceKind>;

export const ZTicketSearchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().regex(/^\d{1,4}$/, 'must be a nextCursor from a previous page').optional(),
});
export type TTicketSearchQuery = z.infer<typeof ZTicketSearchQuery>;

/** Plain text with the matched words given as offsets: the client marks them, no markup comes from the server. */
export const ZTicketSearchSnippet = z.object({
  kind: ZTicketSearchSourceKind,
  text: z.string(),
  /** True when the text starts (or ends) inside a longer one. */
  cutBefore: z.boolean(),
  cutAfter: z.boolean(),
  highlights: z.array(z.object({ start: z.number().int().min(0), end: z.number().int().min(0) })),
});
export type TTicketSearchSnippet = z.infer<typeof ZTicketSearchSnippet>;

export const ZTicketSearchResult = z.object({
  ticket: ZTicket,
  score: z.number(),
  /** The kinds of text the query words were found in. */
  matchedIn: z.array(ZTicketSearchSourceKind),
  snippet: ZTicketSearchSnippet.nullable(),
});
export type TTicketSearchResult = z.infer<typeof ZTicketSearchResult>;

export const ZTicketSearchResults = z.object({ results: z.array(ZTicketSearchResult), nextCursor: z.string().nullable() });
export type TTicketSearchResults = z.infer<typeof ZTicketSearchResults>;
