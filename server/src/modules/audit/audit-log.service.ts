import mongoose from 'mongoose';
import type { TAuditAction, TAuditEntry, TAuditLogQuery } from '@mowakaba/shared/schemas/privacy';
import { createBatchedInsert } from '../../database/batched-insert.js';
import { readPage, toSortDocument, type SortKey } from '../../database/cursor.js';
import { maskPhoneNumbers } from '../../logger.js';
import { AuditEntryModel, type AuditEntryDocument } from './audit-entry.model.js';
import { getStorage } from '../../platform/storage/index.js';

export interface AuditActor {
  _id: mongoose.Types.ObjectId;
  name: string;
  role: string;
}

export interface NewAuditEntry {
  actor: AuditActor | null;
  action: TAuditAction;
  targetKind: TAuditEntry['targetKind'];
  targetId?: string | null;
  status?: number | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
  at?: Date;
}

// Ticket reads are audited on every open: concurrent ones share one insertMany.
const insertEntry = createBatchedInsert<AuditEntryDocument>(AuditEntryModel);

/** Appends one entry to the audit log. Phone-like digits in the target id or details are masked. */
export async function recordAuditEntry(entry: NewAuditEntry): Promise<void> {
  await insertEntry({
    _id: new mongoose.Types.ObjectId(),
    at: entry.at ?? getStorage().clock.now(),
    actorId: entry.actor?._id ?? null,
    actorName: entry.actor?.name ?? null,
    actorRole: entry.actor?.role ?? null,
    action: entry.action,
    targetKind: entry.targetKind,
    targetId: entry.targetId ? maskPhoneNumbers(entry.targetId) : null,
    status: entry.status ?? null,
    details: JSON.parse(maskPhoneNumbers(JSON.stringify(entry.details ?? {}))) as Record<string, unknown>,
    requestId: entry.requestId ?? null,
  });
}

export function toAuditEntryDto(entry: AuditEntryDocument): TAuditEntry {
  return {
    id: entry._id.toString(),
    at: entry.at.toISOString(),
    actorId: entry.actorId?.toString() ?? null,
    actorName: entry.actorName ?? null,
    actorRole: entry.actorRole ?? null,
    action: entry.action as TAuditAction,
    targetKind: entry.targetKind as TAuditEntry['targetKind'],
    targetId: entry.targetId ?? null,
    status: entry.status ?? null,
    details: (entry.details ?? {}) as Record<string, unknown>,
  };
}

const AUDIT_SORT: SortKey[] = [
  { field: 'at', direction: -1 },
  { field: '_id', direction: -1 },
];

/** Day bounds in UTC: `to` includes the whole day. */
export function dayRangeFilter(from?: string, to?: string): Record<string, Date> | undefined {
  if (!from && !to) return undefined;
  const range: Record<string, Date> = {};
  if (from) range.$gte = new Date(`${from}T00:00:00.000Z`);
  if (to) range.$lt = new Date(new Date(`${to}T00:00:00.000Z`).getTime() + 86_400_000);
  return range;
}

/** One page of the audit log, newest first, filtered by action, actor, target and day. */
export async function listAuditEntries(query: TAuditLogQuery): Promise<{ items: TAuditEntry[]; nextCursor: string | null }> {
  const filter: Record<string, unknown> = {};
  if (query.action?.length) filter.action = { $in: query.action };
  if (query.actorId) filter.actorId = new mongoose.Types.ObjectId(query.actorId);
  if (query.targetKind) filter.targetKind = query.targetKind;
  if (query.targetId) filter.targetId = query.targetId;
  const at = dayRangeFilter(query.from, query.to);
  if (at) filter.at = at;
  const page = await readPage(
    (pageFilter, limit) => AuditEntryModel.find(pageFilter).sort(toSortDocument(AUDIT_SORT)).limit(limit).lean<AuditEntryDocument[]>(),
    { filter, sort: AUDIT_SORT, limit: query.limit, cursor: query.cursor },
  );
  return { items: page.items.map(toAuditEntryDto), nextCursor: page.nextCursor };
}

/** Every entry matching the filters (up to `max`), for the CSV export. */
export async function listAllAuditEntries(query: Omit<TAuditLogQuery, 'limit' | 'cursor'>, max = 50_000): Promise<TAuditEntry[]> {
  const items: TAuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAuditEntries({ ...query, limit: 500, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return items;
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // A leading = + - @ would be run as a formula by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const AUDIT_CSV_COLUMNS = ['at', 'actorName', 'actorRole', 'actorId', 'action', 'targetKind', 'targetId', 'status', 'details'] as const;

/** The entries as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read Arabic names). */
export function auditEntriesToCsv(entries: TAuditEntry[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(',')];
  for (const entry of entries) lines.push(AUDIT_CSV_COLUMNS.map((column) => csvCell(entry[column])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Deletes entries older than `cutoff` (retention of logs); returns how many. */
export async function deleteAuditEntriesBefore(cutoff: Date): Promise<number> {
  const result = await AuditEntryModel.deleteMany({ at: { $lt: cutoff } });
  return result.deletedCount ?? 0;
}
