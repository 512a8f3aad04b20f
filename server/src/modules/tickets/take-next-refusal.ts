import type { TTakeNextRefusalReason } from '@mowakaba/shared/schemas/tickets';
import { AppError } from '../../errors.js';
import type { TeamDocument } from '../teams/team.model.js';

/**
 * Why take-next found nothing for an agent, so the console can say what to do about it:
 * `no-team` (an admin must add them to a team), `no-skills` (their teams cover no language or
 * topic and have no ticket of their own), `none-for-your-teams` (unassigned tickets wait, but for
 * other teams or skills), `nothing-waiting`. `ticketsWaiting`: whether any unassigned ticket waits at all.
 */
export function explainNothingToTake(teams: TeamDocument[], ticketsWaiting: boolean): AppError {
  let reason: TTakeNextRefusalReason;
  if (teams.length === 0) reason = 'no-team';
  else if (ticketsWaiting) {
    const skilled = teams.some((team) => (team.skills?.languages.length ?? 0) > 0 && (team.skills?.topics.length ?? 0) > 0);
    reason = skilled ? 'none-for-your-teams' : 'no-skills';
  } else reason = 'nothing-waiting';
  return new AppError('not_found', MESSAGES[reason], { reason });
}

const MESSAGES: Record<TTakeNextRefusalReason, string> = {
  'no-team': 'you are in no team: an admin must add you to one',
  'no-skills': 'your teams have no languages or topics: an admin must set their skills',
  'none-for-your-teams': 'the tickets waiting are for other teams or skills',
  'nothing-waiting': 'no ticket is waiting for you',
};
