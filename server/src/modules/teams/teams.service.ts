import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { TCreateTeamRequest, TTeam, TUpdateTeamRequest } from '@mowakaba/shared/schemas/teams';
import { createReadThroughCache } from '../../database/read-through-cache.js';
import { isDuplicateKeyError } from '../../database/retry-on-duplicate-key.js';
import { defineAppState } from '../../platform/app-state.js';
import { AppError, notFound } from '../../errors.js';
import { userAccessChanged } from '../auth/sessions.service.js';
import { findActiveUserIds } from '../users/active-users.js';
import { onTeamsChanged, TeamModel, type TeamDocument } from './team.model.js';

// Routing reads every team for each new ticket and call; teams change rarely (a change made on
// another node, or by another app of this process, applies here within the cache's lifetime).
const teamsCache = defineAppState((clock) => createReadThroughCache(10_000, () => TeamModel.find().sort({ createdAt: 1 }).lean<TeamDocument[]>().exec(), clock));
onTeamsChanged(() => teamsCache.forEach((cache) => cache.forget()));

/** Every team, oldest first. */
export function getTeams(): Promise<TeamDocument[]> {
  return teamsCache().get();
}

/** The stored team with this id, read afresh (not from the cached list), or null. */
export function findTeamRecord(id: string): Promise<TeamDocument | null> {
  return TeamModel.findById(id).lean<TeamDocument>().exec();
}

/** The teams `userId` is a member of. */
export async function getTeamsOf(userId: string): Promise<TeamDocument[]> {
  return (await getTeams()).filter((team) => team.memberIds.some((memberId) => memberId.toString() === userId));
}

/** The ids of the teams `userId` is a member of. */
export async function getTeamIdsOf(userId: string): Promise<string[]> {
  return (await getTeamsOf(userId)).map((team) => team._id.toString());
}

function toTeamDto(team: TeamDocument): TTeam {
  return {
    id: team._id.toString(),
    key: team.key,
    name: { ar: team.name?.ar ?? team.key, fr: team.name?.fr ?? team.key, en: team.name?.en ?? team.key },
    skills: { languages: [...(team.skills?.languages ?? [])], topics: [...(team.skills?.topics ?? [])] },
    memberIds: team.memberIds.map((id) => id.toString()),
  };
}

export async function listTeams(): Promise<TTeam[]> {
  const teams = [...(await getTeams())].sort((a, b) => a.key.localeCompare(b.key));
  return teams.map(toTeamDto);
}

const namesOf = (name: TCreateTeamRequest['name']) => (typeof name === 'string' ? { ar: name, fr: name, en: name } : name);

/** A stable key from the name (Latin letters and digits), made unique with a short suffix. */
function keyFor(name: TCreateTeamRequest['name']): string {
  const base = namesOf(name)
    .fr.normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${base || 'team'}-${randomBytes(3).toString('hex')}`;
}

/** Members must be existing, enabled users; a wrong id answers 400 naming it. */
async function assertMembers(memberIds: string[]): Promise<mongoose.Types.ObjectId[]> {
  const unique = [...new Set(memberIds)];
  const active = await findActiveUserIds(unique);
  const missing = unique.filter((id) => !active.has(id));
  if (missing.length > 0) {
    throw new AppError('validation_failed', 'the request is not valid', missing.map((id) => ({ path: 'memberIds', code: 'not_found', message: `no active user ${id}` })));
  }
  return unique.map((id) => new mongoose.Types.ObjectId(id));
}

/** Consoles of people who joined or left a team reconnect and join the rooms of their new teams. */
function announceMembershipChange(before: string[], after: string[]): void {
  const changed = new Set([...before.filter((id) => !after.includes(id)), ...after.filter((id) => !before.includes(id))]);
  for (const userId of changed) userAccessChanged(userId);
}

/** Creates a team with its skills (and members, if given). */
export async function createTeam(input: TCreateTeamRequest): Promise<TTeam> {
  const memberIds = await assertMembers(input.memberIds ?? []);
  try {
    const team = await TeamModel.create({ key: keyFor(input.name), name: namesOf(input.name), skills: input.skills, memberIds });
    announceMembershipChange([], memberIds.map(String));
    return toTeamDto(team.toObject() as TeamDocument);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('conflict', 'a team with this key already exists');
    throw error;
  }
}

/** Renames a team, changes its skills or replaces its members. */
export async function updateTeam(id: string, changes: TUpdateTeamRequest): Promise<TTeam> {
  const set: Record<string, unknown> = {};
  if (changes.name !== undefined) set.name = namesOf(changes.name);
  if (changes.skills !== undefined) set.skills = changes.skills;
  if (changes.memberIds !== undefined) set.memberIds = await assertMembers(changes.memberIds);
  const before = await TeamModel.findById(id).lean<TeamDocument>();
  if (!before) throw notFound('team');
  const team = await TeamModel.findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after', runValidators: true }).lean<TeamDocument>();
  if (!team) throw notFound('team');
  announceMembershipChange(before.memberIds.map(String), team.memberIds.map(String));
  return toTeamDto(team);
}

/**
 * Puts a user in exactly the teams `teamIds` (unknown ids answer 400 naming them). Team documents
 * hold the members: each changed team gets `$addToSet` or `$pull`, which never loses a concurrent
 * change to another member of the same team.
 */
export async function setTeamsOf(userId: string, teamIds: string[]): Promise<void> {
  const teams = await TeamModel.find({}, { memberIds: 1 }).lean<TeamDocument[]>();
  const known = new Set(teams.map((team) => team._id.toString()));
  const unknown = teamIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError('validation_failed', 'the request is not valid', unknown.map((id) => ({ path: 'teamIds', code: 'not_found', message: `no team ${id}` })));
  }
  const wanted = new Set(teamIds);
  const user = new mongoose.Types.ObjectId(userId);
  let changed = false;
  for (const team of teams) {
    const isMember = team.memberIds.some((memberId) => memberId.toString() === userId);
    const shouldBe = wanted.has(team._id.toString());
    if (isMember === shouldBe) continue;
    changed = true;
    await TeamModel.updateOne({ _id: team._id }, shouldBe ? { $addToSet: { memberIds: user } } : { $pull: { memberIds: user } });
  }
  if (changed) userAccessChanged(userId);
}
