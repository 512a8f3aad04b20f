import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Save and cancel under a form (and any other action, after them). */
export function FormActions({ pending, onCancel, children }: { pending: boolean; onCancel: () => void; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="submit" disabled={pending}>
        {t('associationPage.save')}
      </button>
      <button type="button" className="button--quiet" onClick={onCancel}>
        {t('associationPage.cancel')}
      </button>
      {children}
    </div>
  );
}
