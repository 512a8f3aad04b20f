import { NotebookPen, Send } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { TICKET_STATUSES, type TTicketStatus } from '@mowakaba/shared/constants';
import { TICKET_TRANSITIONS, type TTicket, type TUpdateTicketRequest } from '@mowakaba/shared/schemas/tickets';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { ApiError } from '../../lib/api-client';
import { AssociationPanel } from '../associations/association-panel';
import { CallSummary } from '../calls/call-summary';
import { ArticleSuggestions } from '../kb/article-suggestions';
import { CallBackButton } from '../softphone/call-back-button';
import { useLive } from '../realtime/live-provider';
import { CannedReplyPicker } from './canned-reply-picker';
import { MergedIntoNotice, MergeTicketAction } from './merge-ticket-dialog';
import { RequesterContact } from './requester-contact';
import { SlaCountdown } from './sla-countdown';
import { TicketFields } from './ticket-fields';
import { failedDeliveries, TicketTimeline, timelineEntryId } from './ticket-timeline';
import { loadedEntries } from './timeline-cache';
import { useAddEntry, useTicket, useTicketTimeline, useUpdateTicket } from './use-tickets';
import { shownText } from '../associations/association-name';
import { Button } from '../ui/button';
import { ErrorState } from '../ui/error-state';
import { LoadingState } from '../ui/loading-state';
import { showToast } from '../ui/toast-store';
import { useColleagues } from '../users/use-colleagues';

type TTicketChanges = Omit<TUpdateTicketRequest, 'version'>;

/** What a saved change did, in a sentence for the toast: who has the ticket now, its new status, or just "saved". */
function describeSavedChange(changes: TTicketChanges, t: TFunction, nameOf: (id: string) => string | undefined): string {
  if ('assigneeId' in changes) {
    const name = changes.assigneeId ? nameOf(changes.assigneeId) : undefined;
    if (changes.assigneeId === null) return t('ui.toast.unassigned');
    if (name) return t('ui.toast.assignedTo', { name });
  }
  if (changes.status) return t('ui.toast.statusChanged', { status: t(`status.${changes.status}`) });
  return t('ui.toast.saved');
}

const REPLY_STATUSES = ['open', 'pending', 'solved'] as const;
type ReplyStatus = (typeof REPLY_STATUSES)[number];

/** Everything about one ticket: header with SLA, timeline, composer, association, who else is here. */
export function TicketWorkspace({ ticketId, user }: { ticketId: string; user: TUser }) {
  const { t } = useTranslation();
  const ticket = useTicket(ticketId);
  const { viewTicket } = useLive();

  useEffect(() => {
    viewTicket(ticketId, 'viewing');
    return () => viewTicket(ticketId, 'left');
  }, [ticketId, viewTicket]);

  if (ticket.isError) return <ErrorState title={t('ticket.notFound')} onRetry={() => void ticket.refetch()} />;
  if (!ticket.data) return <LoadingState />;
  return (
    <div className="workspace">
      <div className="workspace__main">
        <TicketHeader ticket={ticket.data} user={user} />
        <Viewers ticketId={ticketId} userId={user.id} />
        <TicketTimeline ticket={ticket.data} />
        <Composer ticket={ticket.data} user={user} />
      </div>
      <div className="workspace__side">
        <AssociationPanel associationId={ticket.data.associationId} />
        <ArticleSuggestions ticket={ticket.data} />
      </div>
    </div>
  );
}

