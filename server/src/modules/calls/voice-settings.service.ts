import { ZVoiceSettings, type TVoiceSettings } from '../../../../shared/src/schemas/calls.js';
import { SettingModel } from '../settings/setting.model.js';

const SETTINGS_ID = 'voice-settings';

export const DEFAULT_VOICE_SETTINGS: TVoiceSettings = { prompts: { ar: {}, fr: {}, zgh: {} }, holdMusicUrl: null };

/** The admin's recorded prompts and hold music; defaults when none were saved. */
export async function getVoiceSettings(): Promise<TVoiceSettings> {
  const stored = await SettingModel.findById(SETTINGS_ID).lean();
  const parsed = stored ? ZVoiceSettings.safeParse(stored.value) : undefined;
  return parsed?.success ? parsed.data : DEFAULT_VOICE_SETTINGS;
}

export async function saveVoiceSettings(settings: TVoiceSettings): Promise<TVoiceSettings> {
  await SettingModel.updateOne({ _id: SETTINGS_ID }, { $set: { value: settings } }, { upsert: true });
  return settings;
}
