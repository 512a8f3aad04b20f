import { useTranslation } from 'react-i18next';
import { BrandMark } from './brand-mark';

/** The center's name beside its mark, in the interface's script first and the other one under it (مواكبة / Mowakaba). */
export function Brand() {
  const { t, i18n } = useTranslation();
  return (
    <span className="brand">
      <BrandMark />
      <span className="brand__names">
        <span className="brand__name">{t('app.name')}</span>
        <span className="brand__other" lang={i18n.language === 'ar' ? 'fr' : 'ar'}>
          {t('ui.brandOther')}
        </span>
      </span>
    </span>
  );
}
