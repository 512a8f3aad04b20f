// A ticket's stored record as other modules read it (messages, the portal), so none imports the model.
import type mongoose from 'mongoose';
import { recordSetOf } from '../../database/rebuild-ordered-lists.js';
import { TicketEntryModel } from './ticket-entry.model.js';
import { TicketModel, type TicketDocument } from './ticket.model.js';

export type { TicketDocument } from './ticket.model.js';

/** Every ticket, for a rebuild. */
export const ticketRecordSet = () => recordSetOf(() => TicketModel.collection);
/** Every timeline entry, for a rebuild. */
export const ticketEntryRecordSet = () => recordSetOf(() => TicketEntryModel.collection);

/** A ticket merged into one later merged itself: how far the chain is followed. */
const MAX_MERGE_HOPS = 10;

/** The stored ticket with this id, or null. */
export function findTicketRecord(id: string | mongoose.Types.ObjectId): Promise<TicketDocument | null> {
  return TicketModel.findById(id).lean<TicketDocument>().exec();
}

/**
 * The ticket stored under `id`, or the one its work went on in when it was merged (and a merge of that
 * one); null when there is none or it was removed.
 */
export async function findTicketFollowingMerges(id: string | mongoose.Types.ObjectId): Promise<TicketDocument | null> {
  let ticket = (await findTicketRecord(id)) as (TicketDocument & { removedAt?: Date }) | null;
  for (let hops = 0; ticket?.mergedIntoId && hops < MAX_MERGE_HOPS; hops += 1) ticket = await findTicketRecord(ticket.mergedIntoId);
  return ticket && !ticket.removedAt && !ticket.mergedIntoId ? ticket : null;
}
