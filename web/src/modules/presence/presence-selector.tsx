import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TAgentStatus } from '../../../../shared/src/schemas/presence';
import { apiRequest } from '../../lib/api-client';

const CHOICES = ['available', 'busy', 'wrap-up', 'away'] as const;

/** The agent's presence, always in view; routing only gives tickets to available agents. */
export function PresenceSelector() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['presence', 'me'], queryFn: () => apiRequest<TAgentStatus>('/api/presence/me') });
  const change = useMutation({
    mutationFn: (state: (typeof CHOICES)[number]) => apiRequest<TAgentStatus>('/api/presence/me', { method: 'PUT', body: { state } }),
    onSuccess: (updated) => queryClient.setQueryData(['presence', 'me'], updated),
  });
  const state = status.data?.state ?? 'offline';
  return (
    <label className={`presence presence--${state}`}>
      <span>{t('presence.label')}</span>
      <select value={state === 'offline' ? '' : state} onChange={(event) => change.mutate(event.target.value as (typeof CHOICES)[number])}>
        {state === 'offline' && <option value="">{t('presence.offline')}</option>}
        {CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {t(`presence.${choice}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
