/**
 * Fixed histogram buckets for durations in minutes. Bucket `i` holds values in
 * [MINUTE_BOUNDS[i - 1], MINUTE_BOUNDS[i]) (bucket 0 starts at 0); the last is open-ended. Fixed
 * bounds let rollups of any hours and dimensions be added bucket by bucket, and percentiles read
 * from the sum are within one bucket of the exact value.
 */
export const MINUTE_BOUNDS = [
  1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 90, 105, 120, 150, 180, 240, 300, 360, 420, 480, 600, 720, 900, 1080, 1440, 1800, 2160,
  2880, 3600, 4320, 5760, 7200, 8640, 10080, 14400, 20160, 30240, 43200, 64800, 86400, 129600, 172800, 259200, 525600, Number.POSITIVE_INFINITY,
] as const;

/** The bucket a duration in minutes falls in. */
export function minuteBucketOf(minutes: number): number {
  const value = Math.max(0, minutes);
  for (let index = 0; index < MINUTE_BOUNDS.length; index += 1) if (value < MINUTE_BOUNDS[index]!) return index;
  return MINUTE_BOUNDS.length - 1;
}

/** Lower and upper bound of bucket `index`. */
export function minuteBucketRange(index: number): [number, number] {
  return [index === 0 ? 0 : MINUTE_BOUNDS[index - 1]!, MINUTE_BOUNDS[index]!];
}

/** The nearest-rank percentile (`p` in 0–1) of exact values: the value at rank ⌈p·n⌉. */
export function exactPercentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

/** Counts per bucket index, one slot per bucket of `MINUTE_BOUNDS`. */
export const emptyMinuteHistogram = () => new Float64Array(MINUTE_BOUNDS.length);

/**
 * The percentile of a histogram (counts per bucket index): the bucket holding rank ⌈p·n⌉, and a
 * value inside it by linear interpolation, so it never leaves the bucket of the exact value.
 */
export function histogramPercentile(counts: ArrayLike<number>, p: number): number | null {
  let total = 0;
  for (let index = 0; index < counts.length; index += 1) total += counts[index]!;
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let before = 0;
  for (let index = 0; index < counts.length; index += 1) {
    const count = counts[index]!;
    if (count <= 0) continue;
    if (before + count >= rank) {
      const [low, high] = minuteBucketRange(index);
      if (!Number.isFinite(high)) return low;
      const position = (rank - before - 0.5) / count;
      return Math.round((low + (high - low) * position) * 10) / 10;
    }
    before += count;
  }
  return null;
}
