import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TRevealedContact } from '@mowakaba/shared/schemas/privacy';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { apiRequest } from '../../lib/api-client';
import { ticketKeys } from './ticket-keys';

/**
 * The e-mail address a portal requester gave: masked for agents until they reveal it (one audited
 * click), whole for supervisors and admins. Nothing is shown when the requester gave none.
 */
export function RequesterContact({ ticketId, user }: { ticketId: string; user: TUser }) {
  const { t } = useTranslation();
  const contact = useQuery({ queryKey: ticketKeys.contact(ticketId), queryFn: () => apiRequest<TRevealedContact>(`/api/tickets/${ticketId}/contact`) });
  const reveal = useMutation({ mutationFn: () => apiRequest<TRevealedContact>(`/api/tickets/${ticketId}/contact/reveal`, { method: 'POST' }) });
  const email = reveal.data?.email ?? contact.data?.email;
  if (!email) return null;
  const masked = user.role === 'agent' && !reveal.data;
  return (
    <p className="ticket-header__email">
      <span>{t('privacyContacts.requesterEmail')}</span>{' '}
      {masked ? (
        <bdi dir="ltr">{email}</bdi>
      ) : (
        <a href={`mailto:${email}`} dir="ltr">
          {email}
        </a>
      )}{' '}
      {masked && (
        <button type="button" className="button--quiet" disabled={reveal.isPending} onClick={() => reveal.mutate()}>
          {t('privacyContacts.reveal')}
        </button>
      )}
      {reveal.error && <span role="alert">{t('privacyContacts.revealRefused')}</span>}
    </p>
  );
}
