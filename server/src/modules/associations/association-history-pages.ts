import { getStorage } from '../../platform/storage/index.js';

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

/**
 * Keeps an item in its association's history as the item's association changes: called by the owner
 * of tickets, calls and messages whenever one is written with an association, or moves to another.
 * Repeating it changes nothing.
 */
export async function recordInAssociationHistory(item: HistoryItemRef, now: AssociationRef, before?: AssociationRef): Promise<void> {
  const key = historyKey(item);
  const [was, is] = [before?.toString() ?? null, now?.toString() ?? null];
  await Promise.all([
    is ? getStorage().lists.add(associationHistoryList(is), [key]) : undefined,
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

/** A merge: the source's history joins the target's, and the source keeps none. */
export async function moveAssociationHistory(sourceId: string, targetId: string): Promise<void> {
  const keys: string[] = [];
  for (;;) {
    const page = await getStorage().lists.read(associationHistoryList(sourceId), { limit: 1000, after: keys.at(-1), direction: 'ascending' });
    keys.push(...page);
    if (page.length < 1000) break;
  }
  await getStorage().lists.add(associationHistoryList(targetId), keys);
  await getStorage().lists.replace(associationHistoryList(sourceId), []);
}
