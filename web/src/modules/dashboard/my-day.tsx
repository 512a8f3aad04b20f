import { useTranslation } from 'react-i18next';
import { MetricTile } from './metric-tile';
import { useMyDay } from './use-dashboard';
import { ErrorState } from '../ui/error-state';

/** An agent's own figures since midnight. */
export function MyDay() {
  const { t } = useTranslation();
  const myDay = useMyDay();
  return (
    <section aria-labelledby="my-day-title">
      <h1 id="my-day-title">{t('dashboard.myDayTitle')}</h1>
      {myDay.isError && <ErrorState title={t('errors.network')} />}
      {myDay.data && (
        <div className="tiles">
          <MetricTile metric="handledContacts" value={myDay.data.handledContacts} />
          <MetricTile metric="callsHandled" value={myDay.data.callsHandled} />
          <MetricTile metric="ticketsSolved" value={myDay.data.ticketsSolved} />
          <MetricTile metric="firstResponseMedianMinutes" value={myDay.data.firstResponseMedianMinutes} />
          <MetricTile metric="csat" value={myDay.data.csat} />
          <MetricTile metric="csatAnswers" value={myDay.data.csatAnswers} />
        </div>
      )}
    </section>
  );
}
