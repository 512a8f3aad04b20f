import { createBatchedInsert } from '../database/batched-insert.js';
import { isDuplicateKeyError } from '../database/retry-on-duplicate-key.js';
import { withLock } from '../database/with-lock.js';
import type { Logger } from '../logger.js';
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
    await insertJob({ _id: id, type, runAt, payload, leaseOwner: null, leaseUntil: null, attempts: 0 });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/** Leases a due job for `owner` unless another owner holds a live lease on it. */
async function claimJob(id: string, owner: string, now: Date, leaseMs: number): Promise<JobDocument | undefined> {
  return withLock(`job:${id}`, async () => {
    const job = await JobModel.findById(id).lean<JobDocument>();
    if (!job || job.runAt > now || (job.leaseUntil && job.leaseUntil > now)) return undefined;
    await JobModel.updateOne({ _id: id }, { $set: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs), attempts: job.attempts + 1 } });
    return job;
  });
}

/** After a run: remove the job, unless its lease went to another node meanwhile. */
async function finishJob(claimed: JobDocument, owner: string): Promise<void> {
  await withLock(`job:${claimed._id}`, async () => {
    const job = await JobModel.findById(claimed._id).lean<JobDocument>();
    if (job && job.leaseOwner === owner) await JobModel.deleteOne({ _id: claimed._id });
  });
}

async function retryJobLater(claimed: JobDocument, owner: string, now: Date): Promise<void> {
  await withLock(`job:${claimed._id}`, async () => {
    const job = await JobModel.findById(claimed._id).lean<JobDocument>();
    if (!job || job.leaseOwner !== owner) return;
    const backoffMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** job.attempts);
    await JobModel.updateOne({ _id: claimed._id }, { $set: { runAt: new Date(now.getTime() + backoffMs), leaseOwner: null, leaseUntil: null } });
  });
}

/**
 * Runs the jobs due at `now`, each under a lease: two nodes never run the same job, and a job whose
 * node died mid-run is taken again once its lease expires. Returns how many jobs this call ran.
 */
export async function runDueJobs(options: {
  now: Date;
  owner: string;
  handlers: Record<string, JobHandler>;
  logger?: Logger;
  leaseMs?: number;
  limit?: number;
}): Promise<number> {
  const due = await JobModel.find({ runAt: { $lte: options.now } }, { _id: 1 })
    .sort({ runAt: 1 })
    .limit(options.limit ?? 100)
    .lean();
  let ran = 0;
  for (const { _id } of due) {
    const job = await claimJob(_id, options.owner, options.now, options.leaseMs ?? DEFAULT_LEASE_MS);
    if (!job) continue;
    const handler = options.handlers[job.type];
    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`);
      await handler({ id: job._id, type: job.type, payload: (job.payload ?? {}) as Record<string, unknown>, runAt: job.runAt }, options.now);
      await finishJob(job, options.owner);
      ran += 1;
    } catch (error) {
      options.logger?.warn({ err: error, job: job._id }, 'job failed; will retry');
      await retryJobLater(job, options.owner, options.now);
    }
  }
  return ran;
}

/** Polls for due jobs every `intervalMs` until the returned stop function is called. */
export function startJobRunner(options: { owner: string; handlers: Record<string, JobHandler>; logger: Logger; intervalMs?: number }): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => runDueJobs({ now: new Date(), owner: options.owner, handlers: options.handlers, logger: options.logger }))
      .catch((error: unknown) => options.logger.warn({ err: error }, 'job runner pass failed'));
  }, options.intervalMs ?? 5_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** How late the most overdue job is, in seconds (0 when none is due): the runner's lag, for /metrics. */
export async function measureJobLag(now: Date): Promise<{ lagSeconds: number; due: number }> {
  const due = await JobModel.find({ runAt: { $lte: now } }, { runAt: 1 }).sort({ runAt: 1 }).limit(1000).lean();
  const oldest = due[0]?.runAt;
  return { lagSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0, due: due.length };
}
