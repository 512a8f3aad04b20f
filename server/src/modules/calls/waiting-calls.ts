// The callers waiting in the queues, in queue order, as one ordered list the owner of calls keeps current:
// a routing pass and the queue's size read it instead of looking through the calls.
import { rebuildOrderedLists, recordSetOf } from '../../database/rebuild-ordered-lists.js';
import { getStorage, type OrderedListItem } from '../../platform/storage/index.js';
import { versionOf } from '../../platform/storage/storage.js';
import { currentOffer, skippedAgents } from './call-offer.js';
import { CallModel, type CallDocument } from './call.model.js';

export const WAITING_CALLS_LIST = 'calls-waiting';
/** Keys per read: a queue longer than this is read in several. */
const READ_LIMIT = 1000;

/** A waiting caller as a routing pass needs them: the queue's team, the agent ringing now, the agents not to ring again. */
export interface WaitingCall {
  key: string;
  callSid: string;
  teamId: string | null;
  offer: { agentId: string; number: number; expiresAt: Date } | null;
  skippedAgentIds: string[];
}

interface WaitingSummary {
  teamId: string | null;
  offer: { agentId: string; number: number; expiresAt: string } | null;
  skippedAgentIds: string[];
}

/** Queue order: the time the caller joined the queue, then the CallSid. */
const waitingKey = (call: CallDocument) => `${(call.queuedAt ?? call.createdAt).toISOString()}|${call._id}`;
const isWaiting = (call: CallDocument | null): call is CallDocument => call?.phase === 'queued';

function waitingItem(call: CallDocument): OrderedListItem {
  const offer = currentOffer(call.facts);
  const summary: WaitingSummary = {
    teamId: call.teamId?.toString() ?? null,
    offer: offer && { agentId: offer.agentId, number: offer.number, expiresAt: offer.expiresAt.toISOString() },
    skippedAgentIds: [...skippedAgents(call.facts)],
  };
  return { key: waitingKey(call), value: JSON.stringify(summary), revision: versionOf(call) };
}

/**
 * Keeps the list current with a call just written (`before` null for a new one): it is listed while it
 * waits, with its offer, and leaves the list when it leaves the queue. The summary carries the call's
 * version, so a late write of an older state never replaces a newer one; a late one that puts back a
 * call already gone is taken out again by the writer's catch-up (call-record.ts) or by the next routing pass.
 */
export async function recordCallInWaitingList(before: CallDocument | null, after: CallDocument): Promise<void> {
  const lists = getStorage().lists;
  const formerKey = isWaiting(before) ? waitingKey(before) : null;
  const key = isWaiting(after) ? waitingKey(after) : null;
  const item = key ? waitingItem(after) : null;
  // A change the list does not show (a ringing status of a waiting caller) writes nothing: the entry
  // the change just before it wrote stays true. Only then: a catch-up (call-record.ts) passes an older
  // state, and a version between the two may have written something else.
  const followsBefore = before !== null && versionOf(after) === versionOf(before) + 1;
  if (followsBefore && formerKey === key && item && item.value === waitingItem(before).value) return;
  await Promise.all([
    item ? lists.add(WAITING_CALLS_LIST, [item]) : undefined,
    formerKey && formerKey !== key ? lists.remove(WAITING_CALLS_LIST, [formerKey]) : undefined,
  ]);
}

/** Brings a call's entry in line with the call as stored (null: no such call): listed if it waits, else removed. */
export async function refreshWaitingEntry(entry: Pick<WaitingCall, 'key'>, call: CallDocument | null): Promise<void> {
  if (isWaiting(call) && waitingKey(call) === entry.key) await getStorage().lists.add(WAITING_CALLS_LIST, [waitingItem(call)]);
  else await getStorage().lists.remove(WAITING_CALLS_LIST, [entry.key]);
}

function toWaitingCall(key: string, value: string | null): WaitingCall {
  const summary: WaitingSummary = value ? JSON.parse(value) : { teamId: null, offer: null, skippedAgentIds: [] };
  const offer = summary.offer && { ...summary.offer, expiresAt: new Date(summary.offer.expiresAt) };
  return { key, callSid: key.slice(key.indexOf('|') + 1), teamId: summary.teamId, offer, skippedAgentIds: summary.skippedAgentIds };
}

/** Every waiting caller, longest waiting first. */
export async function readWaitingCalls(): Promise<WaitingCall[]> {
  const waiting: WaitingCall[] = [];
  for (;;) {
    const page = await getStorage().lists.readEntries(WAITING_CALLS_LIST, { limit: READ_LIMIT, after: waiting.at(-1)?.key, direction: 'ascending' });
    waiting.push(...page.map(({ key, value }) => toWaitingCall(key, value)));
    if (page.length < READ_LIMIT) return waiting;
  }
}

/** An entry checked against its call (which a lost write may have left behind): the call as it waits now, or null once it no longer does. */
export async function verifyWaitingEntry(entry: Pick<WaitingCall, 'key' | 'callSid'>): Promise<WaitingCall | null> {
  const call = await CallModel.findById(entry.callSid).lean<CallDocument>();
  await refreshWaitingEntry(entry, call);
  if (!isWaiting(call) || waitingKey(call) !== entry.key) return null;
  const item = waitingItem(call);
  return toWaitingCall(item.key, item.value);
}

/** Rebuilds the list from the recent calls (`npm run index:rebuild`): ended calls, the archive's, never wait. */
export function rebuildWaitingCalls(onProgress?: (done: number, total: number) => void): Promise<void> {
  const source = {
    records: recordSetOf(() => CallModel.collection),
    projection: {},
    toKeys: (record: Record<string, unknown>) => {
      const call = record as unknown as CallDocument;
      return isWaiting(call) ? [{ list: WAITING_CALLS_LIST, ...waitingItem(call) }] : [];
    },
  };
  return rebuildOrderedLists([source], WAITING_CALLS_LIST, onProgress);
}