function TicketHeader({ ticket, user }: { ticket: TTicket; user: TUser }) {
  const { t } = useTranslation();
  const update = useUpdateTicket(ticket.id);
  const conflict = update.error instanceof ApiError && update.error.code === 'conflict';
  const allowed = TICKET_TRANSITIONS[ticket.status];
  const colleagues = useColleagues();
  const nameOf = (id: string) => (id === user.id ? user.name : colleagues.data?.items.find((person) => person.id === id)?.name);
  // Each save says how it went in a toast; a colleague's save in between (409) stays in the header, where the fields changed.
  const save = (changes: TTicketChanges) =>
    update.mutate(
      { version: ticket.version, ...changes },
      {
        onSuccess: () => showToast('success', describeSavedChange(changes, t, nameOf)),
        onError: (error) => {
          if (!(error instanceof ApiError && error.code === 'conflict')) showToast('error', t('ui.toast.saveFailed'));
        },
      },
    );
  const saveRef = useRef(save);
  saveRef.current = save;

  useEffect(() => {
    const solve = () => {
      if (allowed.includes('solved')) saveRef.current({ status: 'solved' });
    };
    window.addEventListener('mowakaba:solve', solve);
    return () => window.removeEventListener('mowakaba:solve', solve);
  }, [allowed]);
  return (
    <header className="card ticket-header">
      <h1>
        <bdi dir="ltr">{ticket.reference}</bdi> <span dir="auto">{shownText(ticket.subject, t)}</span>
      </h1>
      <dl>
        <div>
          <dt>{t('ticket.status')}</dt>
          <dd>
            <select
              aria-label={t('ticket.status')}
              value={ticket.status}
              className="control"
              onChange={(event) => save({ status: event.target.value as TTicketStatus })}
            >
              {TICKET_STATUSES.filter((status) => status === ticket.status || allowed.includes(status)).map((status) => (
                <option key={status} value={status}>
                  {t(`status.${status}`)}
                </option>
              ))}
            </select>
          </dd>
        </div>
        <div>
          <dt>{t('ticket.firstResponse')}</dt>
          <dd>
            {ticket.sla.firstRespondedAt ? t('sla.met') : <SlaCountdown dueAt={ticket.sla.firstResponseDueAt} paused={ticket.sla.paused} breached={ticket.sla.firstResponseBreached} />}
          </dd>
        </div>
        <div>
          <dt>{t('ticket.resolution')}</dt>
          <dd>
            <SlaCountdown dueAt={ticket.sla.resolutionDueAt} paused={ticket.sla.paused} breached={ticket.sla.resolutionBreached} />
          </dd>
        </div>
      </dl>
      <TicketFields ticket={ticket} user={user} saving={update.isPending} save={save} />
      {ticket.contactPhone && (
        <p className="ticket-header__call">
          <bdi dir="ltr" className="phone">
            {ticket.contactPhone}
          </bdi>{' '}
          <CallBackButton request={{ ticketId: ticket.id }} label={t('softphone.callBackNumber', { phone: ticket.contactPhone })} />
        </p>
      )}
      <RequesterContact ticketId={ticket.id} user={user} />
      <FailedDeliveryBadge ticketId={ticket.id} />
      {ticket.mergedIntoId ? <MergedIntoNotice ticketId={ticket.mergedIntoId} /> : ticket.status !== 'closed' && <MergeTicketAction ticket={ticket} />}
      {conflict && (
        <p className="notice" role="alert">
          {t('ticket.conflict')}
        </p>
      )}
    </header>
  );
}

