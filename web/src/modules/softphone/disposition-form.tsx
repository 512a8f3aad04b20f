import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { CALL_DISPOSITIONS, type TCall } from '@mowakaba/shared/schemas/calls';
import { shownText } from '../associations/association-name';
import { CallerName, CallerNumber } from '../calls/caller-name';
import { useSaveCallDetails } from '../calls/use-calls';
import { useTicket } from '../tickets/use-tickets';
import { useSoftphone } from './softphone-provider';

type TDisposition = (typeof CALL_DISPOSITIONS)[number];

function TicketReference({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const ticket = useTicket(ticketId);
  return (
    <Link href={`/tickets/${ticketId}`}>
      <bdi dir="ltr">{ticket.data?.reference ?? '…'}</bdi> {ticket.data && <span dir="auto">{shownText(ticket.data.subject, t)}</span>}
    </Link>
  );
}

/** After the call: its disposition and notes, saved on the call and shown on the ticket it is linked to. */
export function DispositionForm({ call }: { call: TCall }) {
  const { t } = useTranslation();
  const phone = useSoftphone();
  const save = useSaveCallDetails(call.callSid);
  const [disposition, setDisposition] = useState<TDisposition | ''>(call.disposition ?? (call.phase === 'ended' ? '' : 'transferred'));
  const [notes, setNotes] = useState(call.notes);
  const [linkSuggested, setLinkSuggested] = useState(true);
  const ticketId = call.ticketId ?? (linkSuggested ? call.suggestedTicketId : null);

  return (
    <form
      className="softphone__wrap-up"
      aria-labelledby="wrap-up-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (!disposition) return;
        save.mutate({ disposition, notes, ...(ticketId ? { ticketId } : {}) }, { onSuccess: phone.finish });
      }}
    >
      <h3 id="wrap-up-title">{t('softphone.wrapUp')}</h3>
      <p>
        <strong>
          <CallerName associationId={call.associationId} />
        </strong>{' '}
        <CallerNumber call={call} />
      </p>
      <label>
        <span>{t('softphone.disposition')}</span>
        <select required value={disposition} onChange={(event) => setDisposition(event.target.value as TDisposition)}>
          <option value="">—</option>
          {CALL_DISPOSITIONS.map((option) => (
            <option key={option} value={option}>
              {t(`dispositions.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('softphone.notes')}</span>
        <textarea dir="auto" rows={3} maxLength={5000} value={notes} onChange={(event) => setNotes(event.target.value)} />
      </label>
      {call.ticketId ? (
        <p>
          {t('softphone.linkedTicket')} <TicketReference ticketId={call.ticketId} />
        </p>
      ) : (
        call.suggestedTicketId && (
          <div className="softphone__suggested">
            <label>
              <input type="checkbox" checked={linkSuggested} onChange={(event) => setLinkSuggested(event.target.checked)} />
              {t('softphone.linkSuggested')}
            </label>{' '}
            <TicketReference ticketId={call.suggestedTicketId} />
          </div>
        )
      )}
      {save.error && (
        <p role="alert" className="form-error">
          {t('errors.generic')}
        </p>
      )}
      <button type="submit" disabled={!disposition || save.isPending}>
        {t('softphone.saveDisposition')}
      </button>
    </form>
  );
}
