import type { TContentLanguage, TTopicKey } from '@mowakaba/shared/constants';
import { AgentStateModel, type AgentStateDocument } from '../presence/agent-state.model.js';
import type { TeamDocument } from '../teams/team.model.js';
import { getTeams } from '../teams/teams.service.js';

/** The team for a ticket: one skilled in both its language and topic, else its language, else its topic. */
export async function chooseTeam(language: TContentLanguage, topic: TTopicKey): Promise<TeamDocument | undefined> {
  const teams = await getTeams();
  const speaks = (team: TeamDocument) => team.skills?.languages.includes(language) ?? false;
  const knows = (team: TeamDocument) => team.skills?.topics.includes(topic) ?? false;
  return teams.find((team) => speaks(team) && knows(team)) ?? teams.find(speaks) ?? teams.find(knows);
}

/**
 * The available member with the fewest active tickets; on a tie, the one who was given a ticket
 * longest ago (round-robin). Undefined when nobody in the team is available.
 */
export async function chooseAgent(team: TeamDocument): Promise<string | undefined> {
  if (team.memberIds.length === 0) return undefined;
  // One read for the whole team (by `_id` on MongoDB; on the embedded database a scan of the agents'
  // states, one small document per agent, which costs less than a command per member).
  const states = await AgentStateModel.find({ _id: { $in: team.memberIds.map((id) => id.toString()) } }).lean<AgentStateDocument[]>();
  const available = states.filter((state) => state.state === 'available');
  available.sort(
    (a, b) =>
      a.activeTickets - b.activeTickets ||
      (a.lastAssignedAt?.getTime() ?? 0) - (b.lastAssignedAt?.getTime() ?? 0) ||
      a._id.localeCompare(b._id),
  );
  return available[0]?._id;
}
