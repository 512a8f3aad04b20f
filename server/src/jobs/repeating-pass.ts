import { getStorage } from '../platform/storage/index.js';

/**
 * Runs `pass` now and then every `intervalMs` of the storage clock (a pass never fails: it logs its
 * own failures). The function it returns stops the repetition and waits for a pass under way, so
 * that nothing reads or writes after the database connection closes.
 */
export function repeatPass(intervalMs: number, pass: () => Promise<void>): () => Promise<void> {
  let passUnderWay: Promise<void> = Promise.resolve();
  const run = () => {
    passUnderWay = pass();
  };
  run();
  const stopRepeating = getStorage().clock.every(intervalMs, run);
  return () => {
    stopRepeating();
    return passUnderWay;
  };
}
