import { getStorage, type OrderedListEntry } from '../../platform/storage/index.js';

export type HistoryKind = 'ticket' | 'call' | 'message';

// Among items of the same millisecond, newest first: tickets, then calls, then messages.
const RANK: Record<HistoryKind, string> = { ticket: '2', call: '1', message: '0' };
const KIND_OF_RANK: Record<string, HistoryKind> = { '2': 'ticket', '1': 'call', '0': 'message' };

export interface HistoryItemRef {
  kind: HistoryKind;
  at: Date;
  id: string;
}

/** The ordered list of an association's history: one key per ticket, call and message, `<ISO time>|<rank>|<id>`. */
export const associationHistoryList = (associationId: string) => `association-history:${associationId}`;
export const historyKey = (item: HistoryItemRef) => `${item.at.toISOString()}|${RANK[item.kind]}|${item.id}`;

const KEY_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([012])\|([\x21-\x7e]+)$/;

/** The item a key names; null for a string that is not a history key. */
export function parseHistoryKey(key: string): HistoryItemRef | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { at: new Date(match[1]!), kind: KIND_OF_RANK[match[2]!]!, id: match[3]! } : null;
}

type AssociationRef = { toString(): string } | null | undefined;

/** What an association's history shows of a ticket, and who may see it (kept with its key). */
export interface TicketHistorySummary {
  reference: string;
  subject: string;
  status: string;
  priority: string;
  channel: string;
  assigneeId: string | null;
  teamId: string | null;
}

/** A ticket's summary for its association's history, from the ticket as stored or as sent (ids as strings either way). */
export function summariseTicketForHistory(ticket: {
  reference: string;
  subject: string;
  status: string;
  priority: string;
  channel: string;
  assigneeId?: AssociationRef;
  teamId?: AssociationRef;
}): string {
  const { reference, subject, status, priority, channel } = ticket;
  return JSON.stringify({ reference, subject, status, priority, channel, assigneeId: ticket.assigneeId?.toString() ?? null, teamId: ticket.teamId?.toString() ?? null } satisfies TicketHistorySummary);
}

/**
 * Keeps an item in its association's history as the item's association changes: called by the owner
 * of tickets, calls and messages whenever one is written with an association, or moves to another,
 * and by the owner of tickets whenever what the history shows of one changes (`summary`, with the
 * record's version, so a late write of an older one changes nothing). Repeating it changes nothing.
 */
export async function recordInAssociationHistory(
  item: HistoryItemRef,
  now: AssociationRef,
  before?: AssociationRef,
  summary?: { value: string; revision: number },
): Promise<void> {
  const key = historyKey(item);
  const [was, is] = [before?.toString() ?? null, now?.toString() ?? null];
  await Promise.all([
    is ? getStorage().lists.add(associationHistoryList(is), [summary ? { key, ...summary } : key]) : undefined,
    was && was !== is ? getStorage().lists.remove(associationHistoryList(was), [key]) : undefined,
  ]);
}

/** Keys of the association's history, newest first, strictly older than `after`. */
export function readAssociationHistoryKeys(associationId: string, options: { after?: string; limit: number }): Promise<string[]> {
  return getStorage().lists.read(associationHistoryList(associationId), { ...options, direction: 'descending' });
}

/** Whether anything (a ticket, a call, a message) is in the association's history. */
export async function hasAssociationHistory(associationId: string): Promise<boolean> {
  return (await readAssociationHistoryKeys(associationId, { limit: 1 })).length > 0;
}

/** As `readAssociationHistoryKeys`, with each key's summary (null for an item read from its record). */
export function readAssociationHistoryEntries(associationId: string, options: { after?: string; limit: number }): Promise<OrderedListEntry[]> {
  return getStorage().lists.readEntries(associationHistoryList(associationId), { ...options, direction: 'descending' });
}

/** A merge: the source's history joins the target's, and the source keeps none. */
export async function moveAssociationHistory(sourceId: string, targetId: string): Promise<void> {
  const entries: OrderedListEntry[] = [];
  for (;;) {
    const page = await getStorage().lists.readEntries(associationHistoryList(sourceId), { limit: 1000, after: entries.at(-1)?.key, direction: 'ascending' });
    entries.push(...page);
    if (page.length < 1000) break;
  }
  await getStorage().lists.add(associationHistoryList(targetId), entries.map(({ key, value }) => (value === null ? key : { key, value })));
  await getStorage().lists.replace(associationHistoryList(sourceId), []);
}
