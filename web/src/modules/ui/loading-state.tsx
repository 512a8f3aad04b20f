import { LoaderCircle } from 'lucide-react';
import { useTranslation } from 'react-i18next';

/** Work under way: a spinner and the word for it (read out once, politely). */
export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="state state--loading" role="status" aria-busy="true">
      <LoaderCircle className="icon icon--spin" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </p>
  );
}
