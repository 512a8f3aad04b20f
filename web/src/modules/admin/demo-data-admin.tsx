import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TDemoDataCounts } from '@mowakaba/shared/schemas/demo-data';
import { useDemoDataState, useRemoveDemoData } from './use-demo-data';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { formatDate } from '../../lib/i18n';
import { Button } from '../ui/button';
import { LoadingState } from '../ui/loading-state';
import { ErrorState } from '../ui/error-state';

/** Administration → demo data: what is left of it, and a button (with a confirmation) that removes it. */
export function DemoDataAdmin() {
  const { t, i18n } = useTranslation();
  const state = useDemoDataState();
  const remove = useRemoveDemoData();
  const [confirming, setConfirming] = useState(false);
  const counts = (values: TDemoDataCounts) => t('demoData.counts', values);

  if (state.isPending) return <LoadingState label={t('demoData.loading')} />;
  if (state.isError) return <ErrorState title={t('demoData.loadFailed')} />;
  const { loaded, removedAt, remaining } = state.data;
  const left = remaining.tickets + remaining.associations + remaining.articles + remaining.users;
  const removable = remaining.tickets + remaining.articles + remaining.users > 0 || (removedAt === null && left > 0);

  return (
    <section className="demo-data-admin" aria-labelledby="demo-data-title">
      <h2 id="demo-data-title">{t('demoData.title')}</h2>
      <p>{t('demoData.intro')}</p>
      {!loaded && <p className="notice">{t('demoData.notLoaded')}</p>}
      {loaded && removable && <p>{t('demoData.remaining', { counts: counts(remaining) })}</p>}
      {removedAt && <p className="notice">{t('demoData.removedOn', { date: formatDate(new Date(removedAt), i18n.language as TUiLanguage, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>}
      {removedAt && remaining.associations > 0 && <p>{t('demoData.keptAssociations', { count: remaining.associations })}</p>}
      {remove.data && (
        <p className="notice" role="status">
          {t('demoData.done', { counts: counts(remove.data.removed) })}
        </p>
      )}
      {remove.isError && <p className="form-error" role="alert">{t('demoData.failed')}</p>}
      {loaded && removable && (
        <Button type="button" variant="danger" onClick={() => setConfirming(true)} disabled={remove.isPending}>
          {t('demoData.remove')}
        </Button>
      )}
      {confirming && (
        <ConfirmRemoval
          counts={counts(remaining)}
          pending={remove.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => remove.mutate(undefined, { onSettled: () => setConfirming(false) })}
        />
      )}
    </section>
  );
}

function ConfirmRemoval({ counts, pending, onCancel, onConfirm }: { counts: string; pending: boolean; onCancel: () => void; onConfirm: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="confirm-dialog" aria-labelledby="demo-data-confirm-title" onClose={onCancel}>
      <h2 id="demo-data-confirm-title">{t('demoData.confirmTitle')}</h2>
      <p>{t('demoData.confirmBody', { counts })}</p>
      <p>{t('demoData.confirmKeeps')}</p>
      <div className="form-actions">
        <Button type="button" variant="danger" onClick={onConfirm} disabled={pending} aria-busy={pending}>
          {t('demoData.confirm')}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
          {t('demoData.cancel')}
        </Button>
      </div>
    </dialog>
  );
}
