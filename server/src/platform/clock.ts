/**
 * The one source of "now" and of repeating timers for the code that takes it, so tests move time
 * instead of sleeping.
 */
export interface Clock {
  now(): Date;
  /** Calls `task` every `intervalMs` until the returned function is called; never keeps the process alive. */
  every(intervalMs: number, task: () => void | Promise<void>): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  every(intervalMs, task) {
    const timer = setInterval(() => void task(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward, running each timer as many times as it falls due, in order; waits for what they started. */
  advance(ms: number): Promise<void>;
  set(at: Date): void;
}

/** A clock that stands still until a test moves it. */
export function createManualClock(start = new Date('2026-03-02T09:00:00Z')): ManualClock {
  let now = start.getTime();
  const timers = new Set<{ intervalMs: number; nextAt: number; task: () => void | Promise<void> }>();
  return {
    now: () => new Date(now),
    every(intervalMs, task) {
      const timer = { intervalMs, nextAt: now + intervalMs, task };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        const due = [...timers].filter((timer) => timer.nextAt <= target).sort((a, b) => a.nextAt - b.nextAt)[0];
        if (!due) break;
        now = due.nextAt;
        due.nextAt += due.intervalMs;
        await due.task();
      }
      now = target;
    },
    set(at) {
      now = at.getTime();
    },
  };
}
