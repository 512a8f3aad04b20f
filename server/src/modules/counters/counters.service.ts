import { getStorage } from '../../platform/storage/index.js';

const incrementCounter = (name: string, count: number) => getStorage().increment(name, count);

interface Reserve {
  numbers: number[];
  refilling: Promise<void> | null;
}

/**
 * Hands out the values of named counters from blocks of `blockSize` this node reserves ahead with one
 * locked increment, the next block being fetched while half of the current one is left. Parallel
 * callers, on any node, never get the same number; numbers a node reserved but never handed out (it
 * stopped) are skipped, so the sequence may have gaps, and two nodes interleave their blocks.
 * The blocks belong to the returned function: a module keeps one per app with `defineAppState`.
 */
export function createCounterBlocks(blockSize: number): (name: string) => Promise<number> {
  const reserves = new Map<string, Reserve>();
  const refill = (name: string, reserve: Reserve) =>
    (reserve.refilling ??= incrementCounter(name, blockSize)
      .then((last) => {
        for (let value = last - blockSize + 1; value <= last; value += 1) reserve.numbers.push(value);
      })
      .finally(() => {
        reserve.refilling = null;
      }));

  return async (name) => {
    let reserve = reserves.get(name);
    if (!reserve) reserves.set(name, (reserve = { numbers: [], refilling: null }));
    while (reserve.numbers.length === 0) await refill(name, reserve);
    const value = reserve.numbers.shift()!;
    // A failed refill ahead of need is tried again by the caller that finds the block empty.
    if (reserve.numbers.length < blockSize / 2) refill(name, reserve).catch(() => undefined);
    return value;
  };
}
