import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { REGIONS } from '@mowakaba/shared/constants';
import type { TAssociation } from '@mowakaba/shared/schemas/associations';
import type { TAssociationTimelineItem } from '@mowakaba/shared/schemas/timeline';
import { apiRequest } from '../../lib/api-client';
import { associationKeys } from './association-keys';
import { historyItemId } from './association-history';
import { associationName, shownRegistrationRef, shownText } from './association-name';

export function useAssociation(id: string | null) {
  return useQuery({
    queryKey: associationKeys.detail(id),
    queryFn: () => apiRequest<TAssociation>(`/api/associations/${id}`),
    enabled: id !== null,
  });
}

/** The caller's association: profile, contacts and latest history, beside the ticket. */
export function AssociationPanel({ associationId }: { associationId: string | null }) {
  const { t, i18n } = useTranslation();
  const association = useAssociation(associationId);
  const history = useQuery({
    queryKey: associationKeys.timeline(associationId, 5),
    queryFn: () => apiRequest<{ items: TAssociationTimelineItem[] }>(`/api/associations/${associationId}/timeline?limit=5`),
    enabled: associationId !== null,
  });
  if (!associationId) return <aside className="card association-panel">{t('association.none')}</aside>;
  if (!association.data) return <aside className="card association-panel" aria-busy="true" />;
  const data = association.data;
  const region = REGIONS.find((candidate) => candidate.key === data.region);
  return (
    <aside className="card association-panel" aria-labelledby="association-name">
      <h2 id="association-name">
        <Link href={`/associations/${data.id}`}>
          <span dir="auto">{associationName(data, i18n.language, t)}</span>
        </Link>
      </h2>
      <p>
        {shownRegistrationRef(data) !== null && <><bdi dir="ltr">{shownRegistrationRef(data)}</bdi> · </>}{region ? (i18n.language === 'ar' ? region.ar : region.fr) : data.region} · <span dir="auto">{data.city}</span>
      </p>
      <h3>{t('association.contacts')}</h3>
      <ul>
        {data.contacts.map((contact) => (
          <li key={contact.id}>
            <span dir="auto">{contact.name}</span> {contact.role && <small dir="auto">({contact.role})</small>}
            {/* Each number apart: side by side in a right-to-left line, two numbers read as one. */}
            {contact.phones.length > 0 && (
              <span className="phone-list">
                {contact.phones.map((phone) => (
                  <bdi key={phone} dir="ltr" className="phone">
                    {phone}
                  </bdi>
                ))}
              </span>
            )}
          </li>
        ))}
      </ul>
      <h3>{t('association.history')}</h3>
      <ul>
        {(history.data?.items ?? []).map((item) => (
          <HistoryItem key={historyItemId(item)} item={item} />
        ))}
      </ul>
    </aside>
  );
}

function HistoryItem({ item }: { item: TAssociationTimelineItem }) {
  const { t } = useTranslation();
  if (item.kind === 'ticket') {
    return (
      <li>
        <Link href={`/tickets/${item.ticket.id}`}>
          <bdi dir="ltr">{item.ticket.reference}</bdi>
        </Link>{' '}
        <span dir="auto">{shownText(item.ticket.subject, t)}</span> — {t(`status.${item.ticket.status}`)}
      </li>
    );
  }
  if (item.kind === 'call') {
    return (
      <li>
        {t('entryKinds.call')} · {t(`callDirections.${item.call.direction}`)}
        {item.call.result && ` · ${t(`callResults.${item.call.result}`)}`}
      </li>
    );
  }
  return (
    <li>
      {t('entryKinds.message')} · <span dir="auto">{shownText(item.message.body, t)}</span>
    </li>
  );
}
