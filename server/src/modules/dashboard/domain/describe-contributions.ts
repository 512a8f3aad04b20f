import { callCountedAt, countedWaitSeconds, isCallCountedAs } from '@mowakaba/shared/calls/call-counts';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import type { TMessage } from '@mowakaba/shared/schemas/messages';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import { countedSolvedAt } from '@mowakaba/shared/tickets/counted-solved-at';
import { minuteBucketOf } from './histogram.js';
import { cellIdOf, mergeCells, waitEndSummaryIdOf, withSummaries, type TCell, type TCellDimensions, type TCellValues } from './rollup-cell.js';

/**
 * What one record (a ticket, a call, a message) adds to the rollups, as it now stands. Each record's
 * contribution is kept under its own key, so applying a newer version replaces the older one's
 * contribution exactly, a duplicate or older version changes nothing, and the sum over all records
 * is what a rebuild from the records computes. The facts a record carries:
 * - ticket: created (at creation), first public reply (at it), solved (at its solve), survey answered;
 * - call: offered to a queue, answered with its wait, abandoned with its wait, voicemail, callback
 *   requested, handled (talk + hold + after-call work), all in the hour the call was offered (or started);
 * - message: in or out, at its creation.
 */
export interface TContribution {
  /** `ticket:<id>`, `call:<sid>`, `message:<sid>`. */
  key: string;
  /** Orders versions of the same record: a lower or equal one is ignored. */
  version: number;
  cells: TCell[];
}

/** What the ticket needs from the SLA calendar. */
export interface TBusinessMinutes {
  businessMinutesBetween(start: Date, end: Date): number;
}

/** Rating 4–5 is good, 1–3 bad (CSAT = good / (good + bad)). */
export const isGoodRating = (rating: number) => rating >= 4;

const waitKey = (prefix: string, call: Pick<TCall, 'queueWaitSeconds'>) => `${prefix}:${countedWaitSeconds(call)}`;

/** Channels whose tickets are themselves contacts (voice, SMS and WhatsApp contacts are counted as calls and messages). */
const TICKET_CONTACT_CHANNELS = new Set(['web', 'email', 'walk-in']);

const minutesBetween = (start: string, end: string) => Math.max(0, (Date.parse(end) - Date.parse(start)) / 60_000);

function durationValues(prefix: 'fr' | 'res', start: string, end: string, dueAt: string | null, breached: boolean, calendar: TBusinessMinutes): TCellValues {
  const met = !breached && (dueAt === null || Date.parse(end) <= Date.parse(dueAt));
  return {
    [`${prefix}Cal:${minuteBucketOf(minutesBetween(start, end))}`]: 1,
    [`${prefix}Biz:${minuteBucketOf(calendar.businessMinutesBetween(new Date(start), new Date(end)))}`]: 1,
    [`${prefix}Met`]: met ? 1 : 0,
  };
}

export function describeTicket(ticket: TTicket, calendar: TBusinessMinutes): TContribution {
  const dimensions: TCellDimensions = { team: ticket.teamId, topic: ticket.topic, channel: ticket.channel, region: ticket.region, agent: ticket.assigneeId };
  const cells: TCell[] = [
    { id: cellIdOf(Date.parse(ticket.createdAt), dimensions), values: { ticketsCreated: 1, contacts: TICKET_CONTACT_CHANNELS.has(ticket.channel) ? 1 : 0 } },
  ];
  const respondedAt = ticket.sla.firstRespondedAt;
  if (respondedAt) {
    cells.push({
      id: cellIdOf(Date.parse(respondedAt), dimensions),
      values: { firstResponses: 1, ...durationValues('fr', ticket.createdAt, respondedAt, ticket.sla.firstResponseDueAt, ticket.sla.firstResponseBreached, calendar) },
    });
  }
  const solvedAt = countedSolvedAt(ticket);
  if (solvedAt) {
    cells.push({
      id: cellIdOf(Date.parse(solvedAt), dimensions),
      values: { ticketsSolved: 1, ...durationValues('res', ticket.createdAt, solvedAt, ticket.sla.resolutionDueAt, ticket.sla.resolutionBreached, calendar) },
    });
  }
  if (ticket.satisfaction) {
    cells.push({ id: cellIdOf(Date.parse(ticket.satisfaction.answeredAt), dimensions), values: isGoodRating(ticket.satisfaction.rating) ? { csatGood: 1 } : { csatBad: 1 } });
  }
  return { key: `ticket:${ticket.id}`, version: ticket.version, cells: mergeCells(withSummaries(cells.map(withoutZeros))) };
}

