import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TDashboardHistory } from '@mowakaba/shared/schemas/dashboard';
import { formatNumber } from '../../lib/i18n';

/** Contacts per local weekday and hour, as a table whose cells are shaded by volume. */
export function ContactsHeatmap({ heatmap }: { heatmap: TDashboardHistory['heatmap'] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  const max = Math.max(1, ...heatmap.map((slot) => slot.contacts));
  const hours = Array.from({ length: 24 }, (_, hour) => hour);
  return (
    <section className="card heatmap" aria-label={t('dashboard.heatmap')}>
      <h3 title={t('dashboard.help.contacts')}>{t('dashboard.heatmap')}</h3>
      <div className="heatmap__scroll">
        <table>
          <thead>
            <tr>
              <td />
              {hours.map((hour) => (
                <th scope="col" key={hour} dir="ltr">
                  {hour}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[1, 2, 3, 4, 5, 6, 7].map((weekday) => (
              <tr key={weekday}>
                <th scope="row">{t(`dashboard.weekdays.${weekday}`)}</th>
                {hours.map((hour) => {
                  const contacts = heatmap.find((slot) => slot.weekday === weekday && slot.hour === hour)?.contacts ?? 0;
                  return (
                    <td key={hour} style={{ background: `rgb(11 92 74 / ${Math.round((contacts / max) * 85)}%)`, color: contacts / max > 0.5 ? '#fff' : undefined }}>
                      {contacts > 0 ? formatNumber(contacts, language) : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
