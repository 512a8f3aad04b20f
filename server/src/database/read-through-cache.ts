import { createConnectionScoped } from './connection-scoped.js';

/**
 * Values read from the database at most once per `ttlMs` per key in this process, concurrent readers
 * of a key sharing one read: for what hot paths read on every request where each query counts.
 * A change saved on another node applies within `ttlMs`; `forget()` applies one saved here at once.
 * Entries belong to the database connection they were read from: a new connection starts empty.
 */
export function createKeyedReadThroughCache<T>(ttlMs: number, load: (key: string) => Promise<T>) {
  const entriesOfConnection = createConnectionScoped(() => new Map<string, { value: Promise<T>; expiresAt: number }>());
  return {
    get(key: string): Promise<T> {
      const entries = entriesOfConnection();
      const now = Date.now();
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
      const entries = entriesOfConnection();
      if (key === undefined) entries.clear();
      else entries.delete(key);
    },
  };
}

/** A single cached value: a keyed cache with one key. */
export function createReadThroughCache<T>(ttlMs: number, load: () => Promise<T>) {
  const cache = createKeyedReadThroughCache(ttlMs, load);
  return {
    get: (): Promise<T> => cache.get(''),
    forget: (): void => cache.forget(),
  };
}
