import type { TContentLanguage, TTopicKey } from '@mowakaba/shared/constants';
import { availableAgents } from '../presence/presence.service.js';
import type { TeamDocument } from '../teams/team.model.js';
import { getTeams } from '../teams/teams.service.js';
import type { LiveTicketDirectory } from './live-ticket-directory.js';

/** The team for a ticket: one skilled in both its language and topic, else its language, else its topic. */
export async function chooseTeam(language: TContentLanguage, topic: TTopicKey): Promise<TeamDocument | undefined> {
  const teams = await getTeams();
  const speaks = (team: TeamDocument) => team.skills?.languages.includes(language) ?? false;
  const knows = (team: TeamDocument) => team.skills?.topics.includes(topic) ?? false;
  return teams.find((team) => speaks(team) && knows(team)) ?? teams.find(speaks) ?? teams.find(knows);
}

/**
 * The available member with the fewest active tickets; on a tie, the one who was given a ticket
 * longest ago (round-robin). Loads come from the tickets themselves (the node's directory), so they
 * never drift. Undefined when nobody in the team is available.
 */
export async function chooseAgent(team: TeamDocument, tickets: LiveTicketDirectory): Promise<string | undefined> {
  if (team.memberIds.length === 0) return undefined;
  const memberIds = team.memberIds.map((id) => id.toString());
  const [available, loads] = await Promise.all([availableAgents(memberIds), tickets.agentLoads(memberIds, { settled: false })]);
  const loadOf = (userId: string) => loads.get(userId)!;
  available.sort(
    (a, b) => loadOf(a).activeTickets - loadOf(b).activeTickets || loadOf(a).lastAssignedAtMs - loadOf(b).lastAssignedAtMs || a.localeCompare(b),
  );
  return available[0];
}
