import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { useSession } from '../auth/use-session';
import { useSoftphone } from '../softphone/softphone-provider';
import { DataTable } from '../ui/data-table';
import { ElapsedTime } from '../ui/elapsed-time';
import { useColleagues } from '../users/use-colleagues';
import { CallerName, CallerNumber } from './caller-name';
import { useWaitingCalls } from './use-calls';

/**
 * Callers waiting in a queue now, with their running wait and the agent each one rings; kept live by
 * call events. An agent answers the caller ringing for them; supervisors may pick any caller.
 */
export function WaitingCallsTable() {
  const { t } = useTranslation();
  const waiting = useWaitingCalls();
  const phone = useSoftphone();
  const session = useSession();
  const colleagues = useColleagues();
  const picksAny = session.data?.role === 'supervisor' || session.data?.role === 'admin';
  const columns = useMemo(() => {
    const nameOf = (userId: string) => colleagues.data?.items.find((colleague) => colleague.id === userId)?.name ?? '…';
    return [
      { id: 'caller', header: t('calls.caller'), cell: ({ row }) => <CallerName associationId={row.original.associationId} /> },
      { id: 'number', header: t('calls.number'), cell: ({ row }) => <CallerNumber call={row.original} /> },
      { id: 'topic', header: t('ticket.topic'), cell: ({ row }) => (row.original.topic ? t(`topics.${row.original.topic}`) : '—') },
      { id: 'wait', header: t('calls.wait'), cell: ({ row }) => <ElapsedTime since={row.original.queuedAt ?? row.original.createdAt} /> },
      {
        id: 'ringing',
        header: t('calls.ringing'),
        cell: ({ row }) => (row.original.offer ? <bdi>{nameOf(row.original.offer.agentId)}</bdi> : <span className="muted">{t('calls.waitingForAgent')}</span>),
      },
      {
        id: 'actions',
        header: t('calls.actions'),
        cell: ({ row }) => {
          const ringsHere = row.original.offer?.agentId === phone.userId;
          if (!ringsHere && !picksAny) return null;
          return (
            <button type="button" onClick={() => phone.answer(row.original.callSid)} disabled={!phone.line || phone.pending || phone.stage !== 'idle'}>
              {ringsHere ? t('softphone.answer') : t('calls.pick')}
            </button>
          );
        },
      },
    ] satisfies ColumnDef<TCall, unknown>[];
  }, [t, phone, picksAny, colleagues.data]);
  return (
    <section aria-labelledby="waiting-calls-title">
      <h2 id="waiting-calls-title">{t('calls.waitingTitle')}</h2>
      <DataTable label={t('calls.waitingTitle')} columns={columns} rows={waiting.data ?? []} getRowId={(call) => call.callSid} emptyText={t('calls.noneWaiting')} />
    </section>
  );
}
