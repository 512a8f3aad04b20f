import { useTranslation } from 'react-i18next';
import { UI_LANGUAGES, type TUiLanguage } from '@mowakaba/shared/constants';
import { applyLanguage } from '../../lib/i18n';

/** Language picker; flips the layout at once and tells the caller so it can remember the choice. */
export function LanguageSwitch({ onChange }: { onChange?: (language: TUiLanguage) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switch">
      <span>{t('language.label')}</span>
      <select
        value={i18n.language}
        onChange={(event) => {
          const language = event.target.value as TUiLanguage;
          void applyLanguage(language);
          onChange?.(language);
        }}
      >
        {UI_LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
