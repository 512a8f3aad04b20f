import { systemClock, type Clock } from '../platform/clock.js';

/**
 * Values read from the database at most once per `ttlMs` per key in this process, concurrent readers
 * of a key sharing one read: for what hot paths read on every request where each query counts.
 * A change saved on another node applies within `ttlMs`; `forget()` applies one saved here at once.
 * Each cache owns its entries: a module keeps one per app with `defineAppState` (platform/app-state.ts).
 */
export function createKeyedReadThroughCache<T>(ttlMs: number, load: (key: string) => Promise<T>, clock: Clock = systemClock) {
  const entries = new Map<string, { value: Promise<T>; expiresAt: number }>();
  return {
    get(key: string): Promise<T> {
      const now = clock.now().getTime();
      const cached = entries.get(key);
      if (cached && cached.expiresAt > now) return cached.value;
      if (entries.size >= 10_000) {
        for (const [staleKey, entry] of entries) if (entry.expiresAt <= now) entries.delete(staleKey);
      }
      const value = load(key);
      const entry = { value, expiresAt: now + ttlMs };
      entries.set(key, entry);
      // A failed read is not kept: the next caller tries again.
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    /** Drops one key, or everything. */
    forget(key?: string): void {
      if (key === undefined) entries.clear();
      else entries.delete(key);
    },
  };
}

/** A single cached value: a keyed cache with one key. */
export function createReadThroughCache<T>(ttlMs: number, load: () => Promise<T>, clock: Clock = systemClock) {
  const cache = createKeyedReadThroughCache(ttlMs, load, clock);
  return {
    get: (): Promise<T> => cache.get(''),
    forget: (): void => cache.forget(),
  };
}
