import mongoose from 'mongoose';
import type { TMergeEntryData, TMergeTicketRequest, TMergeTicketResult } from '@mowakaba/shared/schemas/tickets';
import { AppError, notFound } from '../../errors.js';
import { getStorage } from '../../platform/storage/index.js';
import { TicketEntryModel } from './ticket-entry.model.js';
import { TicketModel, type TicketDocument } from './ticket.model.js';
import { applyTicketChange, moveTicketEntries } from './ticket.store.js';
import { assertTicketAccess, toTicketDto, type TicketActor, type TicketServiceDeps } from './tickets.service.js';

/** What else points at a ticket (calls, callback tasks, messages); given by the routes, so tickets import no call or message model. */
export interface TicketLinks {
  moveTicketLinks(sourceId: mongoose.Types.ObjectId, targetId: mongoose.Types.ObjectId): Promise<void>;
}

const mergeEntry = (data: TMergeEntryData) => ({ kind: 'merge' as const, data });

/**
 * Merges a duplicate ticket into `targetTicketId`, at the version the agent saw. The duplicate is
 * first marked as merged (the version check: of two merges at once, one wins, the other gets 409),
 * then its timeline entries, calls, callback tasks and messages move to the target, the target
 * records where they came from, and last the duplicate closes with a "merged into" entry. Both
 * tickets are held for the whole merge, and each step is safe to repeat, so a merge cut short is
 * finished by asking again with the duplicate's current version.
 */
export async function mergeTicket(
  sourceId: string,
  request: TMergeTicketRequest,
  actor: TicketActor,
  deps: TicketServiceDeps & { links: TicketLinks },
): Promise<TMergeTicketResult> {
  const { targetTicketId: targetId, version } = request;
  if (!mongoose.isValidObjectId(sourceId)) throw notFound('ticket');
  return getStorage().withMutex([`ticket-merge:${sourceId}`, `ticket-merge:${targetId}`], async () => {
    const [source, target] = await Promise.all([
      TicketModel.findById(sourceId).lean<TicketDocument>(),
      TicketModel.findById(targetId).lean<TicketDocument>(),
    ]);
    if (!source) throw notFound('ticket');
    if (!target) throw new AppError('not_found', 'the ticket to merge into was not found', { field: 'targetTicketId' });
    await assertTicketAccess(source, actor);
    await assertTicketAccess(target, actor);
    if (source._id.equals(target._id)) throw new AppError('conflict', 'a ticket cannot be merged into itself', { field: 'targetTicketId' });
    if (target.mergedIntoId) throw new AppError('conflict', 'the ticket to merge into was itself merged into another', { mergedIntoId: target.mergedIntoId.toString() });
    if (target.status === 'closed') throw new AppError('conflict', 'a closed ticket cannot receive a merge', { field: 'targetTicketId', status: 'closed' });

    await applyTicketChange(
      sourceId,
      version,
      (current) => {
        if (current.mergedIntoId?.equals(target._id)) return null;
        if (current.mergedIntoId) throw new AppError('conflict', 'this ticket was already merged into another', { mergedIntoId: current.mergedIntoId.toString() });
        if (current.status === 'closed') throw new AppError('conflict', 'a closed ticket cannot be merged', { status: 'closed' });
        return { set: { mergedIntoId: target._id }, changes: [{ field: 'mergedIntoId', from: null, to: targetId }], timeline: [] };
      },
      { actor, publisher: deps.publisher, reason: 'merge' },
    );

    await moveTicketEntries(sourceId, targetId, deps.publisher);
    await deps.links.moveTicketLinks(source._id, target._id);
    const recorded = await TicketEntryModel.exists({ ticketId: target._id, kind: 'merge', 'data.direction': 'from', 'data.ticketId': sourceId });
    const received = await applyTicketChange(
      targetId,
      'latest',
      () =>
        recorded
          ? null
          : {
              set: {},
              changes: [{ field: 'mergedFrom', from: null, to: source.reference }],
              timeline: [mergeEntry({ direction: 'from', ticketId: sourceId, reference: source.reference, subject: source.subject, description: source.description })],
            },
      { actor, publisher: deps.publisher, reason: 'merge' },
    );
    const closed = await applyTicketChange(
      sourceId,
      'latest',
      (current) =>
        current.status === 'closed'
          ? null
          : {
              set: { status: 'closed', closedAt: getStorage().clock.now() },
              changes: [{ field: 'status', from: current.status, to: 'closed' }],
              timeline: [
                mergeEntry({ direction: 'into', ticketId: targetId, reference: target.reference }),
                { kind: 'status-change', data: { field: 'status', from: current.status, to: 'closed' } },
              ],
            },
      { actor, publisher: deps.publisher, reason: 'merge' },
    );
    return { source: toTicketDto(closed.after), target: toTicketDto(received.after) };
  });
}
