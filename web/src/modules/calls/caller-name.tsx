import { useTranslation } from 'react-i18next';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { useAssociation } from '../associations/association-panel';
import { associationName } from '../associations/association-name';

/**
 * Who is calling: the association matched by caller ID (in the interface's language), else "unknown caller".
 * `className` lets a table cut a long name to its column; the full name stays in the title.
 */
export function CallerName({ associationId, className }: { associationId: string | null; className?: string }) {
  const { t, i18n } = useTranslation();
  const association = useAssociation(associationId);
  if (!associationId) return <span>{t('calls.unknownCaller')}</span>;
  if (!association.data) return <span aria-busy="true">…</span>;
  const name = associationName(association.data, i18n.language, t);
  return (
    <span dir="auto" className={className} title={className ? name : undefined}>
      {name}
    </span>
  );
}

/** The association member's number of a call, left-to-right even in Arabic. */
export function CallerNumber({ call }: { call: Pick<TCall, 'direction' | 'from' | 'to'> }) {
  return (
    <bdi dir="ltr" className="phone">
      {call.direction === 'inbound' ? call.from : call.to}
    </bdi>
  );
}
