import { useTranslation } from 'react-i18next';
import type { TPlaceCallRequest } from '@mowakaba/shared/schemas/calls';
import { useSoftphone } from './softphone-provider';

/** Rings an association back through the softphone, from a ticket or a callback task. */
export function CallBackButton({ request, label, disabled }: { request: TPlaceCallRequest; label?: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const phone = useSoftphone();
  return (
    <button type="button" onClick={() => phone.callOut(request)} disabled={disabled || !phone.line || phone.pending || phone.stage !== 'idle'} aria-label={label}>
      {t('softphone.callBack')}
    </button>
  );
}
