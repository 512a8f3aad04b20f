import { ZVoiceSettings, type TVoiceSettings } from '@mowakaba/shared/schemas/calls';
import type { TValidationIssue } from '@mowakaba/shared/errors';
import { createReadThroughCache } from '../../database/read-through-cache.js';
import { defineAppState } from '../../platform/app-state.js';
import { AppError } from '../../errors.js';
import { getTeams } from '../teams/teams.service.js';
import { getSettingValue, putSettingValue } from '../settings/settings.service.js';

const SETTINGS_ID = 'voice-settings';

export const DEFAULT_VOICE_SETTINGS: TVoiceSettings = ZVoiceSettings.parse({ prompts: {} });

async function readVoiceSettings(): Promise<TVoiceSettings> {
  const stored = await getSettingValue(SETTINGS_ID);
  const parsed = stored === undefined ? undefined : ZVoiceSettings.safeParse(stored);
  return parsed?.success ? parsed.data : DEFAULT_VOICE_SETTINGS;
}

// Read on every step of every call: kept for a few seconds (another node's change applies within them).
const cachedVoiceSettings = defineAppState((clock) => createReadThroughCache(5_000, readVoiceSettings, clock));

/** The admin's recorded prompts and hold music; defaults when none were saved. */
export function getVoiceSettings(): Promise<TVoiceSettings> {
  return cachedVoiceSettings().get();
}

/** Saves the voice settings; a menu key leading to a team that does not exist is refused. */
export async function saveVoiceSettings(settings: TVoiceSettings): Promise<TVoiceSettings> {
  const teamIds = new Set((await getTeams()).map((team) => team._id.toString()));
  const issues = settings.menu.flatMap((key, index): TValidationIssue[] =>
    key.teamId && !teamIds.has(key.teamId) ? [{ path: `menu.${index}.teamId`, code: 'custom', message: 'no such team' }] : [],
  );
  if (issues.length > 0) throw new AppError('validation_failed', 'the request is not valid', issues);
  await putSettingValue(SETTINGS_ID, settings);
  cachedVoiceSettings.forEach((cache) => cache.forget());
  return settings;
}
