import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TCallbackTask } from '@mowakaba/shared/schemas/calls';
import { CallBackButton } from '../softphone/call-back-button';
import { DataTable } from '../ui/data-table';
import { ElapsedTime, formatDuration } from '../ui/elapsed-time';
import { CallerName } from './caller-name';
import { useCallbackTasks, useCloseCallbackTask } from './use-calls';

/** Callers to ring back, oldest place in the queue first: call back, mark done, or dismiss. */
export function CallbackTasksTable() {
  const { t } = useTranslation();
  const tasks = useCallbackTasks();
  const close = useCloseCallbackTask();
  const columns = useMemo(
    () =>
      [
        { id: 'caller', header: t('calls.caller'), cell: ({ row }) => <CallerName associationId={row.original.associationId} className="callback-tasks__caller" /> },
        {
          id: 'number',
          header: t('calls.number'),
          cell: ({ row }) => (
            <bdi dir="ltr" className="phone">
              {row.original.phone ?? '—'}
            </bdi>
          ),
        },
        { id: 'reason', header: t('calls.reason'), cell: ({ row }) => t(`callbackReasons.${row.original.reason}`) },
        {
          id: 'waited',
          header: t('calls.waited'),
          cell: ({ row }) => (row.original.waitSeconds === null ? '—' : <span dir="ltr">{formatDuration(row.original.waitSeconds)}</span>),
        },
        { id: 'since', header: t('calls.since'), cell: ({ row }) => <ElapsedTime since={row.original.priorityAt} /> },
        {
          id: 'actions',
          header: t('calls.actions'),
          cell: ({ row }) => (
            <div className="row-actions">
              <CallBackButton request={{ callbackId: row.original.id }} />
              <button type="button" className="button--quiet" disabled={close.isPending} onClick={() => close.mutate({ id: row.original.id, resolution: 'completed' })}>
                {t('calls.markDone')}
              </button>
              <button type="button" className="button--quiet" disabled={close.isPending} onClick={() => close.mutate({ id: row.original.id, resolution: 'dismissed' })}>
                {t('calls.dismiss')}
              </button>
            </div>
          ),
        },
      ] satisfies ColumnDef<TCallbackTask, unknown>[],
    [t, close],
  );
  return (
    <section className="callback-tasks" aria-labelledby="callback-tasks-title">
      <h2 id="callback-tasks-title">{t('calls.callbacksTitle')}</h2>
      {close.error && (
        <p role="alert" className="form-error">
          {t('errors.generic')}
        </p>
      )}
      <DataTable
        compact
        label={t('calls.callbacksTitle')}
        columns={columns}
        rows={tasks.data ?? []}
        getRowId={(task) => task.id}
        emptyText={t('calls.noCallbacks')}
      />
    </section>
  );
}
