import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ZMergeEntryData, type TTicketEntry } from '@mowakaba/shared/schemas/tickets';

/** A merge on the timeline: on the duplicate, where it went; on the ticket that stayed, what came in (the duplicate's own request first). */
export function MergeEntry({ entry }: { entry: TTicketEntry }) {
  const { t } = useTranslation();
  const merge = ZMergeEntryData.safeParse(entry.data);
  if (!merge.success) return null;
  const { direction, ticketId, reference, subject, description } = merge.data;
  const link = (
    <Link href={`/tickets/${ticketId}`}>
      <bdi dir="ltr">{reference}</bdi>
    </Link>
  );
  return (
    <>
      <p>
        {t(direction === 'into' ? 'ticketMerge.entryInto' : 'ticketMerge.entryFrom')} {link}
        {subject && (
          <>
            {' · '}
            <span dir="auto">{subject}</span>
          </>
        )}
      </p>
      {description?.trim() && <p dir="auto">{description}</p>}
    </>
  );
}
