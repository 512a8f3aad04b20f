import { describe, expect, it } from 'vitest';
import { emptyMinuteHistogram, exactPercentile, histogramPercentile, minuteBucketOf } from './histogram.js';

/** A small seeded generator, so a failing case can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('percentiles from the minute histogram', () => {
  it('fall in the bucket of the exact nearest-rank value, for skewed random durations', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const next = random(seed);
      // Log-uniform from seconds to months: the shapes first-response and resolution times take.
      const values = Array.from({ length: 1 + Math.floor(next() * 300) }, () => Math.exp(next() * Math.log(200_000)) - 1);
      const counts = emptyMinuteHistogram();
      for (const value of values) counts[minuteBucketOf(value)]! += 1;
      for (const p of [0.5, 0.9]) {
        const exact = exactPercentile(values, p)!;
        const estimate = histogramPercentile(counts, p)!;
        expect(Math.abs(minuteBucketOf(estimate) - minuteBucketOf(exact)), `seed ${seed} p${p * 100}: ${estimate} vs ${exact}`).toBeLessThanOrEqual(1);
        expect(minuteBucketOf(estimate)).toBe(minuteBucketOf(exact));
      }
    }
  });

  it('is null without values and exact for one value in a bucket of width one', () => {
    expect(histogramPercentile(emptyMinuteHistogram(), 0.5)).toBeNull();
    const one = emptyMinuteHistogram();
    one[minuteBucketOf(3.2)] = 1;
    expect(histogramPercentile(one, 0.9)).toBe(3.5);
    expect(exactPercentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(exactPercentile([1, 2, 3, 4], 0.9)).toBe(4);
  });
});
