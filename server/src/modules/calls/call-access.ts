import type mongoose from 'mongoose';
import { AppError } from '../../errors.js';
import { getTeamsOf } from '../teams/teams.service.js';
import type { TicketActor } from '../tickets/tickets.service.js';

type Id = mongoose.Types.ObjectId | string | null | undefined;

/** What a call, callback task or ticket says about who works it. */
export interface CallAccessScope {
  /** The agent on the call, the ticket's assignee: theirs whatever the team. */
  personIds: Id[];
  /** The call's, task's or ticket's teams; none means the shared queue every agent serves. */
  teamIds: Id[];
}

/**
 * Who may work a call, a callback task or the ticket a call is tied to (and hear its recording):
 * supervisors and admins always; an agent when it is theirs, in one of their teams, or in no team —
 * the same people who see the ticket's events live.
 */
export async function hasCallAccess(actor: TicketActor, scope: CallAccessScope): Promise<boolean> {
  if (actor.role === 'supervisor' || actor.role === 'admin') return true;
  if (scope.personIds.some((id) => id?.toString() === actor.id)) return true;
  const teamIds = scope.teamIds.filter((id) => Boolean(id)).map((id) => id!.toString());
  if (teamIds.length === 0) return true;
  return (await getTeamsOf(actor.id)).some((team) => teamIds.includes(team._id.toString()));
}

/** hasCallAccess, or a 403 with `message`. */
export async function assertCallAccess(actor: TicketActor, scope: CallAccessScope, message: string): Promise<void> {
  if (!(await hasCallAccess(actor, scope))) throw new AppError('forbidden', message);
}
