import type { TTeam } from '../../../../shared/src/schemas/teams.js';
import { createReadThroughCache } from '../../database/read-through-cache.js';
import { onTeamsChanged, TeamModel, type TeamDocument } from './team.model.js';

// Routing reads every team for each new ticket and call; teams change rarely (a change made on
// another node applies here within the cache's lifetime).
const teamsCache = createReadThroughCache(10_000, () => TeamModel.find().sort({ createdAt: 1 }).lean<TeamDocument[]>().exec());
onTeamsChanged(() => teamsCache.forget());

/** Every team, oldest first. */
export function getTeams(): Promise<TeamDocument[]> {
  return teamsCache.get();
}

/** The teams `userId` is a member of. */
export async function getTeamsOf(userId: string): Promise<TeamDocument[]> {
  return (await getTeams()).filter((team) => team.memberIds.some((memberId) => memberId.toString() === userId));
}

export async function listTeams(): Promise<TTeam[]> {
  const teams = [...(await getTeams())].sort((a, b) => a.key.localeCompare(b.key));
  return teams.map((team) => ({
    id: team._id.toString(),
    key: team.key,
    name: { ar: team.name?.ar ?? team.key, fr: team.name?.fr ?? team.key, en: team.name?.en ?? team.key },
    skills: { languages: [...(team.skills?.languages ?? [])], topics: [...(team.skills?.topics ?? [])] },
    memberIds: team.memberIds.map((id) => id.toString()),
  }));
}
