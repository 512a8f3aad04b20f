import mongoose from 'mongoose';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import type { TAssociationTimelineItem } from '@mowakaba/shared/schemas/timeline';
import { getVisibility, isVisible, type Actor } from '../../access/access-rule.js';
import { AppError, notFound } from '../../errors.js';
import { findStoredCall } from '../calls/call-record.js';
import { findMessageRecord } from '../messages/message-records.js';
import { findTicketRecord, type TicketDocument } from '../tickets/ticket-records.js';
import { AssociationModel } from './association.model.js';
import { parseHistoryKey, readAssociationHistoryEntries, type HistoryItemRef, type TicketHistorySummary } from './association-history-pages.js';

const invalidCursor = () =>
  new AppError('validation_failed', 'the request is not valid', [{ path: 'cursor', code: 'invalid_cursor', message: 'is not a cursor this list returned' }]);

/** History keys looked at per request at most: an agent who may see few of them gets a shorter page and a cursor to go on. */
const MAX_EXAMINED = 100;

type Visibility = Awaited<ReturnType<typeof getVisibility>>;

/**
 * The item a history key names, as the actor may see it now; null when it is gone, moved to another
 * association, or hidden from the actor by the access rule. A ticket or a call comes from the summary
 * kept with its key; a message (or an item paged before summaries) is one lookup by `_id`.
 */
async function loadHistoryItem(
  associationId: string,
  ref: HistoryItemRef,
  summary: string | null,
  visibility: Visibility,
  ticketOf: (id: string) => Promise<TicketDocument | null>,
): Promise<TAssociationTimelineItem | null> {
  const at = ref.at.toISOString();
  if (ref.kind === 'ticket' && summary !== null) {
    const ticket = JSON.parse(summary) as TicketHistorySummary;
    if (!isVisible(visibility, { personIds: [ticket.assigneeId], teamIds: [ticket.teamId] })) return null;
    const { reference, subject, status, priority, channel } = ticket;
    return { kind: 'ticket', at, ticket: { id: ref.id, reference, subject, status, priority, channel } as Extract<TAssociationTimelineItem, { kind: 'ticket' }>['ticket'] };
  }
  if (ref.kind === 'ticket') {
    const ticket = await ticketOf(ref.id);
    if (!ticket || ticket.associationId?.toString() !== associationId) return null;
    if (!isVisible(visibility, { personIds: [ticket.assigneeId], teamIds: [ticket.teamId] })) return null;
    const { reference, subject, status, priority, channel } = ticket;
    return { kind: 'ticket', at, ticket: { id: ref.id, reference, subject, status, priority, channel } };
  }
  if (ref.kind === 'call' && summary !== null) {
    const call = JSON.parse(summary) as TCall;
    if (call.associationId !== associationId || !isVisible(visibility, { personIds: [call.agentId], teamIds: [call.teamId] })) return null;
    return { kind: 'call', at, call: { callSid: call.callSid, direction: call.direction, result: call.result, talkSeconds: call.talkSeconds, ticketId: call.ticketId } };
  }
  if (ref.kind === 'call') {
    const call = (await findStoredCall(ref.id))?.call;
    if (!call || call.associationId?.toString() !== associationId) return null;
    if (!isVisible(visibility, { personIds: [call.agentId], teamIds: [call.teamId] })) return null;
    return {
      kind: 'call',
      at,
      call: { callSid: call._id, direction: call.direction, result: call.result ?? null, talkSeconds: call.talkSeconds ?? null, ticketId: call.ticketId?.toString() ?? null },
    };
  }
  const message = await findMessageRecord(ref.id);
  if (!message || message.associationId?.toString() !== associationId) return null;
  // A message tied to no ticket is everyone's; otherwise whoever sees its ticket sees it.
  if (message.ticketId && !visibility.everything) {
    const ticket = await ticketOf(message.ticketId.toString());
    if (ticket && !isVisible(visibility, { personIds: [ticket.assigneeId], teamIds: [ticket.teamId] })) return null;
  }
  return {
    kind: 'message',
    at,
    message: {
      messageSid: message._id,
      direction: message.direction,
      channel: message.channel,
      body: message.body ?? '',
      status: message.status,
      ticketId: message.ticketId?.toString() ?? null,
    },
  };
}

/**
 * The association's history — tickets, calls and messages — newest first, one page at a time, as far
 * as the access rule lets the actor see (an agent sees another team's tickets, calls and messages
 * nowhere, this history included). Read from the association's ordered pages, then each item by `_id`.
 */
export async function listAssociationTimeline(associationId: string, page: { limit: number; cursor?: string }, actor: Actor) {
  if (!mongoose.isValidObjectId(associationId) || !(await AssociationModel.exists({ _id: associationId }))) throw notFound('association');
  let after: string | undefined;
  if (page.cursor !== undefined) {
    after = Buffer.from(page.cursor, 'base64url').toString('latin1');
    if (!parseHistoryKey(after)) throw invalidCursor();
  }
  const visibility = await getVisibility(actor);
  const tickets = new Map<string, Promise<TicketDocument | null>>();
  const ticketOf = (id: string) => tickets.get(id) ?? tickets.set(id, findTicketRecord(id)).get(id)!;
  const items: Array<{ key: string; item: TAssociationTimelineItem }> = [];
  let examined = 0;
  let lastExamined = after;
  let exhausted = false;
  while (items.length <= page.limit && examined < MAX_EXAMINED) {
    const wanted = Math.min(page.limit + 1 - items.length, MAX_EXAMINED - examined);
    const keys = await readAssociationHistoryEntries(associationId, { after: lastExamined, limit: wanted });
    const loaded = await Promise.all(keys.map(({ key, value }) => loadHistoryItem(associationId, parseHistoryKey(key)!, value, visibility, ticketOf)));
    for (const [index, item] of loaded.entries()) if (item) items.push({ key: keys[index]!.key, item });
    examined += keys.length;
    lastExamined = keys.at(-1)?.key ?? lastExamined;
    if (keys.length < wanted) {
      exhausted = true;
      break;
    }
  }
  const shown = items.slice(0, page.limit);
  const cursorKey = items.length > page.limit ? shown.at(-1)!.key : exhausted ? undefined : lastExamined;
  return { items: shown.map((entry) => entry.item), nextCursor: cursorKey ? Buffer.from(cursorKey, 'latin1').toString('base64url') : null };
}
