import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TMessageStatus } from '@mowakaba/shared/schemas/messages';
import type { TTicket, TTicketEntry } from '@mowakaba/shared/schemas/tickets';
import { formatDate } from '../../lib/i18n';
import { CallSummary } from '../calls/call-summary';
import { MergeEntry } from './merge-entry';
import { CallRecordingPlayer, type TimelineRecording } from './call-recording-player';
import { DeliveryStatus, FAILED_DELIVERY_STATUSES } from './delivery-status';
import { EmailNotice, emailNoticeOf } from './email-notice';
import { teamName } from '../teams/team-name';
import { useTeams } from '../teams/use-teams';
import { useColleagues } from '../users/use-colleagues';
import { loadedEntries } from './timeline-cache';
import { useTicketTimeline } from './use-tickets';

interface MessageData {
  messageSid: string;
  direction: 'inbound' | 'outbound';
  channel: 'sms' | 'whatsapp';
  status?: TMessageStatus;
  errorCode?: string | null;
  media?: Array<{ url: string; contentType: string | null }>;
}

/** The message an entry shows or sent, if any (inbound messages, replies on SMS and WhatsApp tickets). */
export function messageOf(entry: TTicketEntry): MessageData | null {
  return typeof entry.data?.messageSid === 'string' ? (entry.data as unknown as MessageData) : null;
}

/** Outbound messages of the timeline whose delivery failed. */
export function failedDeliveries(entries: TTicketEntry[]): TTicketEntry[] {
  return entries.filter((entry) => {
    const message = messageOf(entry);
    return message?.direction === 'outbound' && FAILED_DELIVERY_STATUSES.includes(message.status ?? '');
  });
}

export const timelineEntryId = (entryId: string) => `entry-${entryId}`;

/**
 * What the association wrote first, then replies, notes (styled apart), status changes, calls with
 * their recording, messages with their delivery.
 */
export function TicketTimeline({ ticket }: { ticket: TTicket }) {
  const { t } = useTranslation();
  const timeline = useTicketTimeline(ticket.id);
  const entries = loadedEntries(timeline.data);
  return (
    <ol className="timeline" aria-label={t('ticket.timeline')} aria-busy={timeline.isFetchingNextPage}>
      <TicketDescription ticket={ticket} />
      {timeline.hasNextPage && (
        <li className="timeline__older">
          <button type="button" onClick={() => void timeline.fetchNextPage()} disabled={timeline.isFetchingNextPage}>
            {timeline.isFetchingNextPage ? t('common.loading') : t('ticket.olderEntries')}
          </button>
        </li>
      )}
      {entries.map((entry) => (
        <TimelineEntry key={entry.id} entry={entry} />
      ))}
    </ol>
  );
}

/** The request as it came in: who wrote, through which channel, and their words. */
function TicketDescription({ ticket }: { ticket: TTicket }) {
  const { t, i18n } = useTranslation();
  const writer = ticket.custom.associationName;
  return (
    <li className="timeline__entry timeline__entry--description" aria-label={t('ticket.description')}>
      <small>
        {t('ticket.description')} · {t(`channels.${ticket.channel}`)}
        {writer && (
          <>
            {' · '}
            <bdi>{writer}</bdi>
          </>
        )}
        {' · '}
        {formatDate(new Date(ticket.createdAt), i18n.language as TUiLanguage, { dateStyle: 'short', timeStyle: 'short' })}
      </small>
      {ticket.description.trim() ? <p dir="auto">{ticket.description}</p> : <p className="timeline__empty">{t('ticket.noDescription')}</p>}
    </li>
  );
}

function TimelineEntry({ entry }: { entry: TTicketEntry }) {
  const { t, i18n } = useTranslation();
  const message = messageOf(entry);
  const email = emailNoticeOf(entry);
  const failed = message ? failedDeliveries([entry]).length > 0 : email?.status === 'failed';
  const recording = entry.kind === 'call' ? ((entry.data?.recording as TimelineRecording | null | undefined) ?? null) : null;
  return (
    <li id={timelineEntryId(entry.id)} className={`timeline__entry timeline__entry--${entry.kind}${failed ? ' timeline__entry--failed' : ''}`}>
      <small>
        {entry.kind === 'merge' ? t('ticketMerge.entryKind') : t(`entryKinds.${entry.kind}`)}
        {message && ` · ${t(`channels.${message.channel}`)} · ${t(`messageDirections.${message.direction}`)}`}
        {entry.data?.source === 'portal' && ` · ${t('timelineReasons.portal')}`}
        {' · '}
        {formatDate(new Date(entry.createdAt), i18n.language as TUiLanguage, { dateStyle: 'short', timeStyle: 'short' })}
      </small>
      {entry.body && <p dir="auto">{entry.body}</p>}
      {message?.direction === 'outbound' && message.status && <DeliveryStatus status={message.status} errorCode={message.errorCode ?? null} />}
      {email && <EmailNotice email={email} />}
      {/* Twilio's media links need the account's credentials: counted here, not linked. */}
      {message?.media && message.media.length > 0 && <p className="timeline__media">{t('messageDirections.attachments', { count: message.media.length })}</p>}
      {entry.kind === 'status-change' && entry.data && (
        <p>
          {/* The arrow comes from the translation: it points the way the language reads. */}
          {t('ticket.statusChange', { from: t(`status.${String(entry.data.from)}`), to: t(`status.${String(entry.data.to)}`) })}
          {entry.data.reason === 'customer-message' && <span className="timeline__reason"> · {t('timelineReasons.customer-message')}</span>}
        </p>
      )}
      {entry.kind === 'merge' && <MergeEntry entry={entry} />}
      {entry.kind === 'assignment' && entry.data && <AssignmentChange field={String(entry.data.field)} to={entry.data.to as string | null} />}
      {entry.kind === 'call' && typeof entry.data?.callSid === 'string' && <CallSummary callSid={entry.data.callSid} />}
      {entry.kind === 'call' && entry.data && typeof entry.data.callSid !== 'string' && (
        <p>
          {t(`callDirections.${String(entry.data.direction)}`)}
          {typeof entry.data.result === 'string' && ` · ${t(`callResults.${entry.data.result}`)}`}
        </p>
      )}
      {recording && <CallRecordingPlayer recording={recording} />}
    </li>
  );
}

/** Who or which team the ticket went to. */
function AssignmentChange({ field, to }: { field: string; to: string | null }) {
  const { t, i18n } = useTranslation();
  const colleagues = useColleagues();
  const teams = useTeams();
  if (field === 'teamId') {
    const team = teams.data?.items.find((candidate) => candidate.id === to);
    return <p>{to ? t('ticket.movedToTeam', { team: team ? teamName(team, i18n.language) : '…' }) : t('ticket.noTeam')}</p>;
  }
  const person = colleagues.data?.items.find((candidate) => candidate.id === to);
  return <p>{to ? t('ticket.assignedTo', { name: person?.name ?? '…' }) : t('ticket.unassigned')}</p>;
}
