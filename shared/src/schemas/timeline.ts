import { z } from 'zod';
import { TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from '../constants.js';
import { CALL_DIRECTIONS, CALL_RESULTS } from './calls.js';
import { MESSAGE_CHANNELS, MESSAGE_STATUSES } from './messages.js';

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
  z.object({
    kind: z.literal('call'),
    at: z.string(),
    call: z.object({
      callSid: z.string(),
      direction: z.enum(CALL_DIRECTIONS),
      result: z.enum(CALL_RESULTS).nullable(),
      talkSeconds: z.number().int().nullable(),
      ticketId: z.string().nullable(),
    }),
  }),
  z.object({
    kind: z.literal('message'),
    at: z.string(),
    message: z.object({
      messageSid: z.string(),
      direction: z.enum(['inbound', 'outbound']),
      channel: z.enum(MESSAGE_CHANNELS),
      body: z.string(),
      status: z.enum(MESSAGE_STATUSES),
      ticketId: z.string().nullable(),
    }),
  }),
]);
export type TAssociationTimelineItem = z.infer<typeof ZAssociationTimelineItem>;

export const ZAssociationTimeline = z.object({ items: z.array(ZAssociationTimelineItem), nextCursor: z.string().nullable() });
