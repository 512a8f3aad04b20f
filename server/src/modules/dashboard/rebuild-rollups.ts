import { CallArchiveModel, CallModel, type CallDocument } from '../calls/call.model.js';
import { toCallDto } from '../calls/calls.service.js';
import { MessageModel, type MessageDocument } from '../messages/message.model.js';
import { toMessageDto } from '../messages/messages.service.js';
import { countPresenceIntervals, listPresenceIntervals } from '../presence/presence-history.js';
import { getSlaContext } from '../sla/sla.service.js';
import { TicketModel, type TicketDocument } from '../tickets/ticket.model.js';
import { toTicketDto } from '../tickets/tickets.service.js';
import { replaceAllRollups } from './dashboard.store.js';
import { summaryDeltasOf } from './domain/history-summary.js';
import { describePresenceInterval } from './domain/describe-presence.js';
import { describeCall, describeMessage, describeTicket, type TContribution, type TMessageContext } from './domain/describe-contributions.js';
import { addValues, type TCell, type TCellValues } from './domain/rollup-cell.js';

/** The rollup cells that a set of contributions adds up to (what the incremental rollups must equal). */
export function sumContributions(contributions: Iterable<TContribution>): TCell[] {
  const byId = new Map<string, TCellValues>();
  for (const contribution of contributions) for (const cell of contribution.cells) addValues(byId.get(cell.id) ?? byId.set(cell.id, {}).get(cell.id)!, cell.values);
  return [...byId].filter(([, values]) => Object.keys(values).length > 0).map(([id, values]) => ({ id, values })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

export interface RebuildProgress {
  phase: 'tickets' | 'calls' | 'messages' | 'presence' | 'writing';
  done: number;
  total: number;
}

/**
 * Recomputes every rollup from the records (tickets, calls and their archive, messages, the states
 * agents left), with the
 * same contribution functions the live feed uses, sums the history summaries from the cells as the feed
 * does, then replaces rollups, summaries and contributions in one go under the rollup lock. The
 * records are read once, in batches; a ticket's team, topic, assignee and region are kept (as short
 * strings) for its messages, and associations' regions for calls.
 */
export async function rebuildRollups(onProgress: (progress: RebuildProgress) => void = () => undefined): Promise<{ records: number; cells: number; summaries: number }> {
  const { calendar } = await getSlaContext();
  const contributions: TContribution[] = [];
  const ticketContexts = new Map<string, TMessageContext>();
  const regionsByAssociation = new Map<string, string>();

  const ticketTotal = await TicketModel.estimatedDocumentCount();
  let done = 0;
  for await (const ticket of TicketModel.find().lean<TicketDocument[]>().cursor({ batchSize: 1000 }) as AsyncIterable<TicketDocument>) {
    const dto = toTicketDto(ticket);
    contributions.push(describeTicket(dto, calendar));
    ticketContexts.set(dto.id, { team: dto.teamId, topic: dto.topic, region: dto.region, agent: dto.assigneeId });
    if (dto.associationId && dto.region) regionsByAssociation.set(dto.associationId, dto.region);
    if (++done % 1000 === 0) onProgress({ phase: 'tickets', done, total: ticketTotal });
  }
  onProgress({ phase: 'tickets', done, total: ticketTotal });

  const callTotal = (await CallModel.estimatedDocumentCount()) + (await CallArchiveModel.estimatedDocumentCount());
  const seenCalls = new Set<string>();
  done = 0;
  for (const model of [CallModel, CallArchiveModel]) {
    for await (const call of model.find().lean<CallDocument[]>().cursor({ batchSize: 1000 }) as AsyncIterable<CallDocument>) {
      // A call being archived can be in both for an instant: the live one counts.
      if (seenCalls.has(call._id)) continue;
      seenCalls.add(call._id);
      const dto = toCallDto(call);
      contributions.push(describeCall(dto, dto.associationId ? (regionsByAssociation.get(dto.associationId) ?? null) : null));
      if (++done % 1000 === 0) onProgress({ phase: 'calls', done, total: callTotal });
    }
  }
  onProgress({ phase: 'calls', done, total: callTotal });

  const messageTotal = await MessageModel.estimatedDocumentCount();
  const none: TMessageContext = { team: null, topic: null, region: null, agent: null };
  done = 0;
  for await (const message of MessageModel.find().lean<MessageDocument[]>().cursor({ batchSize: 1000 }) as AsyncIterable<MessageDocument>) {
    const dto = toMessageDto(message);
    contributions.push(describeMessage(dto, dto.ticketId ? (ticketContexts.get(dto.ticketId) ?? none) : none));
    if (++done % 1000 === 0) onProgress({ phase: 'messages', done, total: messageTotal });
  }
  onProgress({ phase: 'messages', done, total: messageTotal });

  const presenceTotal = await countPresenceIntervals();
  done = 0;
  for await (const interval of listPresenceIntervals()) {
    contributions.push(describePresenceInterval(interval));
    if (++done % 1000 === 0) onProgress({ phase: 'presence', done, total: presenceTotal });
  }
  onProgress({ phase: 'presence', done, total: presenceTotal });

  const cells = sumContributions(contributions);
  const summaries = summaryDeltasOf(cells.map((cell) => [cell.id, cell.values]));
  const total = cells.length + summaries.size + contributions.length;
  await replaceAllRollups(cells, summaries, contributions, (written) => onProgress({ phase: 'writing', done: written, total }));
  return { records: contributions.length, cells: cells.length, summaries: summaries.size };
}
