import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Time left to a due time, refreshed every 30 s; overdue shows in the alert colour. */
export function SlaCountdown({ dueAt, breached, paused }: { dueAt: string | null; breached?: boolean; paused?: boolean }) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  if (paused) return <span className="sla sla--paused">{t('sla.paused')}</span>;
  if (!dueAt) return <span className="sla">—</span>;
  const minutes = Math.round((Date.parse(dueAt) - now) / 60_000);
  const format = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'always', style: 'short' });
  const text = Math.abs(minutes) >= 120 ? format.format(Math.round(minutes / 60), 'hour') : format.format(minutes, 'minute');
  const overdue = breached || minutes < 0;
  return (
    <time dateTime={dueAt} className={overdue ? 'sla sla--overdue' : minutes < 60 ? 'sla sla--soon' : 'sla'} title={new Date(dueAt).toLocaleString(i18n.language)}>
      {overdue ? t('sla.overdue', { when: text }) : text}
    </time>
  );
}
