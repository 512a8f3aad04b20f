import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, Merge } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { ACTIVE_TICKET_STATUSES, type TMergeTicketRequest, type TMergeTicketResult, type TTicket } from '@mowakaba/shared/schemas/tickets';
import { ApiError, apiRequest } from '../../lib/api-client';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { shownText } from '../associations/association-name';
import { ticketKeys } from './ticket-keys';
import { useTicket, useTicketList } from './use-tickets';

/** The tickets a duplicate may go into: found by reference, else the association's other open tickets. */
function useMergeCandidates(ticket: TTicket, search: string) {
  const q = useDebouncedValue(search.trim(), 300);
  const params: Record<string, string> = { status: ACTIVE_TICKET_STATUSES.join(','), limit: '10', ...(q ? { q } : { associationId: ticket.associationId ?? '', sort: '-updatedAt' }) };
  const list = useTicketList(params, Boolean(q || ticket.associationId));
  const candidates = (list.data?.items ?? []).filter((candidate) => candidate.id !== ticket.id && !candidate.mergedIntoId);
  return { candidates, loading: list.isFetching, fromAssociation: !q };
}

/** "Merge into…": a button, then a dialog to choose the ticket that stays, confirm, and go there. */
export function MergeTicketAction({ ticket }: { ticket: TTicket }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" icon={Merge} onClick={() => setOpen(true)}>
        {t('ticketMerge.action')}
      </Button>
      {open && <MergeTicketDialog ticket={ticket} onClose={() => setOpen(false)} />}
    </>
  );
}

function MergeTicketDialog({ ticket, onClose }: { ticket: TTicket; onClose: () => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [target, setTarget] = useState<TTicket | null>(null);
  const { candidates, loading, fromAssociation } = useMergeCandidates(ticket, search);
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const merge = useMutation({
    mutationFn: (request: TMergeTicketRequest) => apiRequest<TMergeTicketResult>(`/api/tickets/${ticket.id}/merge`, { method: 'POST', body: request }),
    onSuccess: (result) => {
      queryClient.setQueryData(ticketKeys.detail(result.source.id), result.source);
      queryClient.setQueryData(ticketKeys.detail(result.target.id), result.target);
      void queryClient.resetQueries({ queryKey: ticketKeys.timeline(result.target.id) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      onClose();
      navigate(`/tickets/${result.target.id}`);
    },
  });

  const refused = merge.error instanceof ApiError ? merge.error.code : null;
  return (
    <Dialog title={t('ticketMerge.title', { reference: ticket.reference })} onClose={onClose} className="merge-dialog" contentKey={target ? `confirm-${target.id}` : 'choose'}>
      {target ? (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            merge.mutate({ targetTicketId: target.id, version: ticket.version });
          }}
        >
          <p>{t('ticketMerge.confirm', { source: ticket.reference, target: target.reference })}</p>
          <p className="merge-dialog__target">
            <bdi dir="ltr">{target.reference}</bdi> <span dir="auto">{shownText(target.subject, t)}</span>
          </p>
          {refused && <p role="alert">{t(refused === 'conflict' ? 'ticketMerge.conflict' : refused === 'forbidden' ? 'ticketMerge.forbidden' : 'errors.generic')}</p>}
          <div className="form-actions">
            {/* The chosen ticket's button is gone: focus goes to the decision, not back to the page. */}
            <Button type="submit" icon={Merge} loading={merge.isPending} autoFocus>
              {t('ticketMerge.submit', { target: target.reference })}
            </Button>
            <Button variant="secondary" icon={ArrowLeft} iconMirrored onClick={() => setTarget(null)}>
              {t('ticketMerge.back')}
            </Button>
          </div>
        </form>
      ) : (
        <>
          <p>{t('ticketMerge.intro')}</p>
          <label className="merge-dialog__search">
            <span>{t('ticketMerge.searchLabel')}</span>
            <input type="search" dir="ltr" value={search} placeholder="T-2026-000123" onChange={(event) => setSearch(event.target.value)} autoFocus />
          </label>
          <h3>{fromAssociation ? t('ticketMerge.associationTickets') : t('ticketMerge.found')}</h3>
          {candidates.length === 0 ? (
            <p className="timeline__empty" aria-busy={loading}>
              {loading ? t('common.loading') : t('ticketMerge.noCandidates')}
            </p>
          ) : (
            <ul className="merge-dialog__candidates">
              {candidates.map((candidate) => (
                <li key={candidate.id}>
                  <button type="button" className="button--quiet" onClick={() => setTarget(candidate)}>
                    <bdi dir="ltr">{candidate.reference}</bdi> <span dir="auto">{shownText(candidate.subject, t)}</span>{' '}
                    <span className="badge badge--muted">{t(`status.${candidate.status}`)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="form-actions">
            <Button variant="secondary" onClick={onClose}>
              {t('ticketMerge.cancel')}
            </Button>
          </div>
        </>
      )}
    </Dialog>
  );
}

/** On a merged duplicate: where its history and work now are. */
export function MergedIntoNotice({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const target = useTicket(ticketId);
  const reference = target.data?.reference ?? '…';
  return (
    <p className="notice" role="status">
      {t('ticketMerge.mergedInto')}{' '}
      <Link href={`/tickets/${ticketId}`}>
        <bdi dir="ltr">{reference}</bdi>
      </Link>
    </p>
  );
}
