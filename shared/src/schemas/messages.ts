import { z } from 'zod';

export const MESSAGE_CHANNELS = ['sms', 'whatsapp'] as const;
export type TMessageChannel = (typeof MESSAGE_CHANNELS)[number];

/**
 * `received` for inbound messages; Twilio's delivery statuses for outbound ones; `simulated` when
 * no Twilio account is configured; `blocked` when the number opted out (STOP) and nothing was sent.
 */
export const MESSAGE_STATUSES = [
  'received',
  'accepted',
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'failed',
  'undelivered',
  'simulated',
  'blocked',
] as const;
export type TMessageStatus = (typeof MESSAGE_STATUSES)[number];

export const ZMessageMedia = z.object({ url: z.string(), contentType: z.string().nullable() });

export const ZMessage = z.object({
  messageSid: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  channel: z.enum(MESSAGE_CHANNELS),
  /** The association member's number, E.164, when it is one. */
  phone: z.string().nullable(),
  body: z.string(),
  media: z.array(ZMessageMedia),
  ticketId: z.string().nullable(),
  associationId: z.string().nullable(),
  status: z.enum(MESSAGE_STATUSES),
  errorCode: z.string().nullable(),
  simulated: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TMessage = z.infer<typeof ZMessage>;
