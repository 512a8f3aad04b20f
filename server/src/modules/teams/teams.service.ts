import type { TTeam } from '../../../../shared/src/schemas/teams.js';
import { TeamModel, type TeamDocument } from './team.model.js';

export async function listTeams(): Promise<TTeam[]> {
  const teams = await TeamModel.find().sort({ key: 1 }).lean<TeamDocument[]>();
  return teams.map((team) => ({
    id: team._id.toString(),
    key: team.key,
    name: { ar: team.name?.ar ?? team.key, fr: team.name?.fr ?? team.key, en: team.name?.en ?? team.key },
    skills: { languages: [...(team.skills?.languages ?? [])], topics: [...(team.skills?.topics ?? [])] },
    memberIds: team.memberIds.map((id) => id.toString()),
  }));
}
