import type { TDashboardMetrics } from '@mowakaba/shared/schemas/dashboard';
import { PRESENCE_COUNTERS } from './describe-presence.js';
import { emptyMinuteHistogram, histogramPercentile } from './histogram.js';
import { addValues, type TCellValues } from './rollup-cell.js';

/** The service-level settings that apply to a cell (its team's, or the defaults). */
export interface TServiceLevelRule {
  thresholdSeconds: number;
  shortAbandonSeconds: number;
}

/**
 * Raw counters summed over cells, plus what depends on each cell's team settings (calls answered
 * within the team's threshold, abandons shorter than its limit), summed as counts too. Adding is
 * associative, so a total is exactly the sum of its buckets and of its breakdown rows.
 */
export interface TMetricsAccumulator {
  values: TCellValues;
  answeredWithinThreshold: number;
  shortAbandons: number;
}

export const emptyAccumulator = (): TMetricsAccumulator => ({ values: {}, answeredWithinThreshold: 0, shortAbandons: 0 });

function sumWaits(values: TCellValues, prefix: string, include: (seconds: number) => boolean): number {
  let total = 0;
  for (const [name, count] of Object.entries(values)) {
    if (!name.startsWith(`${prefix}:`)) continue;
    if (include(Number(name.slice(prefix.length + 1)))) total += count;
  }
  return total;
}

export function accumulateCell(target: TMetricsAccumulator, values: TCellValues, rule: TServiceLevelRule): void {
  addValues(target.values, values);
  target.answeredWithinThreshold += sumWaits(values, 'ansWait', (seconds) => seconds <= rule.thresholdSeconds);
  target.shortAbandons += sumWaits(values, 'abWait', (seconds) => seconds < rule.shortAbandonSeconds);
}

/**
 * What a history summary's counter (see history-summary.ts) counts beyond itself under its own team's
 * rule: `ansWait:<limit>~<team>` an answer within the threshold, `abWait:<limit>~<team>` a short abandon.
 */
export function waitClassCountOf(name: string, ruleOfTeam: (team: string | null) => TServiceLevelRule): 'answeredWithinThreshold' | 'shortAbandons' | null {
  const tilde = name.indexOf('~');
  if (tilde < 0) return null;
  const answered = name.startsWith('ansWait:');
  const rule = ruleOfTeam(name.slice(tilde + 1) === '-' ? null : name.slice(tilde + 1));
  const limit = Number(name.slice(name.indexOf(':') + 1, tilde));
  if (answered) return limit <= rule.thresholdSeconds ? 'answeredWithinThreshold' : null;
  return limit <= rule.shortAbandonSeconds ? 'shortAbandons' : null;
}

export function addAccumulators(target: TMetricsAccumulator, source: TMetricsAccumulator): void {
  addValues(target.values, source.values);
  target.answeredWithinThreshold += source.answeredWithinThreshold;
  target.shortAbandons += source.shortAbandons;
}

export const HISTOGRAMS = ['frCal', 'frBiz', 'resCal', 'resBiz'] as const;
export type THistogramName = (typeof HISTOGRAMS)[number];
/** Counts per minute bucket (see histogram.ts) of each duration histogram. */
export type THistograms = Record<THistogramName, Float64Array>;

/** The histogram and bucket of a counter name (`frCal:12`), or undefined for any other counter. */
export function histogramBucketOf(name: string): { histogram: THistogramName; bucket: number } | undefined {
  const colon = name.indexOf(':');
  const histogram = name.slice(0, colon) as THistogramName;
  return colon > 0 && HISTOGRAMS.includes(histogram) ? { histogram, bucket: Number(name.slice(colon + 1)) } : undefined;
}

export const emptyHistograms = (): THistograms => ({ frCal: emptyMinuteHistogram(), frBiz: emptyMinuteHistogram(), resCal: emptyMinuteHistogram(), resBiz: emptyMinuteHistogram() });

/** The four duration histograms of summed counters, read in one pass over them. */
function histogramsOf(values: TCellValues): THistograms {
  const histograms = emptyHistograms();
  for (const name in values) {
    const found = histogramBucketOf(name);
    if (found) histograms[found.histogram][found.bucket] = values[name]!;
  }
  return histograms;
}

/** Summed counters as the metrics read them: any counter by name, and the duration histograms. */
export interface TCounterReading {
  value: (name: string) => number;
  histograms: THistograms;
  answeredWithinThreshold: number;
  shortAbandons: number;
}

const ratio = (numerator: number, denominator: number, scale = 1) => (denominator > 0 ? Math.round((numerator / denominator) * scale * 10) / 10 : null);

export function computeMetrics(accumulator: TMetricsAccumulator): TDashboardMetrics {
  return metricsOfReading({ ...accumulator, value: (name) => accumulator.values[name] ?? 0, histograms: histogramsOf(accumulator.values) });
}

/** The metrics of summed counters (definitions in shared/src/schemas/dashboard.ts and the README). */
export function metricsOfReading(reading: TCounterReading): TDashboardMetrics {
  const value = reading.value;
  const answered = value('callsAnswered');
  const abandoned = value('callsAbandoned');
  const csatAnswers = value('csatGood') + value('csatBad');
  const percentile = (name: THistogramName, p: number) => histogramPercentile(reading.histograms[name], p);
  return {
    ticketsCreated: value('ticketsCreated'),
    ticketsSolved: value('ticketsSolved'),
    firstResponses: value('firstResponses'),
    firstResponseMedianMinutes: percentile('frCal', 0.5),
    firstResponseP90Minutes: percentile('frCal', 0.9),
    firstResponseBusinessMedianMinutes: percentile('frBiz', 0.5),
    firstResponseBusinessP90Minutes: percentile('frBiz', 0.9),
    firstResponseSlaMetPercent: ratio(value('frMet'), value('firstResponses'), 100),
    resolutionMedianMinutes: percentile('resCal', 0.5),
    resolutionP90Minutes: percentile('resCal', 0.9),
    resolutionBusinessMedianMinutes: percentile('resBiz', 0.5),
    resolutionBusinessP90Minutes: percentile('resBiz', 0.9),
    resolutionSlaMetPercent: ratio(value('resMet'), value('ticketsSolved'), 100),
    callsOffered: value('callsOffered'),
    callsAnswered: answered,
    callsAbandoned: abandoned,
    shortAbandons: reading.shortAbandons,
    voicemails: value('voicemails'),
    callbacksRequested: value('callbacksRequested'),
    callsHandled: value('callsHandled'),
    serviceLevel: ratio(reading.answeredWithinThreshold, answered + abandoned - reading.shortAbandons, 100),
    asaSeconds: ratio(value('waitSum'), answered),
    ahtSeconds: ratio(value('handleSum'), value('callsHandled')),
    abandonRate: ratio(abandoned, value('callsOffered'), 100),
    messagesIn: value('messagesIn'),
    messagesOut: value('messagesOut'),
    csat: ratio(value('csatGood'), csatAnswers, 100),
    csatAnswers,
    contacts: value('contacts'),
    presenceAvailableSeconds: value(PRESENCE_COUNTERS.available),
    presenceBusySeconds: value(PRESENCE_COUNTERS.busy),
    presenceWrapUpSeconds: value(PRESENCE_COUNTERS['wrap-up']),
    presenceAwaySeconds: value(PRESENCE_COUNTERS.away),
    presenceOfflineSeconds: value(PRESENCE_COUNTERS.offline),
  };
}