/** Seconds the caller spent on hold: from each hold to the next resume (or the end of the call). */
export function holdSecondsOf(call: Pick<TCall, 'history' | 'endedAt'>): number {
  let total = 0;
  let heldSince: number | null = null;
  const controls = call.history.filter((item) => item.kind === 'control' && (item.status === 'hold' || item.status === 'resume'));
  for (const item of [...controls].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    if (item.status === 'hold' && heldSince === null) heldSince = Date.parse(item.at);
    if (item.status === 'resume' && heldSince !== null) {
      total += Date.parse(item.at) - heldSince;
      heldSince = null;
    }
  }
  if (heldSince !== null && call.endedAt) total += Date.parse(call.endedAt) - heldSince;
  return Math.round(total / 1000);
}

/** When an answered or abandoned call's wait in the queue ended: answered after its wait, abandoned at its end. */
export function waitEndedAtOf(call: Pick<TCall, 'result' | 'queuedAt' | 'queueWaitSeconds' | 'endedAt'>): number | null {
  if (call.queuedAt === null) return null;
  if (call.result === 'abandoned') return call.endedAt ? Date.parse(call.endedAt) : null;
  return Date.parse(call.queuedAt) + (call.queueWaitSeconds ?? 0) * 1000;
}

/** A call's contribution; `region` is its association's region, looked up by the caller. */
export function describeCall(call: TCall, region: string | null): TContribution {
  const dimensions: TCellDimensions = { team: call.teamId, topic: call.topic, channel: 'voice', region, agent: call.agentId };
  const at = Date.parse(callCountedAt(call));
  // Short abandons are told apart when read, by each team's limit, from the abandons' waits kept here.
  const counted = (count: Parameters<typeof isCallCountedAs>[1]) => isCallCountedAs(call, count, 0);
  const wait = call.queueWaitSeconds ?? 0;
  const values: TCellValues = {};
  if (counted('offered')) Object.assign(values, { callsOffered: 1, contacts: 1 });
  if (counted('answered')) Object.assign(values, { callsAnswered: 1, waitSum: wait, [waitKey('ansWait', call)]: 1 });
  if (counted('abandoned')) Object.assign(values, { callsAbandoned: 1, [waitKey('abWait', call)]: 1 });
  if (counted('voicemail')) values.voicemails = 1;
  if (counted('callback-requested')) values.callbacksRequested = 1;
  if (call.result === 'answered' && call.endedAt !== null) {
    Object.assign(values, { callsHandled: 1, handleSum: (call.talkSeconds ?? 0) + holdSecondsOf(call) + (call.afterCallWorkSeconds ?? 0) });
  }
  const version = call.history.length * 1e13 + Date.parse(call.updatedAt);
  const cells = withSummaries([withoutZeros({ id: cellIdOf(at, dimensions), values })]);
  const waitEndedAt = waitEndedAtOf(call);
  if (waitEndedAt !== null && (counted('answered') || counted('abandoned'))) {
    cells.push({ id: waitEndSummaryIdOf(waitEndedAt), values: { [`${call.teamId ?? '-'}/${waitKey(counted('answered') ? 'ansWait' : 'abWait', call)}`]: 1 } });
  }
  return { key: `call:${call.callSid}`, version, cells: mergeCells(cells) };
}

/** What a message is counted under: its ticket's team, topic and assignee, its association's region. */
export interface TMessageContext {
  team: string | null;
  topic: string | null;
  region: string | null;
  agent: string | null;
}

export function describeMessage(message: TMessage, context: TMessageContext): TContribution {
  const dimensions: TCellDimensions = { ...context, channel: message.channel };
  const counted: TCellValues = message.direction === 'inbound' ? { messagesIn: 1, contacts: 1 } : message.status === 'blocked' ? {} : { messagesOut: 1 };
  return {
    key: `message:${message.messageSid}`,
    version: Date.parse(message.updatedAt),
    cells: mergeCells(withSummaries([{ id: cellIdOf(Date.parse(message.createdAt), dimensions), values: counted }])),
  };
}

function withoutZeros(cell: TCell): TCell {
  return { id: cell.id, values: Object.fromEntries(Object.entries(cell.values).filter(([, value]) => value !== 0)) };
}
