import type { Logger } from '../logger.js';
import { getStorage } from '../platform/storage/index.js';
import { repeatPass } from './repeating-pass.js';

const PASS_INTERVAL_MS = 60_000;
/** A note this old belongs to a change whose node died or whose follow-up failed: a live change takes a second or two. */
const INTERRUPTED_AFTER_MS = 60_000;
const NOTES_PER_PASS = 200;

/** Writes what a record's change left unwritten, by the kind of record; idempotent. */
export type ChangeFinishers = Record<string, (recordId: string, detail: Record<string, unknown> | undefined) => Promise<void>>;

/**
 * One recovery pass: finishes the changes whose journal note is older than a minute, then closes
 * their notes. A note of a kind nobody here finishes is left for a version that does; one whose
 * finishing fails goes to the back, to be tried again a minute later. Several nodes may run it at once.
 */
export async function finishInterruptedChanges(finishers: ChangeFinishers, now: Date): Promise<Array<{ kind: string; recordId: string; error?: unknown }>> {
  const journal = getStorage().journal;
  const notes = await journal.readOpenedBefore(new Date(now.getTime() - INTERRUPTED_AFTER_MS), NOTES_PER_PASS);
  const outcomes = [];
  for (const note of notes) {
    const finish = finishers[note.kind];
    if (!finish) continue;
    try {
      await finish(note.recordId, note.detail);
      await journal.close(note);
      outcomes.push({ kind: note.kind, recordId: note.recordId });
    } catch (error) {
      // Tried again after the others: a record that keeps failing does not hold up those behind it.
      await journal.open(note.kind, note.recordId, note.detail);
      await journal.close(note);
      outcomes.push({ kind: note.kind, recordId: note.recordId, error });
    }
  }
  return outcomes;
}

/** Runs a recovery pass now and every minute; the function it returns stops it and waits for a pass under way. */
export function startInterruptedChangeRecovery(finishers: ChangeFinishers, logger: Logger): () => Promise<void> {
  return repeatPass(PASS_INTERVAL_MS, () =>
    finishInterruptedChanges(finishers, getStorage().clock.now()).then(
      (outcomes) => {
        for (const { kind, recordId, error } of outcomes) {
          if (error) logger.warn({ err: error, kind, recordId }, 'an interrupted change could not be finished; will retry');
          else logger.warn({ kind, recordId }, 'finished a change its node left unfinished');
        }
      },
      (error: unknown) => logger.warn({ err: error }, 'recovery pass failed; will retry'),
    ),
  );
}
