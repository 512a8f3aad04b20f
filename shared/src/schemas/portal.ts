import { z } from 'zod';
import { TICKET_STATUSES, TOPIC_KEYS, UI_LANGUAGES } from '../constants.js';
import { ZPhoneNumber } from './associations.js';
import { ZEmail } from './common.js';
import { BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH } from './tickets.js';

/** Ticket references as shown to people: `T-2026-000123` (case and spaces forgiven). */
export const ZTicketReference = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^T-\d{4}-\d{1,9}$/, 'must look like T-2026-000123');

/**
 * The follow-up code given with a portal request: 12 letters and digits, shown in groups of four.
 * Dashes and spaces are ignored and letters compared in upper case, so it can be read out on the phone.
 */
export const ZFollowUpCode = z
  .string()
  .max(40)
  .transform((code) => code.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{12}$/, 'must be the 12-character code you were given'));

/** A request written by an association member on the public portal; it becomes a web ticket. */
export const ZPortalRequest = z
  .object({
    associationName: z.string().trim().min(2).max(200),
    /** Where the requester is told that the center answered: a phone number (SMS), or an e-mail address. */
    phone: ZPhoneNumber.optional(),
    email: ZEmail.optional(),
    subject: z.string().trim().min(3).max(SUBJECT_MAX_LENGTH),
    description: z.string().trim().min(10).max(BODY_MAX_LENGTH),
    language: z.enum(UI_LANGUAGES),
    topic: z.enum(TOPIC_KEYS),
    /** Law 09-08: the requester agrees that the center keeps and uses these data to answer. */
    consent: z.literal(true),
  })
  .strict()
  .refine((request) => request.phone !== undefined || request.email !== undefined, {
    path: ['phone'],
    message: 'give a phone number or an e-mail address',
  });
export type TPortalRequest = z.infer<typeof ZPortalRequest>;

export const ZPortalRequestCreated = z.object({
  reference: z.string(),
  /** Shown once: only a hash is stored; a new one can be sent to the request's phone number or e-mail address. */
  followUpCode: z.string(),
});
export type TPortalRequestCreated = z.infer<typeof ZPortalRequestCreated>;

export const ZPortalLookupRequest = z.object({ reference: ZTicketReference, code: ZFollowUpCode }).strict();
export type TPortalLookupRequest = z.infer<typeof ZPortalLookupRequest>;

/** What the requester may see of their ticket: its state and the public replies, never internal notes. */
export const ZPortalRequestStatus = z.object({
  reference: z.string(),
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  replies: z.array(z.object({ body: z.string(), createdAt: z.string() })),
  /** The center's public replies and the requester's own answers, oldest first. */
  conversation: z.array(z.object({ from: z.enum(['center', 'requester']), body: z.string(), createdAt: z.string() })),
});
export type TPortalRequestStatus = z.infer<typeof ZPortalRequestStatus>;

/** The requester answers the center from the follow page, with the same reference and code. */
export const ZPortalReplyRequest = z
  .object({ reference: ZTicketReference, code: ZFollowUpCode, body: z.string().trim().min(1).max(BODY_MAX_LENGTH) })
  .strict();
export type TPortalReplyRequest = z.infer<typeof ZPortalReplyRequest>;

/**
 * A requester who lost the follow-up code asks for a new one: with the request's phone number (sent
 * by SMS), or — for a request given with an e-mail address only — with that address (sent by e-mail).
 */
export const ZPortalCodeResendRequest = z
  .object({ reference: ZTicketReference, phone: ZPhoneNumber.optional(), email: ZEmail.optional() })
  .strict()
  .refine((request) => (request.phone === undefined) !== (request.email === undefined), {
    path: ['phone'],
    message: 'give the phone number or the e-mail address of the request',
  });
export type TPortalCodeResendRequest = z.infer<typeof ZPortalCodeResendRequest>;
export const ZPortalCodeResendAnswer = z.object({ asked: z.literal(true) });
