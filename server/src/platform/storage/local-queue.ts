const tails = new Map<string, Promise<void>>();

/** Runs tasks with the same key one after another within this process, in call order. */
export async function runInLocalQueue<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const turn = previous.then(task);
  const tail = turn.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  try {
    return await turn;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
