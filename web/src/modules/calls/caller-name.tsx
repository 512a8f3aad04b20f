import { useTranslation } from 'react-i18next';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { useAssociation } from '../associations/association-panel';
import { associationName } from '../associations/association-name';

/** Who is calling: the association matched by caller ID (in the interface's language), else "unknown caller". */
export function CallerName({ associationId }: { associationId: string | null }) {
  const { t, i18n } = useTranslation();
  const association = useAssociation(associationId);
  if (!associationId) return <span>{t('calls.unknownCaller')}</span>;
  if (!association.data) return <span aria-busy="true">…</span>;
  return <span dir="auto">{associationName(association.data, i18n.language, t)}</span>;
}

/** The association member's number of a call, left-to-right even in Arabic. */
export function CallerNumber({ call }: { call: Pick<TCall, 'direction' | 'from' | 'to'> }) {
  return (
    <bdi dir="ltr" className="phone">
      {call.direction === 'inbound' ? call.from : call.to}
    </bdi>
  );
}
