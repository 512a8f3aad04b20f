import type { TDashboardBreakdown, TDashboardMetrics } from '@mowakaba/shared/schemas/dashboard';
import { emptyHistograms, histogramBucketOf, metricsOfReading, waitClassCountOf, type TServiceLevelRule } from './compute-metrics.js';
import type { TSummary } from './history-summary.js';
import type { TCellValues } from './rollup-cell.js';

/**
 * The stored format of a history summary. Format 2 names each counter once (`names`) and keeps every
 * total, series point and breakdown row as an array of numbers in that order: history adds a year of
 * summaries as loops over numbers instead of looking up hundreds of named counters per row (which took
 * 120–150 ms of CPU for 12 months). A summary without `format` is the first form, a `TSummary` as is;
 * both are read, and every write stores format 2.
 */
export const SUMMARY_FORMAT = 2;

export interface TPackedSummary {
  format: typeof SUMMARY_FORMAT;
  names: string[];
  total: number[];
  series: Record<string, number[]>;
  rows: Partial<Record<TDashboardBreakdown, Record<string, number[]>>>;
  heat: Record<string, number>;
}

const mapRecord = <T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> => {
  const result: Record<string, U> = {};
  for (const key in record) result[key] = map(record[key]!);
  return result;
};

function valuesOfSummary(summary: TSummary): TCellValues[] {
  return [summary.total, ...Object.values(summary.series), ...Object.values(summary.rows).flatMap((rows) => Object.values(rows))];
}

export function packSummary(summary: TSummary): TPackedSummary {
  const named = new Set<string>();
  for (const values of valuesOfSummary(summary)) for (const name in values) named.add(name);
  const names = [...named].sort();
  const positions = new Map(names.map((name, index) => [name, index]));
  // Written counter by counter into zeros: most rows hold a few of the summary's counters.
  const pack = (values: TCellValues) => {
    const numbers = new Array<number>(names.length).fill(0);
    for (const name in values) numbers[positions.get(name)!] = values[name]!;
    return numbers;
  };
  return {
    format: SUMMARY_FORMAT,
    names,
    total: pack(summary.total),
    series: mapRecord(summary.series, pack),
    rows: mapRecord(summary.rows as Record<string, Record<string, TCellValues>>, (rows) => mapRecord(rows, pack)),
    heat: summary.heat,
  };
}

export function unpackSummary(packed: TPackedSummary): TSummary {
  const unpack = (numbers: number[]) => {
    const values: TCellValues = {};
    numbers.forEach((value, index) => {
      if (value !== 0) values[packed.names[index]!] = value;
    });
    return values;
  };
  return {
    total: unpack(packed.total),
    series: mapRecord(packed.series, unpack),
    rows: mapRecord(packed.rows as Record<string, Record<string, number[]>>, (rows) => mapRecord(rows, unpack)),
    heat: packed.heat,
  };
}

/** A stored summary of either format, as the packed form. */
export const packedSummaryOf = (stored: TSummary | TPackedSummary): TPackedSummary => ('format' in stored ? stored : packSummary(stored));

/** A stored summary of either format, as named counters. */
export const summaryOf = (stored: TSummary | TPackedSummary): TSummary => ('format' in stored ? unpackSummary(stored) : stored);

/**
 * Counter names of several packed summaries numbered once for a whole query, so that their arrays add
 * into vectors of one layout.
 */
export class CounterLayout {
  readonly names: string[] = [];
  private readonly indexByName = new Map<string, number>();

  /** Where each of a summary's counters goes in this layout. */
  positionsOf(names: string[]): Int32Array {
    return Int32Array.from(names, (name) => this.indexByName.get(name) ?? this.indexByName.set(name, this.names.push(name) - 1).get(name)!);
  }

  positionOf(name: string): number | undefined {
    return this.indexByName.get(name);
  }

  emptyVector(): Float64Array {
    return new Float64Array(this.names.length);
  }
}

/** Adds a summary's `numbers` times `sign` into `target`, each at its position in the layout. */
export function addIntoVector(target: Float64Array, numbers: number[], positions: Int32Array, sign: 1 | -1 = 1): void {
  for (let index = 0; index < numbers.length; index += 1) target[positions[index]!]! += sign * numbers[index]!;
}

export const isZeroVector = (vector: Float64Array) => vector.every((value) => value === 0);

/**
 * The metrics of vectors of one layout (built once per query, after every summary's names are in it):
 * where each counter, histogram bucket and wait class sits is worked out once, not per row or bucket.
 */
export function createVectorMetrics(layout: CounterLayout, ruleOfTeam: (team: string | null) => TServiceLevelRule): (vector: Float64Array) => TDashboardMetrics {
  const histogramPositions = layout.names.flatMap((name, position) => {
    const found = histogramBucketOf(name);
    return found ? [{ ...found, position }] : [];
  });
  const waitClassPositions = { answeredWithinThreshold: [] as number[], shortAbandons: [] as number[] };
  layout.names.forEach((name, position) => {
    const counted = waitClassCountOf(name, ruleOfTeam);
    if (counted) waitClassPositions[counted].push(position);
  });
  const sumAt = (vector: Float64Array, positions: number[]) => positions.reduce((sum, position) => sum + vector[position]!, 0);
  return (vector) => {
    const histograms = emptyHistograms();
    for (const { histogram, bucket, position } of histogramPositions) histograms[histogram][bucket] = vector[position]!;
    return metricsOfReading({
      value: (name) => {
        const position = layout.positionOf(name);
        return position === undefined ? 0 : vector[position]!;
      },
      histograms,
      answeredWithinThreshold: sumAt(vector, waitClassPositions.answeredWithinThreshold),
      shortAbandons: sumAt(vector, waitClassPositions.shortAbandons),
    });
  };
}
