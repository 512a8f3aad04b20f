import { createBatchedInsert } from '../database/batched-insert.js';
import { isDuplicateKeyError } from '../database/retry-on-duplicate-key.js';
import type { Logger } from '../logger.js';
import { getStorage, LeaseLostError } from '../platform/storage/index.js';
import { JobModel, type JobDocument } from './job.model.js';

export interface DueJob {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  runAt: Date;
}

export type JobHandler = (job: DueJob, now: Date) => Promise<void>;

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
    const stopRenewing = storage.clock.every(Math.floor(leaseMs / 3), () => lease.renew().catch(() => undefined));
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
        await handler({ id: job._id, type: job.type, payload: (job.payload ?? {}) as Record<string, unknown>, runAt: job.runAt }, options.now);
        await lease.assertHeld();
        await JobModel.deleteOne({ _id });
        finished = true;
        ran += 1;
      } catch (error) {
        if (error instanceof LeaseLostError) throw error;
        options.logger?.warn({ err: error, job: job._id }, 'job failed; will retry');
        const backoffMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** job.attempts);
        await lease.assertHeld();
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
