import { useTranslation } from 'react-i18next';
import type { TErasureReport } from '@mowakaba/shared/schemas/privacy';

/** What an erasure did, kind by kind, as the server counted it. */
export function ErasureResult({ report }: { report: TErasureReport }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="notice">
      <p>{t('privacy.erased')}</p>
      <ul>
        {Object.entries(report.counts).map(([kind, count]) => (
          <li key={kind}>
            {t(`privacy.counts.${kind}`, { defaultValue: kind })}: <bdi dir="ltr">{count}</bdi>
          </li>
        ))}
      </ul>
    </div>
  );
}
