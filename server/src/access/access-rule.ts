import type mongoose from 'mongoose';
import type { TRole } from '@mowakaba/shared/constants';
import { AppError } from '../errors.js';
import { getTeamsOf } from '../modules/teams/teams.service.js';

type Id = mongoose.Types.ObjectId | string | null | undefined;

/** Who asks: the signed-in user, as every module sees them. */
export interface Actor {
  id: string;
  role: TRole | string;
}

/** What a ticket, call, callback task or message says about who works it. */
export interface WorkScope {
  /** The agent on the call, the ticket's assignee: theirs whatever the team. */
  personIds: Id[];
  /** The item's teams; none means the shared queue every agent serves. */
  teamIds: Id[];
}

/** Which items an actor sees: everything (supervisors, admins), or an agent's own, their teams' and the unrouted ones. */
export type Visibility = { everything: true } | { everything: false; actorId: string; teamIds: string[] };

export const seesEverything = (actor: Actor) => actor.role === 'supervisor' || actor.role === 'admin';

/**
 * The one access rule (DESIGN.md, "Access"): supervisors and admins see and act on everything; an
 * agent on what is theirs, what belongs to one of their teams, and what is routed to no team yet.
 * Routes, services and socket rooms all ask here.
 */
export async function getVisibility(actor: Actor): Promise<Visibility> {
  if (seesEverything(actor)) return { everything: true };
  return { everything: false, actorId: actor.id, teamIds: (await getTeamsOf(actor.id)).map((team) => team._id.toString()) };
}

/** Whether `visibility` covers an item worked by `scope`. */
export function isVisible(visibility: Visibility, scope: WorkScope): boolean {
  if (visibility.everything) return true;
  if (scope.personIds.some((id) => id?.toString() === visibility.actorId)) return true;
  const teamIds = scope.teamIds.filter((id) => Boolean(id)).map((id) => id!.toString());
  return teamIds.length === 0 || teamIds.some((id) => visibility.teamIds.includes(id));
}

/**
 * The rule for items with one team and one person, split so that an index holding many items
 * judges each team once and then each item by its team and person: visible when `everything`,
 * when the item's person is `actorId`, or when `teamVisible(teamId)`.
 */
export function splitVisibility(visibility: Visibility): { everything: boolean; actorId: string | null; teamVisible(teamId: string | null): boolean } {
  if (visibility.everything) return { everything: true, actorId: null, teamVisible: () => true };
  return { everything: false, actorId: visibility.actorId, teamVisible: (teamId) => isVisible(visibility, { personIds: [], teamIds: [teamId] }) };
}

export async function hasWorkAccess(actor: Actor, scope: WorkScope): Promise<boolean> {
  return isVisible(await getVisibility(actor), scope);
}

/** hasWorkAccess, or a 403 with `message`. */
export async function assertWorkAccess(actor: Actor, scope: WorkScope, message: string): Promise<void> {
  if (!(await hasWorkAccess(actor, scope))) throw new AppError('forbidden', message);
}

/**
 * The same rule as a database filter over records whose team is in `teamField` and whose person is
 * in `personField`; undefined when the actor sees everything.
 */
export function visibilityFilter(visibility: Visibility, fields: { teamField: string; personField?: string }): Record<string, unknown> | undefined {
  if (visibility.everything) return undefined;
  const { teamField, personField } = fields;
  return {
    $or: [
      { [teamField]: null },
      { [teamField]: { $in: visibility.teamIds } },
      ...(personField ? [{ [personField]: visibility.actorId }] : []),
    ],
  };
}
