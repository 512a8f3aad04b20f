import mongoose from 'mongoose';
import type { TAssociationTimelineItem } from '../../../../shared/src/schemas/timeline.js';
import { getVisibility, isVisible, visibilityFilter, type Actor } from '../../access/access-rule.js';
import { AppError, notFound } from '../../errors.js';
import { CallArchiveModel, CallModel, type CallDocument } from '../calls/call.model.js';
import { MessageModel, type MessageDocument } from '../messages/message.model.js';
import { TicketModel, type TicketDocument } from '../tickets/ticket.model.js';
import { AssociationModel } from './association.model.js';

const TIMELINE_KINDS = ['ticket', 'call', 'message'] as const;
type TimelineKind = (typeof TIMELINE_KINDS)[number];
// Among items of the same millisecond: tickets, then calls, then messages (newest-first order).
const KIND_RANK: Record<TimelineKind, number> = { ticket: 2, call: 1, message: 0 };

interface TimelineCursor {
  at: Date;
  kind: TimelineKind;
  id: string;
}

function encodeTimelineCursor(cursor: TimelineCursor): string {
  return Buffer.from(JSON.stringify({ at: cursor.at.toISOString(), kind: cursor.kind, id: cursor.id })).toString('base64url');
}

function decodeTimelineCursor(text: string): TimelineCursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { at: unknown; kind: unknown; id: unknown };
    const at = new Date(String(parsed.at));
    if (Number.isNaN(at.getTime()) || !TIMELINE_KINDS.includes(parsed.kind as TimelineKind) || typeof parsed.id !== 'string') throw new Error('bad cursor');
    if (parsed.kind === 'ticket' && !mongoose.isValidObjectId(parsed.id)) throw new Error('bad cursor');
    return { at, kind: parsed.kind as TimelineKind, id: parsed.id };
  } catch {
    throw new AppError('validation_failed', 'the request is not valid', [{ path: 'cursor', code: 'invalid_cursor', message: 'is not a cursor this list returned' }]);
  }
}

/** The filter for one collection's items that come after the cursor, newest first. */
function afterCursor(kind: TimelineKind, cursor: TimelineCursor | undefined): Record<string, unknown> {
  if (!cursor) return {};
  if (KIND_RANK[kind] < KIND_RANK[cursor.kind]) return { createdAt: { $lte: cursor.at } };
  if (KIND_RANK[kind] > KIND_RANK[cursor.kind]) return { createdAt: { $lt: cursor.at } };
  const id = kind === 'ticket' ? new mongoose.Types.ObjectId(cursor.id) : cursor.id;
  return { $or: [{ createdAt: { $lt: cursor.at } }, { createdAt: cursor.at, _id: { $lt: id } }] };
}

const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;

/**
 * The association's history — tickets, calls and messages — newest first, one page at a time, as far
 * as the access rule lets the actor see (an agent sees another team's tickets, calls and messages
 * nowhere, this history included).
 */
export async function listAssociationTimeline(associationId: string, page: { limit: number; cursor?: string }, actor: Actor) {
  if (!(await AssociationModel.exists({ _id: associationId }))) throw notFound('association');
  const cursor = page.cursor ? decodeTimelineCursor(page.cursor) : undefined;
  const owner = new mongoose.Types.ObjectId(associationId);
  const visibility = await getVisibility(actor);
  const visibleTo = { ticket: { teamField: 'teamId', personField: 'assigneeId' }, call: { teamField: 'teamId', personField: 'agentId' }, message: undefined };
  const filter = (kind: TimelineKind) => {
    const visible = visibleTo[kind] && visibilityFilter(visibility, visibleTo[kind]);
    return { $and: [{ associationId: owner }, afterCursor(kind, cursor), ...(visible ? [visible] : [])] };
  };
  const [tickets, recentCalls, archivedCalls, allMessages] = await Promise.all([
    TicketModel.find(filter('ticket')).sort(NEWEST_FIRST).limit(page.limit + 1).lean<TicketDocument[]>(),
    CallModel.find(filter('call')).sort(NEWEST_FIRST).limit(page.limit + 1).lean<CallDocument[]>(),
    CallArchiveModel.find(filter('call')).sort(NEWEST_FIRST).limit(page.limit + 1).lean<CallDocument[]>(),
    MessageModel.find(filter('message')).sort(NEWEST_FIRST).limit(page.limit + 1).lean<MessageDocument[]>(),
  ]);
  const messages = await keepVisibleMessages(allMessages, visibility);
  // A call being archived may be in both for an instant.
  const calls = [...new Map([...recentCalls, ...archivedCalls].map((call) => [call._id, call])).values()];
  const merged: Array<{ key: TimelineCursor; item: TAssociationTimelineItem }> = [
    ...tickets.map((ticket) => ({
      key: { at: ticket.createdAt, kind: 'ticket' as const, id: ticket._id.toString() },
      item: {
        kind: 'ticket' as const,
        at: ticket.createdAt.toISOString(),
        ticket: {
          id: ticket._id.toString(),
          reference: ticket.reference,
          subject: ticket.subject,
          status: ticket.status,
          priority: ticket.priority,
          channel: ticket.channel,
        },
      },
    })),
    ...calls.map((call) => ({
      key: { at: call.createdAt, kind: 'call' as const, id: call._id },
      item: {
        kind: 'call' as const,
        at: call.createdAt.toISOString(),
        call: { callSid: call._id, direction: call.direction, result: call.result ?? null, talkSeconds: call.talkSeconds ?? null, ticketId: call.ticketId?.toString() ?? null },
      },
    })),
    ...messages.map((message) => ({
      key: { at: message.createdAt, kind: 'message' as const, id: message._id },
      item: {
        kind: 'message' as const,
        at: message.createdAt.toISOString(),
        message: {
          messageSid: message._id,
          direction: message.direction,
          channel: message.channel,
          body: message.body ?? '',
          status: message.status,
          ticketId: message.ticketId?.toString() ?? null,
        },
      },
    })),
  ];
  merged.sort(
    (a, b) =>
      b.key.at.getTime() - a.key.at.getTime() ||
      KIND_RANK[b.key.kind] - KIND_RANK[a.key.kind] ||
      (b.key.id < a.key.id ? -1 : b.key.id > a.key.id ? 1 : 0),
  );
  const items = merged.slice(0, page.limit);
  const last = items.at(-1);
  return { items: items.map((entry) => entry.item), nextCursor: merged.length > page.limit && last ? encodeTimelineCursor(last.key) : null };
}

/** Messages of a ticket the actor may not see are left out; messages tied to no ticket stay. */
async function keepVisibleMessages(messages: MessageDocument[], visibility: Awaited<ReturnType<typeof getVisibility>>): Promise<MessageDocument[]> {
  const ticketIds = [...new Set(messages.flatMap((message) => (message.ticketId ? [message.ticketId.toString()] : [])))];
  if (visibility.everything || ticketIds.length === 0) return messages;
  const tickets = await TicketModel.find({ _id: { $in: ticketIds } }, { teamId: 1, assigneeId: 1 }).lean<TicketDocument[]>();
  const visible = new Set(
    tickets.filter((ticket) => isVisible(visibility, { personIds: [ticket.assigneeId], teamIds: [ticket.teamId] })).map((ticket) => ticket._id.toString()),
  );
  return messages.filter((message) => !message.ticketId || visible.has(message.ticketId.toString()));
}
