import { DuplicateRecordError, getStorage } from '../platform/storage/index.js';
import type { DueJob, JobRun } from './job-runner.js';
import { JobModel } from './job.model.js';

export const JOB_EFFECTS_COLLECTION = 'job_effects';

/** A claim outlives its job by far: a node that stalled this long has long lost every write. */
const JOB_EFFECT_RETENTION_MS = 7 * 86_400_000;

/**
 * Claims the one right to make an outside effect of a job that cannot be taken back (an SMS, a
 * WhatsApp message): a record keyed by the job's id and the effect, inserted through the run's fence.
 * The unique `_id` makes exactly one run win, even two nodes that both passed their fence: true for
 * that run, false for any other (it must then leave the effect alone). The claim comes before the
 * effect, so a node that dies between the two loses the effect: at most once, never twice.
 */
export async function claimJobEffect(job: DueJob, run: JobRun, effect: string): Promise<boolean> {
  const storage = getStorage();
  try {
    await storage.insertVersioned(JOB_EFFECTS_COLLECTION, { _id: `${job.id}:${effect}`, jobId: job.id, effect, claimedAt: storage.clock.now() }, { fence: run.fence });
    return true;
  } catch (error) {
    if (error instanceof DuplicateRecordError) return false;
    throw error;
  }
}

/** Removes claims past their retention (FerretDB has no TTL index); returns how many. */
export async function deleteOldJobEffects(now: Date): Promise<number> {
  const deleted = await JobModel.db.collection(JOB_EFFECTS_COLLECTION).deleteMany({ claimedAt: { $lt: new Date(now.getTime() - JOB_EFFECT_RETENTION_MS) } });
  return deleted.deletedCount;
}
