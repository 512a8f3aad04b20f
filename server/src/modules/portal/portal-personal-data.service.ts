import mongoose from 'mongoose';
import { PortalAccessModel } from './portal-access.model.js';

/** Ends portal follow-up for these tickets (their follow-up code no longer opens anything). */
export async function deletePortalAccessesOfTickets(ticketIds: string[]): Promise<number> {
  if (ticketIds.length === 0) return 0;
  const result = await PortalAccessModel.deleteMany({ ticketId: { $in: ticketIds.map((id) => new mongoose.Types.ObjectId(id)) } });
  return result.deletedCount ?? 0;
}

/** How many of these tickets are portal requests still open to follow-up (for a data-subject search). */
export async function countPortalAccessesOfTickets(ticketIds: string[]): Promise<number> {
  if (ticketIds.length === 0) return 0;
  return PortalAccessModel.countDocuments({ ticketId: { $in: ticketIds.map((id) => new mongoose.Types.ObjectId(id)) } });
}

/** Retention of portal requests: follow-up accesses created before `cutoff`. */
export async function deletePortalAccessesBefore(cutoff: Date): Promise<number> {
  const result = await PortalAccessModel.deleteMany({ createdAt: { $lt: cutoff } });
  return result.deletedCount ?? 0;
}

/** The tickets of the portal requests given with this e-mail address (trimmed, lower case, as stored). */
export async function findPortalTicketIdsByEmail(email: string): Promise<string[]> {
  const accesses = await PortalAccessModel.find({ email }, { ticketId: 1 }).lean();
  return accesses.map((access) => access.ticketId.toString());
}

/** Erasure on request: the portal requests given with this address lose it and their follow-up ends. */
export async function deletePortalAccessesByEmail(email: string): Promise<number> {
  const result = await PortalAccessModel.deleteMany({ email });
  return result.deletedCount ?? 0;
}
