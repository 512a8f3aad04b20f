import { useTranslation } from 'react-i18next';
import type { TMessageStatus } from '@mowakaba/shared/schemas/messages';

export const FAILED_DELIVERY_STATUSES: readonly string[] = ['failed', 'undelivered'];

/** An outbound message's delivery status as a badge; a failure shows Twilio's error code. */
export function DeliveryStatus({ status, errorCode }: { status: TMessageStatus; errorCode: string | null }) {
  const { t } = useTranslation();
  const failed = FAILED_DELIVERY_STATUSES.includes(status);
  return (
    <span className={`delivery delivery--${failed ? 'failed' : status}`} data-delivery-status={status}>
      <span className="visually-hidden">{t('delivery.label')}: </span>
      {t(`delivery.${status}`)}
      {failed && errorCode && (
        <>
          {' · '}
          <bdi dir="ltr">{t('delivery.errorCode', { code: errorCode })}</bdi>
        </>
      )}
    </span>
  );
}
