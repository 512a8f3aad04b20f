import { describe, expect, it } from 'vitest';
import { createKeyedReadThroughCache, createReadThroughCache } from '../../server/src/database/read-through-cache.js';
import { createManualClock } from '../../server/src/platform/clock.js';

describe('a read-through cache', () => {
  it('reads once for concurrent callers, again after its lifetime or when told to forget', async () => {
    let reads = 0;
    const clock = createManualClock();
    const cache = createReadThroughCache(5_000, async () => (reads += 1), clock);
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual([1, 1, 1]);
    await clock.advance(4_999);
    expect(await cache.get()).toBe(1);
    await clock.advance(1);
    expect(await cache.get()).toBe(2);
    cache.forget();
    expect(await cache.get()).toBe(3);
  });

  it('does not keep a failed read', async () => {
    let attempts = 0;
    const cache = createReadThroughCache(60_000, async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('database away');
      return 'settings';
    });
    await expect(cache.get()).rejects.toThrow('database away');
    expect(await cache.get()).toBe('settings');
  });

  it('keeps keys apart and forgets one key or all', async () => {
    const reads: string[] = [];
    const cache = createKeyedReadThroughCache(60_000, async (key) => {
      reads.push(key);
      return `${key}:${reads.length}`;
    });
    expect(await Promise.all([cache.get('a'), cache.get('b'), cache.get('a')])).toEqual(['a:1', 'b:2', 'a:1']);
    cache.forget('a');
    expect(await cache.get('a')).toBe('a:3');
    expect(await cache.get('b')).toBe('b:2');
    cache.forget();
    expect(await cache.get('b')).toBe('b:4');
  });
});
