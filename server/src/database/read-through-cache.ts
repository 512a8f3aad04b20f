/**
 * A value read from the database at most once per `ttlMs` in this process, concurrent readers
 * sharing one read: for settings read on hot paths (every incoming call) where each query counts.
 * A change saved on another node applies within `ttlMs`; `forget()` applies one saved here at once.
 */
export function createReadThroughCache<T>(ttlMs: number, load: () => Promise<T>) {
  let entry: { value: Promise<T>; expiresAt: number } | undefined;
  return {
    get(): Promise<T> {
      const now = Date.now();
      if (!entry || entry.expiresAt <= now) {
        const value = load();
        entry = { value, expiresAt: now + ttlMs };
        // A failed read is not kept: the next caller tries again.
        value.catch(() => {
          if (entry?.value === value) entry = undefined;
        });
      }
      return entry.value;
    },
    forget(): void {
      entry = undefined;
    },
  };
}
