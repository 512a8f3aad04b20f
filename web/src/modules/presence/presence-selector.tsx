import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TAgentPresencePayload } from '@mowakaba/shared/events';
import type { TAgentStatus } from '@mowakaba/shared/schemas/presence';
import { apiRequest } from '../../lib/api-client';
import { presenceKeys } from './presence-keys';

const CHOICES = ['available', 'busy', 'wrap-up', 'away'] as const;

/**
 * The agent's presence, always in view; calls and tickets go only to available agents. A call makes
 * them busy, then in wrap-up, and brings them back to what they chose (shown as "then"); a
 * supervisor's change is announced with their name.
 */
export function PresenceSelector() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: presenceKeys.me, queryFn: () => apiRequest<TAgentStatus>('/api/presence/me') });
  const bySupervisor = useQuery<TAgentPresencePayload | null>({ queryKey: presenceKeys.supervisorChange, queryFn: () => null, staleTime: Infinity });
  const change = useMutation({
    mutationFn: (state: (typeof CHOICES)[number]) => apiRequest<TAgentStatus>('/api/presence/me', { method: 'PUT', body: { state } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(presenceKeys.me, updated);
      queryClient.setQueryData(presenceKeys.supervisorChange, null);
    },
  });
  const state = status.data?.state ?? 'offline';
  const chosen = status.data?.chosenState ?? state;
  const held = (state === 'busy' || state === 'wrap-up') && status.data?.callSid && chosen !== state;
  const notice = bySupervisor.data?.setBy && bySupervisor.data.state === state ? bySupervisor.data : null;
  return (
    <div className="presence-box">
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
        {held && <small className="presence__then">{t('presence.then', { state: t(`presence.${chosen}`) })}</small>}
      </label>
      {notice && (
        <p role="status" className="presence__notice">
          {t('presence.setBy', { name: notice.setBy!.name, state: t(`presence.${notice.state}`) })}
        </p>
      )}
    </div>
  );
}
