import { z } from 'zod';
import { CONTENT_LANGUAGES, TOPIC_KEYS } from '../constants.js';
import { ZObjectId } from './common.js';

/** The variables a canned reply may contain, filled in when an agent picks it. */
export const CANNED_REPLY_VARIABLES = ['association', 'reference', 'agent'] as const;

export const ZCannedReply = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  language: z.enum(CONTENT_LANGUAGES),
  /** Null: offered whatever the ticket's topic. */
  topic: z.enum(TOPIC_KEYS).nullable(),
  updatedAt: z.string(),
});
export type TCannedReply = z.infer<typeof ZCannedReply>;
export const ZCannedReplyList = z.object({ items: z.array(ZCannedReply) });

const ZCannedBody = z
  .string()
  .trim()
  .min(1)
  .max(5_000)
  .refine((body) => [...body.matchAll(/\{(\w+)\}/g)].every((match) => (CANNED_REPLY_VARIABLES as readonly string[]).includes(match[1]!)), {
    message: `only these variables: ${CANNED_REPLY_VARIABLES.map((name) => `{${name}}`).join(', ')}`,
  });

export const ZCreateCannedReplyRequest = z
  .object({
    title: z.string().trim().min(1).max(120),
    body: ZCannedBody,
    language: z.enum(CONTENT_LANGUAGES),
    topic: z.enum(TOPIC_KEYS).nullable().default(null),
  })
  .strict();
export type TCreateCannedReplyRequest = z.infer<typeof ZCreateCannedReplyRequest>;

export const ZUpdateCannedReplyRequest = z
  .object({
    title: z.string().trim().min(1).max(120).optional(),
    body: ZCannedBody.optional(),
    language: z.enum(CONTENT_LANGUAGES).optional(),
    topic: z.enum(TOPIC_KEYS).nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one field is required' });
export type TUpdateCannedReplyRequest = z.infer<typeof ZUpdateCannedReplyRequest>;

export const ZCannedReplyQuery = z.object({
  language: z.enum(CONTENT_LANGUAGES).optional(),
  topic: z.enum(TOPIC_KEYS).optional(),
});

export const ZCannedReplyParams = z.object({ id: ZObjectId });
