import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TAgentStatus, TAgentStatusList, TSetAgentPresenceRequest } from '@mowakaba/shared/schemas/presence';
import { apiRequest } from '../../lib/api-client';
import { formatNumber } from '../../lib/i18n';
import { DataTable } from '../ui/data-table';
import { ElapsedTime } from '../ui/elapsed-time';
import { useColleagues } from '../users/use-colleagues';
import { presenceKeys } from './presence-keys';

type TBoardRow = TAgentStatus & { name: string };

/**
 * Supervisors: every agent's state, time in it and active tickets, kept live by presence and ticket
 * events; an agent can be set away, offline or back to available.
 */
export function AgentPresenceBoard() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const statuses = useQuery({ queryKey: presenceKeys.all, queryFn: () => apiRequest<TAgentStatusList>('/api/presence') });
  const colleagues = useColleagues();
  const setState = useMutation({
    mutationFn: ({ userId, state }: { userId: string } & TSetAgentPresenceRequest) => apiRequest<TAgentStatus>(`/api/presence/${userId}`, { method: 'PUT', body: { state } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: presenceKeys.all }),
  });
  const rows = useMemo<TBoardRow[]>(() => {
    const agents = (colleagues.data?.items ?? []).filter((colleague) => colleague.role === 'agent');
    return (statuses.data?.items ?? [])
      .flatMap((status) => {
        const agent = agents.find((candidate) => candidate.id === status.userId);
        return agent ? [{ ...status, name: agent.name }] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [statuses.data, colleagues.data]);
  const columns = useMemo(
    () =>
      [
        { id: 'agent', header: t('presence.board.agent'), cell: ({ row }) => <bdi>{row.original.name}</bdi> },
        {
          id: 'state',
          header: t('presence.board.state'),
          cell: ({ row }) => <span className={`badge presence-badge presence-badge--${row.original.state}`}>{t(`presence.${row.original.state}`)}</span>,
        },
        { id: 'since', header: t('presence.board.since'), cell: ({ row }) => <ElapsedTime since={row.original.since} /> },
        { id: 'activeTickets', header: t('presence.board.activeTickets'), cell: ({ row }) => formatNumber(row.original.activeTickets, i18n.language as TUiLanguage) },
        {
          id: 'actions',
          header: t('presence.board.actions'),
          cell: ({ row }) => (
            <div className="row-actions">
              {(['away', 'offline', 'available'] as const)
                .filter((state) => state !== row.original.state)
                .map((state) => (
                  <button key={state} type="button" disabled={setState.isPending} onClick={() => setState.mutate({ userId: row.original.userId, state })}>
                    {t(`presence.board.${state === 'away' ? 'setAway' : state === 'offline' ? 'setOffline' : 'setAvailable'}`)}
                  </button>
                ))}
            </div>
          ),
        },
      ] satisfies ColumnDef<TBoardRow, unknown>[],
    [t, i18n.language, setState],
  );
  return (
    <section className="agent-presence-board" aria-labelledby="agent-presence-title">
      <h2 id="agent-presence-title">{t('presence.board.title')}</h2>
      <DataTable label={t('presence.board.title')} columns={columns} rows={rows} getRowId={(row) => row.userId} emptyText={t('presence.board.empty')} />
    </section>
  );
}
