import { useTranslation } from 'react-i18next';
import { SaveError } from '../ui/field-error';
import { Button } from '../ui/button';

/** The end of a settings form: what went wrong or that it was saved, and the save button for those who may change it. */
export function SettingsSaveFooter({ save, canEdit }: { save: { error: unknown; isSuccess: boolean; isPending: boolean }; canEdit: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <SaveError error={save.error} />
      {save.isSuccess && <p role="status">{t('adminSettings.saved')}</p>}
      {canEdit && (
        <div className="form-actions">
          <Button type="submit" disabled={save.isPending}>
            {t('associationPage.save')}
          </Button>
        </div>
      )}
    </>
  );
}
