import { createBatchedInsert } from '../database/batched-insert.js';
import { isDuplicateKeyError } from '../database/retry-on-duplicate-key.js';
import type { Logger } from '../logger.js';
import { getStorage, LeaseLostError, type Fence, type Lease } from '../platform/storage/index.js';
import { JobModel, type JobDocument } from './job.model.js';

export interface DueJob {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  runAt: Date;
}

/**
 * What keeps a handler's work to the time its node holds the job. `fence` goes to every storage write
 * the handler makes (`updateVersioned`, `insertVersioned`, … `{ fence }`): once the lease lapsed or
 * a renewal failed, the write is refused with LeaseLostError and the node that took the job over
 * does it instead. `signal` is aborted at the first failed renewal, for work that is not a write.
 */
export interface JobRun {
  fence: Fence;
  signal: AbortSignal;
}

export type JobHandler = (job: DueJob, now: Date, run: JobRun) => Promise<void>;

// Every new ticket schedules its SLA check: bursts of them share round trips.
const insertJob = createBatchedInsert<JobDocument>(JobModel);

const DEFAULT_LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * Adds a job unless one with this id exists. Ids name the moment too (`sla:<ticket>:<time>`), so a
 * new moment is a new job and an outdated one finds nothing left to do: no job is ever edited by
 * its scheduler, which is why this needs no lock.
 */
export async function scheduleJob(id: string, type: string, runAt: Date, payload: Record<string, unknown>): Promise<void> {
  try {
    await insertJob({ _id: id, type, runAt, payload, attempts: 0 });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/**
 * Runs the jobs due at `now`, each under a lease of the storage seam: two nodes never run the same
 * job, the lease is renewed while the handler works, and a job whose node died mid-run is taken
 * again once its lease lapsed. Finishing (or rescheduling) is fenced: a node whose lease lapsed
 * meanwhile leaves the job to the node that took it over. Returns how many jobs this call ran.
 */
export async function runDueJobs(options: {
  now: Date;
  owner: string;
  handlers: Record<string, JobHandler>;
  logger?: Logger;
  leaseMs?: number;
  limit?: number;
  /** Only jobs of these types (a test or a benchmark running one kind of job at once). */
  types?: string[];
}): Promise<number> {
  const storage = getStorage();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const due = await JobModel.find({ runAt: { $lte: options.now }, ...(options.types ? { type: { $in: options.types } } : {}) }, { _id: 1 })
    .sort({ runAt: 1 })
    .limit(options.limit ?? 100)
    .lean();
  let ran = 0;
  for (const { _id } of due) {
    const lease = await storage.acquireLease(`job:${_id}`, { owner: options.owner, ttlMs: leaseMs });
    if (!lease) continue;
    const run = fenceJob(lease, _id, options.logger);
    const stopRenewing = storage.clock.every(Math.floor(leaseMs / 3), run.renew);
    let finished = false;
    try {
      // Read under the lease: another node may have run and removed it since the list was read.
      const job = await JobModel.findById(_id).lean<JobDocument>();
      if (!job || job.runAt > options.now) {
        finished = !job;
        continue;
      }
      const handler = options.handlers[job.type];
      try {
        if (!handler) throw new Error(`no handler for job type ${job.type}`);
        await handler({ id: job._id, type: job.type, payload: (job.payload ?? {}) as Record<string, unknown>, runAt: job.runAt }, options.now, run);
        await run.fence.assertHeld();
        await JobModel.deleteOne({ _id });
        finished = true;
        ran += 1;
      } catch (error) {
        if (error instanceof LeaseLostError) throw error;
        options.logger?.warn({ err: error, job: job._id }, 'job failed; will retry');
        const backoffMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** job.attempts);
        await run.fence.assertHeld();
        await JobModel.updateOne({ _id }, { $set: { runAt: new Date(options.now.getTime() + backoffMs), attempts: job.attempts + 1 } });
      }
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      options.logger?.warn({ job: _id }, 'job lease lapsed while it ran; left to the node that took it over');
    } finally {
      stopRenewing();
      // A finished job's id is never leased again: its lease record goes with it.
      await lease.release({ forget: finished });
    }
  }
  return ran;
}

/**
 * The fence and abort signal of one job's run. A renewal that fails (the lease was taken over, or the
 * database did not answer in time) is logged and ends the run's right to write at once: the lease may
 * lapse before the next renewal, and a write let through then could race the node taking over.
 */
function fenceJob(lease: Lease, jobId: string, logger: Logger | undefined): JobRun & { renew: () => Promise<void> } {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    fence: {
      async assertHeld() {
        if (controller.signal.aborted) throw new LeaseLostError(lease.name);
        await lease.assertHeld();
      },
    },
    async renew() {
      if (controller.signal.aborted) return;
      try {
        await lease.renew();
      } catch (error) {
        logger?.warn({ err: error, job: jobId }, 'job lease not renewed; the job makes no more writes');
        controller.abort(new LeaseLostError(lease.name));
      }
    },
  };
}

/** Polls for due jobs every `intervalMs` until the returned stop function is called. */
export function startJobRunner(options: { owner: string; handlers: Record<string, JobHandler>; logger: Logger; intervalMs?: number }): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const clock = getStorage().clock;
  const stopPolling = clock.every(options.intervalMs ?? 5_000, () => {
    running = running
      .then(() => runDueJobs({ now: clock.now(), owner: options.owner, handlers: options.handlers, logger: options.logger }))
      .catch((error: unknown) => options.logger.warn({ err: error }, 'job runner pass failed'));
  });
  return async () => {
    stopPolling();
    await running;
  };
}

/** How late the most overdue job is, in seconds (0 when none is due): the runner's lag, for /metrics. */
export async function measureJobLag(now: Date): Promise<{ lagSeconds: number; due: number }> {
  const due = await JobModel.find({ runAt: { $lte: now } }, { runAt: 1 }).sort({ runAt: 1 }).limit(1000).lean();
  const oldest = due[0]?.runAt;
  return { lagSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0, due: due.length };
}
