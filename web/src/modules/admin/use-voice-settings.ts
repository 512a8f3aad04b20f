import { useQuery } from '@tanstack/react-query';
import type { TVoiceSettings } from '@mowakaba/shared/schemas/calls';
import { apiRequest } from '../../lib/api-client';

/** One cache entry for the voice settings: the Calls and Voice tabs each edit a part of the one document. */
export const voiceSettingsKey = ['voice-settings'] as const;

export function useVoiceSettings() {
  return useQuery({ queryKey: voiceSettingsKey, queryFn: () => apiRequest<TVoiceSettings>('/api/voice/settings') });
}