/** Replies that did not reach the association, impossible to miss: a badge in the header linking to the latest. */
function FailedDeliveryBadge({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const timeline = useTicketTimeline(ticketId);
  const failed = failedDeliveries(loadedEntries(timeline.data));
  const latest = failed.at(-1);
  if (!latest) return null;
  return (
    <p className="badge badge--error ticket-header__failed" role="alert">
      <a href={`#${timelineEntryId(latest.id)}`}>{t('delivery.failedBadge', { count: failed.length })}</a>
    </p>
  );
}

function Viewers({ ticketId, userId }: { ticketId: string; userId: string }) {
  const { t } = useTranslation();
  const { viewers } = useLive();
  const others = Object.values(viewers[ticketId] ?? {}).filter((notice) => notice.userId !== userId);
  if (others.length === 0) return null;
  return (
    <p className="viewers" role="status">
      {others.map((notice) => (notice.activity === 'typing' ? t('ticket.typing', { name: notice.name }) : t('ticket.viewing', { name: notice.name }))).join(' · ')}
    </p>
  );
}

function Composer({ ticket, user }: { ticket: TTicket; user: TUser }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [kind, setKind] = useState<'public-reply' | 'internal-note'>('public-reply');
  const addEntry = useAddEntry(ticket.id);
  const { viewTicket } = useLive();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const typingSent = useRef(0);

  useEffect(() => {
    const focusComposer = (event: Event) => {
      setKind((event as CustomEvent<'public-reply' | 'internal-note'>).detail);
      textarea.current?.focus();
    };
    const insertText = (event: Event) => {
      const text = (event as CustomEvent<string>).detail;
      setBody((current) => `${current}${current ? '\n' : ''}${text}`);
      textarea.current?.focus();
    };
    window.addEventListener('mowakaba:compose', focusComposer);
    window.addEventListener('mowakaba:insert', insertText);
    return () => {
      window.removeEventListener('mowakaba:compose', focusComposer);
      window.removeEventListener('mowakaba:insert', insertText);
    };
  }, []);

  const afterOptions = REPLY_STATUSES.filter((status) => status === ticket.status || TICKET_TRANSITIONS[ticket.status].includes(status));
  const [after, setAfter] = useState<ReplyStatus | 'keep'>('keep');
  // A reply to a new ticket opens it unless the agent says otherwise.
  const afterValue = after === 'keep' && ticket.status === 'new' ? 'open' : after;
  const submit = () => {
    if (!body.trim()) return;
    const status = kind === 'public-reply' && afterValue !== 'keep' ? afterValue : undefined;
    // Emptied as it is sent: the entry often shows in the timeline (its event) before the request
    // answers, and what the agent types meanwhile (the next note) must not be wiped by that answer.
    const sent = body;
    setBody('');
    addEntry.mutate(
      { kind, body: sent, ...(status ? { status } : {}) },
      {
        onSuccess: () => {
          setAfter('keep');
          showToast('success', kind === 'public-reply' ? t('ui.toast.replySent') : t('ui.toast.noteAdded'));
        },
        onError: () => {
          setBody((current) => (current ? `${sent}\n${current}` : sent));
          showToast('error', t('ui.toast.sendFailed'));
        },
      },
    );
  };
  const disabled = ticket.status === 'closed';
  return (
    <form
      className={`card composer composer--${kind}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <fieldset className="composer__kind">
        <legend>{t('composer.kind')}</legend>
        {(['public-reply', 'internal-note'] as const).map((option) => (
          <label key={option}>
            <input type="radio" name="kind" value={option} checked={kind === option} onChange={() => setKind(option)} />
            {t(`entryKinds.${option}`)}
          </label>
        ))}
      </fieldset>
      <CannedReplyPicker ticket={ticket} user={user} disabled={disabled} onPick={(text) => setBody((current) => `${current}${current ? '\n' : ''}${text}`)} />
      <label>
        <span>{kind === 'public-reply' ? t('composer.replyLabel') : t('composer.noteLabel')}</span>
        <textarea
          ref={textarea}
          dir="auto"
          rows={4}
          value={body}
          disabled={disabled}
          onChange={(event) => {
            setBody(event.target.value);
            if (Date.now() - typingSent.current > 3000) {
              typingSent.current = Date.now();
              viewTicket(ticket.id, 'typing');
            }
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
          }}
        />
      </label>
      <div className="composer__send">
      {kind === 'public-reply' && (
        <label className="composer__after">
          <span>{t('composer.afterReply')}</span>
          <select value={afterValue} disabled={disabled} onChange={(event) => setAfter(event.target.value as ReplyStatus | 'keep')}>
            {ticket.status !== 'new' && <option value="keep">{t('composer.keepStatus', { status: t(`status.${ticket.status}`) })}</option>}
            {afterOptions.filter((status) => status !== ticket.status).map((status) => (
              <option key={status} value={status}>
                {t(`composer.setStatus.${status}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <Button type="submit" icon={kind === 'public-reply' ? Send : NotebookPen} iconMirrored={kind === 'public-reply'} loading={addEntry.isPending} disabled={disabled || !body.trim()}>
        {kind === 'public-reply' ? t('composer.sendReply') : t('composer.addNote')}
      </Button>
      </div>
    </form>
  );
}
