interface Waiter<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups calls by key: while one batch of a key is being processed, later calls wait and are then
 * processed together, in call order. A burst of N calls costs a few round trips instead of N.
 * `processBatch` returns one result per item, in order.
 */
export function createKeyedBatcher<I, R>(processBatch: (key: string, items: I[]) => Promise<R[]>): (key: string, item: I) => Promise<R> {
  const waitingByKey = new Map<string, Array<Waiter<I, R>>>();

  async function drain(key: string): Promise<void> {
    for (;;) {
      const batch = waitingByKey.get(key) ?? [];
      if (batch.length === 0) {
        waitingByKey.delete(key);
        return;
      }
      waitingByKey.set(key, []);
      try {
        const results = await processBatch(key, batch.map((waiter) => waiter.item));
        batch.forEach((waiter, index) => waiter.resolve(results[index]!));
      } catch (error) {
        batch.forEach((waiter) => waiter.reject(error));
      }
    }
  }

  return (key, item) =>
    new Promise<R>((resolve, reject) => {
      const waiting = waitingByKey.get(key);
      if (waiting) {
        waiting.push({ item, resolve, reject });
        return;
      }
      waitingByKey.set(key, [{ item, resolve, reject }]);
      void drain(key);
    });
}
