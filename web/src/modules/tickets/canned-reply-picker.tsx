import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TCannedReply } from '@mowakaba/shared/schemas/canned-replies';
import type { TTicket } from '@mowakaba/shared/schemas/tickets';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { fillCannedReply } from '@mowakaba/shared/text/fill-canned-reply';
import { apiRequest } from '../../lib/api-client';
import { useTextsFor } from '../../lib/use-texts-for';
import { useAssociation } from '../associations/association-panel';
import { associationName } from '../associations/association-name';

/**
 * The canned replies written in the ticket's language (its topic's first), filled in with the
 * association's name, the reference and the agent's name when picked.
 */
export function CannedReplyPicker({ ticket, user, disabled, onPick }: { ticket: TTicket; user: TUser; disabled: boolean; onPick: (text: string) => void }) {
  const { t, i18n } = useTranslation();
  const replies = useQuery({
    queryKey: ['canned-replies', ticket.language, ticket.topic],
    queryFn: () => apiRequest<{ items: TCannedReply[] }>(`/api/canned-replies?language=${ticket.language}&topic=${ticket.topic}`),
    staleTime: 60_000,
  });
  const association = useAssociation(ticket.associationId);
  // The reply is written in the ticket's language, an erased name too: picking waits for that language's texts.
  const ticketTexts = useTextsFor(ticket.language);
  const nameInReply = association.data ? associationName(association.data, ticket.language, i18n.getFixedT(ticket.language)) : ticket.custom.associationName;
  const items = replies.data?.items ?? [];
  return (
    // Labelled by id, not by wrapping: a wrapping label's text would include every option's title.
    <div className="composer__canned">
      <label htmlFor={`canned-${ticket.id}`}>{t('composer.canned')}</label>
      <select
        id={`canned-${ticket.id}`}
        value=""
        disabled={disabled || items.length === 0 || !ticketTexts}
        onChange={(event) => {
          const reply = items.find((item) => item.id === event.target.value);
          if (reply) onPick(fillCannedReply(reply.body, { association: nameInReply, reference: ticket.reference, agent: user.name }));
        }}
      >
        <option value="">{items.length === 0 && !replies.isPending ? t('composer.noCanned') : '—'}</option>
        {items.map((reply) => (
          <option key={reply.id} value={reply.id}>
            {reply.title}
          </option>
        ))}
      </select>
    </div>
  );
}
