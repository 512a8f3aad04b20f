import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { JobModel } from '../../server/src/jobs/job.model.js';
import { runDueJobs, scheduleJob, type JobHandler } from '../../server/src/jobs/job-runner.js';
import { createLogger } from '../../server/src/logger.js';
import { createManualClock } from '../../server/src/platform/clock.js';
import { chooseStorage, getStorage } from '../../server/src/platform/storage/index.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

// Leases follow this clock: a lease lapses when a test moves it, never while a test waits.
const clock = createManualClock(new Date());
beforeAll(async () => {
  await chooseStorage(mongoose.connection, clock);
});

describe('job leases', () => {
  it('takes over the job of a node that died holding its lease, once the lease has lapsed', async () => {
    await scheduleJob('orphaned', 'record', new Date('2030-02-01T00:00:00Z'), {});
    expect(await getStorage().acquireLease('job:orphaned', { owner: 'dead-node', ttlMs: 60_000 })).not.toBeNull();
    const ranBy: string[] = [];
    const handlers = { record: async () => void ranBy.push('node-b') };
    const now = new Date('2030-02-01T00:00:30Z');

    expect(await runDueJobs({ now, owner: 'node-b', handlers })).toBe(0);
    await clock.advance(60_001);
    expect(await runDueJobs({ now, owner: 'node-b', handlers })).toBe(1);
    expect(ranBy).toEqual(['node-b']);
    expect(await JobModel.exists({ _id: 'orphaned' })).toBeNull();
    expect(await mongoose.connection.collection('leases').countDocuments({ _id: 'job:orphaned' as never })).toBe(0);
  });

  it('renews the lease while a long job runs, so no other node runs it meanwhile', async () => {
    await scheduleJob('long', 'slow', new Date('2030-04-01T00:00:00Z'), {});
    const now = new Date('2030-04-01T00:00:01Z');
    const runs: string[] = [];
    let other: Promise<number> | undefined;
    const slow = async () => {
      runs.push('node-a');
      // Three lease lifetimes pass while it works; node B looks meanwhile.
      await clock.advance(3 * 30_000);
      other = runDueJobs({ now, owner: 'node-b', handlers: { slow: async () => void runs.push('node-b') }, leaseMs: 30_000 });
      expect(await other).toBe(0);
    };
    expect(await runDueJobs({ now, owner: 'node-a', handlers: { slow }, leaseMs: 30_000 })).toBe(1);
    expect(runs).toEqual(['node-a']);
  });

  it('logs a renewal that failed, aborts the handler and refuses its later writes', async () => {
    const storage = getStorage();
    await storage.insertVersioned('job_lease_notes', { _id: 'note', text: 'as it was' });
    await scheduleJob('renewal-lost', 'write', new Date('2030-05-01T00:00:00Z'), {});
    const now = new Date('2030-05-01T00:00:01Z');
    const logged: Array<{ msg: string; job?: string }> = [];
    const logger = createLogger('warn', { write: (line: string) => void logged.push(JSON.parse(line)) });
    let aborted: boolean | undefined;
    const write: JobHandler = async (_job, _now, run) => {
      // The node stalls past its lease, another takes the name, and then this node's renewal comes round.
      clock.set(new Date(clock.now().getTime() + 30_001));
      expect(await storage.acquireLease('job:renewal-lost', { owner: 'node-b', ttlMs: 60 * 60_000 })).not.toBeNull();
      await clock.advance(10_000);
      aborted = run?.signal.aborted;
      await storage.updateVersioned('job_lease_notes', 'note', () => ({ set: { text: 'from a lapsed node' } }), { fence: run?.fence });
    };

    expect(await runDueJobs({ now, owner: 'node-a', handlers: { write }, leaseMs: 30_000, logger })).toBe(0);
    expect(aborted).toBe(true);
    expect(logged.map((entry) => [entry.msg, entry.job])).toContainEqual(['job lease not renewed; the job makes no more writes', 'renewal-lost']);
    expect(await mongoose.connection.collection('job_lease_notes').findOne({ _id: 'note' as never })).toMatchObject({ text: 'as it was', version: 1 });
    expect(await JobModel.exists({ _id: 'renewal-lost' })).not.toBeNull();
  });
});
