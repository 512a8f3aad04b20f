import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { DrillDownValue } from './drill-down-value';
import { formatMetric } from './format-metric';

interface MetricTileProps {
  /** The metric's key: its label is `dashboard.metrics.<metric>`, its definition `dashboard.help.<metric>`. */
  metric: string;
  value: number | null | undefined;
  /** The same metric over the previous period, when comparing. */
  previous?: number | null;
  tone?: 'alert' | 'warning';
  large?: boolean;
  /** The list of the items behind the figure, when it has one. */
  href?: string | null;
}

/** One figure with its label; focus or hover shows its definition (also read by screen readers). */
export function MetricTile({ metric, value, previous, tone, large, href = null }: MetricTileProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  const helpId = useId();
  const change = previous !== undefined && previous !== null && value !== null && value !== undefined ? Math.round((value - previous) * 10) / 10 : null;
  return (
    <div className={`tile${tone ? ` tile--${tone}` : ''}${large ? ' tile--large' : ''}`} tabIndex={0} aria-describedby={helpId} data-metric={metric}>
      <span className="tile__label">{t(`dashboard.metrics.${metric}`)}</span>
      <strong className="tile__value">
        <DrillDownValue href={href}>
          <bdi>{formatMetric(metric, value, t, language)}</bdi>
        </DrillDownValue>
      </strong>
      {previous !== undefined && (
        <span className="tile__previous">
          {t('dashboard.previous')}: <bdi>{formatMetric(metric, previous, t, language)}</bdi>
          {change !== null && change !== 0 && <bdi className="tile__change">{` (${change > 0 ? '+' : ''}${formatMetric(metric, change, t, language)})`}</bdi>}
        </span>
      )}
      <span role="tooltip" id={helpId} className="tile__help">
        {t(`dashboard.help.${metric}`)}
      </span>
    </div>
  );
}
