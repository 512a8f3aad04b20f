import type { CallDocument } from '../calls/call.model.js';
import { callRecordSets } from '../calls/call-record.js';
import { toCallDto } from '../calls/calls.service.js';
import { messageRecordSet, type MessageDocument } from '../messages/message-records.js';
import { toMessageDto } from '../messages/messages.service.js';
import { countPresenceIntervals, listPresenceIntervals } from '../presence/presence-history.js';
import { getSlaContext } from '../sla/sla.service.js';
import { ticketRecordSet, type TicketDocument } from '../tickets/ticket-records.js';
import { toTicketDto } from '../tickets/tickets.service.js';
import { replaceAllRollups } from './dashboard.store.js';
import { summariesOfSortedCells } from './domain/history-summary.js';
import { describePresenceInterval } from './domain/describe-presence.js';
import { describeCall, describeMessage, describeTicket, type TContribution, type TMessageContext } from './domain/describe-contributions.js';
import { addValues, type TCell, type TCellValues } from './domain/rollup-cell.js';

function addContribution(cells: Map<string, TCellValues>, contribution: TContribution): void {
  for (const cell of contribution.cells) addValues(cells.get(cell.id) ?? cells.set(cell.id, {}).get(cell.id)!, cell.values);
}

/** The cells that are not empty, in id order (hour first). */
const sortedCellsOf = (cells: Map<string, TCellValues>): TCell[] =>
  [...cells].filter(([, values]) => Object.keys(values).length > 0).map(([id, values]) => ({ id, values })).sort((a, b) => (a.id < b.id ? -1 : 1));

/** The rollup cells that a set of contributions adds up to (what the incremental rollups must equal). */
export function sumContributions(contributions: Iterable<TContribution>): TCell[] {
  const cells = new Map<string, TCellValues>();
  for (const contribution of contributions) addContribution(cells, contribution);
  return sortedCellsOf(cells);
}

function* withProgress<T>(items: T[], phase: RebuildProgress['phase'], onProgress: (progress: RebuildProgress) => void): Generator<T> {
  let done = 0;
  for (const item of items) {
    yield item;
    if (++done % 1000 === 0 || done === items.length) onProgress({ phase, done, total: items.length });
  }
}

export interface RebuildProgress {
  phase: 'tickets' | 'calls' | 'messages' | 'presence' | 'cells' | 'summaries';
  done: number;
  total: number;
}

/** Contributions are written as they are read, this many at a time. */
const CONTRIBUTION_BATCH = 1000;

/**
 * Recomputes every rollup from the records (tickets, calls and their archive, messages, the states
 * agents left), with the same contribution functions the live feed uses, under the rollup mutex:
 * each record's contribution is written as it is read and added to its cells; then the cells are
 * written in id order (hour first), and the history summaries summed from them day by day and
 * written as each is complete. What stays in memory is the cells and, for messages, each ticket's
 * team, topic, assignee and region (as short strings) and associations' regions for calls.
 */
export async function rebuildRollups(onProgress: (progress: RebuildProgress) => void = () => undefined): Promise<{ records: number; cells: number; summaries: number }> {
  const { calendar } = await getSlaContext();
  const ticketContexts = new Map<string, TMessageContext>();
  const regionsByAssociation = new Map<string, string>();
  const result = { records: 0, cells: 0, summaries: 0 };

  await replaceAllRollups(async (writer) => {
    const cells = new Map<string, TCellValues>();
    let pending: TContribution[] = [];
    const take = async (contribution: TContribution) => {
      addContribution(cells, contribution);
      pending.push(contribution);
      result.records += 1;
      if (pending.length === CONTRIBUTION_BATCH) {
        await writer.contributions(pending);
        pending = [];
      }
    };

    const tickets = ticketRecordSet();
    const ticketTotal = await tickets.estimatedCount();
    let done = 0;
    for await (const ticket of tickets.each({})) {
      const dto = toTicketDto(ticket as unknown as TicketDocument);
      await take(describeTicket(dto, calendar));
      ticketContexts.set(dto.id, { team: dto.teamId, topic: dto.topic, region: dto.region, agent: dto.assigneeId });
      if (dto.associationId && dto.region) regionsByAssociation.set(dto.associationId, dto.region);
      if (++done % 1000 === 0) onProgress({ phase: 'tickets', done, total: ticketTotal });
    }
    onProgress({ phase: 'tickets', done, total: ticketTotal });

    const calls = callRecordSets();
    const callTotal = (await Promise.all(calls.map((records) => records.estimatedCount()))).reduce((sum, count) => sum + count, 0);
    const seenCalls = new Set<string>();
    done = 0;
    for (const records of calls) {
      for await (const call of records.each({})) {
        // A call being archived can be in both for an instant: the live one counts.
        const callSid = String(call._id);
        if (seenCalls.has(callSid)) continue;
        seenCalls.add(callSid);
        const dto = toCallDto(call as unknown as CallDocument);
        await take(describeCall(dto, dto.associationId ? (regionsByAssociation.get(dto.associationId) ?? null) : null));
        if (++done % 1000 === 0) onProgress({ phase: 'calls', done, total: callTotal });
      }
    }
    onProgress({ phase: 'calls', done, total: callTotal });

    const messages = messageRecordSet();
    const messageTotal = await messages.estimatedCount();
    const none: TMessageContext = { team: null, topic: null, region: null, agent: null };
    done = 0;
    for await (const message of messages.each({})) {
      const dto = toMessageDto(message as unknown as MessageDocument);
      await take(describeMessage(dto, dto.ticketId ? (ticketContexts.get(dto.ticketId) ?? none) : none));
      if (++done % 1000 === 0) onProgress({ phase: 'messages', done, total: messageTotal });
    }
    onProgress({ phase: 'messages', done, total: messageTotal });

    const presenceTotal = await countPresenceIntervals();
    done = 0;
    for await (const interval of listPresenceIntervals()) {
      await take(describePresenceInterval(interval));
      if (++done % 1000 === 0) onProgress({ phase: 'presence', done, total: presenceTotal });
    }
    onProgress({ phase: 'presence', done, total: presenceTotal });
    await writer.contributions(pending);

    const sorted = sortedCellsOf(cells);
    cells.clear();
    result.cells = await writer.cells(withProgress(sorted, 'cells', onProgress));
    result.summaries = await writer.summaries(summariesOfSortedCells(withProgress(sorted, 'summaries', onProgress)));
  });
  return result;
}
