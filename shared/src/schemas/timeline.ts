import { z } from 'zod';
import { TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from '../constants.js';

/** One item of an association's history; calls and messages join tickets here as they are logged. */
export const ZAssociationTimelineItem = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ticket'),
    at: z.string(),
    ticket: z.object({
      id: z.string(),
      reference: z.string(),
      subject: z.string(),
      status: z.enum(TICKET_STATUSES),
      priority: z.enum(TICKET_PRIORITIES),
      channel: z.enum(TICKET_CHANNELS),
    }),
  }),
]);
export type TAssociationTimelineItem = z.infer<typeof ZAssociationTimelineItem>;

export const ZAssociationTimeline = z.object({ items: z.array(ZAssociationTimelineItem), nextCursor: z.string().nullable() });
