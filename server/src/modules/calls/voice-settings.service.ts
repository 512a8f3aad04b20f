import { ZVoiceSettings, type TVoiceSettings } from '../../../../shared/src/schemas/calls.js';
import { createReadThroughCache } from '../../database/read-through-cache.js';
import { SettingModel } from '../settings/setting.model.js';

const SETTINGS_ID = 'voice-settings';

export const DEFAULT_VOICE_SETTINGS: TVoiceSettings = ZVoiceSettings.parse({ prompts: {} });

async function readVoiceSettings(): Promise<TVoiceSettings> {
  const stored = await SettingModel.findById(SETTINGS_ID).lean();
  const parsed = stored ? ZVoiceSettings.safeParse(stored.value) : undefined;
  return parsed?.success ? parsed.data : DEFAULT_VOICE_SETTINGS;
}

// Read on every step of every call: kept for a few seconds (another node's change applies within them).
const cachedVoiceSettings = createReadThroughCache(5_000, readVoiceSettings);

/** The admin's recorded prompts and hold music; defaults when none were saved. */
export function getVoiceSettings(): Promise<TVoiceSettings> {
  return cachedVoiceSettings.get();
}

export async function saveVoiceSettings(settings: TVoiceSettings): Promise<TVoiceSettings> {
  await SettingModel.updateOne({ _id: SETTINGS_ID }, { $set: { value: settings } }, { upsert: true });
  cachedVoiceSettings.forget();
  return settings;
}
