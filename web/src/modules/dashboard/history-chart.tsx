import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TDashboardBucket, TDashboardMetric } from '@mowakaba/shared/schemas/dashboard';
import { drillDownHref } from './drill-down-href';
import { DrillDownValue } from './drill-down-value';
import { formatMetric } from './format-metric';

const COLORS = ['#0b5c4a', '#c2410c', '#1d4ed8', '#7e22ce'];

/**
 * A bucket's start as its Casablanca wall-clock time written as if it were UTC, from the offset the
 * server put in it: labels are then formatted in UTC, so a browser whose time-zone data for Morocco
 * is wrong (Debian's Chromium puts it an hour off) still shows the right local hours and days.
 */
const wallClock = (start: string) => new Date(Date.parse(`${start.slice(0, 19)}Z`));
const LOCALES: Record<TUiLanguage, string> = { ar: 'ar-MA', fr: 'fr-MA', en: 'en-GB' };
const formatWallClock = (date: Date, language: TUiLanguage, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(LOCALES[language], { ...options, timeZone: 'UTC' }).format(date);

interface HistoryChartProps {
  title: string;
  buckets: TDashboardBucket[];
  metrics: TDashboardMetric[];
  hourly: boolean;
  /** Where the range starts: a week or month bucket may start before it, and counts only from it. */
  startsAt: string;
}

/**
 * A line chart (uPlot, loaded only here, on dashboard pages) with the same numbers in a table
 * beside it for screen readers and for reading exact values. In Arabic, time runs right to left.
 */
export function HistoryChart({ title, buckets, metrics, hourly, startsAt }: HistoryChartProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  const container = useRef<HTMLDivElement>(null);
  const rtl = i18n.dir(language) === 'rtl';

  useEffect(() => {
    let disposed = false;
    let chart: { destroy(): void; setSize(size: { width: number; height: number }): void } | undefined;
    const element = container.current;
    if (!element || buckets.length === 0) return;
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: UPlot }]) => {
      if (disposed) return;
      const width = Math.max(280, element.clientWidth);
      chart = new UPlot(
        {
          width,
          height: 240,
          scales: { x: { time: true, dir: rtl ? -1 : 1 } },
          tzDate: (seconds: number) => UPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
          axes: [{ values: (_self: unknown, ticks: number[]) => ticks.map((tick) => formatWallClock(new Date(tick * 1000), language, hourly ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short' })) }, {}],
          series: [{ label: t('dashboard.start') }, ...metrics.map((metric, index) => ({ label: t(`dashboard.metrics.${metric}`), stroke: COLORS[index % COLORS.length], width: 2 }))],
        },
        [buckets.map((bucket) => wallClock(bucket.start).getTime() / 1000), ...metrics.map((metric) => buckets.map((bucket) => bucket[metric] as number | null))],
        element,
      );
    });
    const resize = () => chart?.setSize({ width: Math.max(280, element.clientWidth), height: 240 });
    window.addEventListener('resize', resize);
    return () => {
      disposed = true;
      window.removeEventListener('resize', resize);
      chart?.destroy();
    };
  }, [buckets, metrics, hourly, language, rtl, t]);

  return (
    <section className="chart card" aria-label={title}>
      <h3>{title}</h3>
      <div className="chart__body">
        <div ref={container} className="chart__canvas" aria-hidden="true" />
        <details className="chart__table">
          <summary>{t('dashboard.tableView')}</summary>
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.start')}</th>
                {metrics.map((metric) => (
                  <th scope="col" key={metric} title={t(`dashboard.help.${metric}`)}>
                    {t(`dashboard.metrics.${metric}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {buckets.map((bucket) => (
                <tr key={bucket.start}>
                  <th scope="row">{formatWallClock(wallClock(bucket.start), language, hourly ? { dateStyle: 'short', timeStyle: 'short' } : { dateStyle: 'medium' })}</th>
                  {metrics.map((metric) => (
                    <td key={metric} dir="ltr">
                      <DrillDownValue href={drillDownHref(metric, { from: Date.parse(bucket.start) < Date.parse(startsAt) ? startsAt : bucket.start, to: bucket.end })}>
                        {formatMetric(metric, bucket[metric] as number | null, t, language)}
                      </DrillDownValue>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>
    </section>
  );
}
