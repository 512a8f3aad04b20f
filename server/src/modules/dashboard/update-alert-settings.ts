import type { TAlertSettings } from '@mowakaba/shared/schemas/dashboard-alerts';
import { AppError } from '../../errors.js';
import { getTeams } from '../teams/teams.service.js';
import { saveAlertSettings } from './dashboard-alerts.store.js';

/** Saves the alert thresholds, refusing thresholds for a team that does not exist. */
export async function updateAlertSettings(settings: TAlertSettings): Promise<TAlertSettings> {
  const known = new Set((await getTeams()).map((team) => team._id.toString()));
  const unknown = Object.keys(settings.teams).filter((teamId) => !known.has(teamId));
  if (unknown.length > 0) {
    throw new AppError(
      'validation_failed',
      'the request is not valid',
      unknown.map((teamId) => ({ path: `teams.${teamId}`, code: 'unknown_team', message: 'is not a team' })),
    );
  }
  return saveAlertSettings(settings);
}
