import { z } from 'zod';
import { ZEmail, ZObjectId } from './common.js';

/** What the audit log records: staff actions on personal data, roles and settings. */
export const AUDIT_ACTIONS = [
  'ticket.read',
  'ticket.update',
  'ticket.reply',
  'association.read',
  'association.update',
  'call.read',
  'call.update',
  'recording.listen',
  'recording.delete',
  'user.create',
  'user.update',
  'team.change',
  'presence.override',
  'settings.change',
  'privacy.export',
  'privacy.erase',
  'privacy.search',
  'contact.reveal',
  'retention.change',
  'retention.run',
  'audit.export',
] as const;
export const ZAuditAction = z.enum(AUDIT_ACTIONS);
export type TAuditAction = z.infer<typeof ZAuditAction>;

export const AUDIT_TARGET_KINDS = ['ticket', 'association', 'contact', 'call', 'user', 'team', 'settings', 'retention', 'audit'] as const;
export const ZAuditTargetKind = z.enum(AUDIT_TARGET_KINDS);

export const ZAuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  /** Null for the system (the retention job). */
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: ZAuditAction,
  targetKind: ZAuditTargetKind,
  targetId: z.string().nullable(),
  /** The HTTP status the action got (403: refused), or null for actions outside a request. */
  status: z.number().int().nullable(),
  /** Counts and field names, never the personal data itself. */
  details: z.record(z.string(), z.unknown()),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

const ZDate = z.iso.date();

export const ZAuditLogQuery = z.object({
  action: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').filter(Boolean) : undefined))
    .pipe(z.array(ZAuditAction).optional()),
  actorId: ZObjectId.optional(),
  targetKind: ZAuditTargetKind.optional(),
  targetId: z.string().trim().min(1).max(100).optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type TAuditLogQuery = z.infer<typeof ZAuditLogQuery>;

export const ZAuditLogPage = z.object({ items: z.array(ZAuditEntry), nextCursor: z.string().nullable() });
export type TAuditLogPage = z.infer<typeof ZAuditLogPage>;

export const ZRecordingAccess = z.object({
  id: z.string(),
  at: z.string(),
  callSid: z.string(),
  userId: z.string(),
  role: z.string(),
  maskedPhone: z.string().nullable(),
  associationId: z.string().nullable(),
  outcome: z.string(),
  range: z.string().nullable(),
});
export const ZRecordingAccessQuery = z.object({
  callSid: z.string().trim().min(1).max(64).optional(),
  userId: ZObjectId.optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type TRecordingAccessQuery = z.infer<typeof ZRecordingAccessQuery>;
export const ZRecordingAccessPage = z.object({ items: z.array(ZRecordingAccess), nextCursor: z.string().nullable() });

/** Kinds of personal data with a retention period. */
export const RETENTION_KINDS = ['callRecordings', 'messageBodies', 'closedTicketPersonalFields', 'portalRequests', 'logs'] as const;
export type TRetentionKind = (typeof RETENTION_KINDS)[number];

/** Days each kind is kept; null keeps it until erased on request. */
export const ZRetentionSettings = z
  .object(
    Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, z.number().int().min(1).max(36_500).nullable()])) as Record<
      TRetentionKind,
      z.ZodNullable<z.ZodNumber>
    >,
  )
  .strict();
export type TRetentionSettings = z.infer<typeof ZRetentionSettings>;

export const ZRetentionState = z.object({
  settings: ZRetentionSettings,
  lastRun: z
    .object({ at: z.string(), counts: z.record(z.string(), z.number()) })
    .nullable(),
});
export type TRetentionState = z.infer<typeof ZRetentionState>;

export const ZEraseAssociationRequest = z
  .object({
    /** The association's registration reference typed again, so nobody erases the wrong one by a click. */
    confirmReference: z.string().trim().min(1).max(100),
  })
  .strict();

/** One person, by phone number or by e-mail address (one of the two). */
export const ZEraseContactRequest = z.object({ phone: z.string().trim().min(6).max(32).optional(), email: ZEmail.optional() }).strict();

export const ZErasureReport = z.object({
  erasedAt: z.string(),
  counts: z.record(z.string(), z.number()),
});
export type TErasureReport = z.infer<typeof ZErasureReport>;

export const ZContactQuery = z.object({ phone: z.string().trim().min(6).max(32).optional(), email: ZEmail.optional() });

export { ERASED_TEXT } from '../constants.js';

/** One search box for a person: a phone number in any Moroccan format, or an e-mail address. */
export const ZContactSearchQuery = z.object({ q: z.string().trim().min(1).max(254) });

/** Whom a contact search found, and how much is held about them, per kind (no personal data but the key). */
export const ZContactHoldings = z.object({
  subject: z.union([z.object({ kind: z.literal('phone'), phone: z.string() }), z.object({ kind: z.literal('email'), email: z.string() })]),
  counts: z.object({
    contacts: z.number().int(),
    tickets: z.number().int(),
    calls: z.number().int(),
    callbackTasks: z.number().int(),
    messages: z.number().int(),
    sentEmails: z.number().int(),
    portalRequests: z.number().int(),
  }),
});
export type TContactHoldings = z.infer<typeof ZContactHoldings>;

/** A ticket's requester's contact details in full, revealed to one member of staff (audited). */
export const ZRevealedContact = z.object({ phone: z.string().nullable(), email: z.string().nullable() });
export type TRevealedContact = z.infer<typeof ZRevealedContact>;
