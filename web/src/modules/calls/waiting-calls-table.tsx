import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TCall } from '../../../../shared/src/schemas/calls';
import { useSoftphone } from '../softphone/softphone-provider';
import { DataTable } from '../ui/data-table';
import { ElapsedTime } from '../ui/elapsed-time';
import { CallerName, CallerNumber } from './caller-name';
import { useWaitingCalls } from './use-calls';

/** Callers waiting in a queue now, with their running wait; kept live by call events. */
export function WaitingCallsTable() {
  const { t } = useTranslation();
  const waiting = useWaitingCalls();
  const phone = useSoftphone();
  const columns = useMemo(
    () =>
      [
        { id: 'caller', header: t('calls.caller'), cell: ({ row }) => <CallerName associationId={row.original.associationId} /> },
        { id: 'number', header: t('calls.number'), cell: ({ row }) => <CallerNumber call={row.original} /> },
        { id: 'topic', header: t('ticket.topic'), cell: ({ row }) => (row.original.topic ? t(`topics.${row.original.topic}`) : '—') },
        { id: 'wait', header: t('calls.wait'), cell: ({ row }) => <ElapsedTime since={row.original.queuedAt ?? row.original.createdAt} /> },
        {
          id: 'actions',
          header: t('calls.actions'),
          cell: ({ row }) => (
            <button type="button" onClick={() => phone.answer(row.original.callSid)} disabled={!phone.line || phone.pending || phone.stage !== 'idle'}>
              {t('softphone.answer')}
            </button>
          ),
        },
      ] satisfies ColumnDef<TCall, unknown>[],
    [t, phone],
  );
  return (
    <section aria-labelledby="waiting-calls-title">
      <h2 id="waiting-calls-title">{t('calls.waitingTitle')}</h2>
      <DataTable label={t('calls.waitingTitle')} columns={columns} rows={waiting.data ?? []} getRowId={(call) => call.callSid} emptyText={t('calls.noneWaiting')} />
    </section>
  );
}
