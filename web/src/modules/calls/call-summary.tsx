import { useTranslation } from 'react-i18next';
import { formatDuration } from '../ui/elapsed-time';
import { useCall } from './use-calls';

/** A call on a ticket's timeline: direction, outcome, talk time, and the agent's disposition and notes. */
export function CallSummary({ callSid }: { callSid: string }) {
  const { t } = useTranslation();
  const call = useCall(callSid);
  if (!call.data) return null;
  const { direction, result, talkSeconds, disposition, notes } = call.data;
  return (
    <div className="call-summary">
      <p>
        {t(`callDirections.${direction}`)}
        {result && ` · ${t(`callResults.${result}`)}`}
        {talkSeconds !== null && (
          <>
            {' · '}
            <span dir="ltr">{formatDuration(talkSeconds)}</span>
          </>
        )}
        {disposition && ` · ${t('softphone.disposition')}: ${t(`dispositions.${disposition}`)}`}
      </p>
      {notes && <p dir="auto">{notes}</p>}
    </div>
  );
}
