import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LockModel } from '../../server/src/platform/storage/ferretdb/lock.model.js';
import { withDatabaseLock, withLock } from '../../server/src/platform/storage/ferretdb/with-lock.js';
import { systemClock } from '../../server/src/platform/clock.js';
import { createFerretDbStorage } from '../../server/src/platform/storage/ferretdb/ferretdb-storage.js';
import { createFerretDbOrderedLists } from '../../server/src/platform/storage/ferretdb/ferretdb-ordered-lists.js';
import { releaseStorage } from '../../server/src/platform/storage/index.js';
import { findProjectRoot } from '../../server/src/project-root.js';
import { useTestDatabase } from '../helpers/test-database.js';

const database = useTestDatabase();
let markers: string;
beforeAll(async () => {
  markers = await mkdtemp(join(tmpdir(), 'mowakaba-lock-'));
});
afterAll(() => rm(markers, { recursive: true, force: true }));

/** Starts another node (a child process) that takes the lock `name`; resolves with it and its marker file. */
function startOtherNode(mode: 'hold' | 'add' | 'list', name: string) {
  const uri = new URL(inject('mongoUri'));
  uri.pathname = `/${database.connection().name}`;
  const marker = join(markers, `${mode}-${name.replace(/\W/g, '-')}`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/process/lock-holder-process.ts'], {
    cwd: findProjectRoot(),
    env: { PATH: process.env.PATH ?? '', MONGO_URI: uri.toString(), MODE: mode, NAME: name, MARKER: marker },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, marker, exited };
}

/** Blocks this whole process (event loop included), as a long pause of a node would, until `done`. */
function freezeUntil(done: () => boolean) {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const giveUpAt = Date.now() + 60_000;
  while (!done() && Date.now() < giveUpAt) Atomics.wait(cell, 0, 0, 50);
}

/** Whether a section on `name` runs with no lock record of that name in the database. */
async function writesWithoutLockRecord(name: string): Promise<boolean> {
  let withoutRecord = false;
  await withLock(name, async () => {
    withoutRecord = (await LockModel.collection.countDocuments({ _id: name as never })) === 0;
  });
  return withoutRecord;
}

describe('short database locks of the embedded adapter', () => {
  const storage = () => createFerretDbStorage(mongoose.connection, systemClock);

  it('a node alone on the database writes without locks or mutex leases, and waits for another node’s lock and mutex as soon as that node starts', { timeout: 90_000 }, async () => {
    const alone = storage();
    // Once its claim is taken (a second or so after its first write), the node's sections leave no lock record.
    await expect.poll(() => writesWithoutLockRecord('alone'), { timeout: 10_000 }).toBe(true);
    const leases = mongoose.connection.collection('leases');
    await alone.withMutex(['alone'], async () => {
      expect(await leases.countDocuments({ _id: 'mutex:alone' as never })).toBe(0);
    });

    const other = startOtherNode('hold', 'contested');
    await expect.poll(() => existsSync(other.marker), { timeout: 60_000 }).toBe(true);
    await expect(withLock('contested', async () => 'entered', { waitMs: 1_000 })).rejects.toMatchObject({ code: 'service_unavailable' });
    await expect(alone.withMutex(['contested'], async () => 'entered', { waitMs: 1_000 })).rejects.toMatchObject({ code: 'service_unavailable' });
    expect(await writesWithoutLockRecord('shared')).toBe(false);

    other.child.kill('SIGKILL');
    await other.exited;
    expect(await withLock('contested', async () => 'entered')).toBe('entered');
    expect(await alone.withMutex(['contested'], async () => 'entered')).toBe('entered');
  });

  it('a node alone writes a list from what it remembers of it, and reads it again once another node has written', { timeout: 90_000 }, async () => {
    await expect.poll(() => writesWithoutLockRecord('remembering'), { timeout: 10_000 }).toBe(true);
    const lists = createFerretDbOrderedLists(mongoose.connection);
    await lists.add('remembered', ['2026-01-01T00:00:01|this-node']);
    await lists.add('remembered', ['2026-01-01T00:00:02|this-node']);
    // The other node waits until this one gave its claim back, and with it what it remembered.
    const other = startOtherNode('list', 'remembered');
    await expect.poll(() => existsSync(other.marker), { timeout: 60_000 }).toBe(true);
    await other.exited;
    await lists.add('remembered', ['2026-01-01T00:00:04|this-node']);
    // Alone again once the other node's registration lapsed: what it remembers now was read afresh.
    await expect.poll(() => writesWithoutLockRecord('remembering'), { timeout: 20_000 }).toBe(true);
    await lists.add('remembered', ['2026-01-01T00:00:05|this-node']);
    expect(await lists.read('remembered', { limit: 10, direction: 'ascending' })).toEqual([
      '2026-01-01T00:00:01|this-node',
      '2026-01-01T00:00:02|this-node',
      '2026-01-01T00:00:03|other-node',
      '2026-01-01T00:00:04|this-node',
      '2026-01-01T00:00:05|this-node',
    ]);
  });

  it('a node alone decides on the record as it last wrote it, and decides again on the record as stored when that was changed behind its back', { timeout: 30_000 }, async () => {
    await expect.poll(() => writesWithoutLockRecord('remembering-records'), { timeout: 10_000 }).toBe(true);
    const records = mongoose.connection.collection<{ _id: string; version: number; count: number; open?: boolean }>('contract_records');
    await records.insertOne({ _id: 'remembered', version: 1, count: 0 });
    const alone = storage();
    const decided: number[] = [];
    const addOne = () =>
      alone.updateVersioned<{ _id: string; version: number; count: number }>('contract_records', 'remembered', (current) => {
        decided.push(current.count);
        return { set: { count: current.count + 1 } };
      });
    await addOne();
    await addOne();
    expect(decided).toEqual([0, 1]);
    // Written outside the storage seam, version unchanged: the remembered record is stale.
    await records.updateOne({ _id: 'remembered' }, { $set: { count: 100 } });
    decided.length = 0;
    await addOne();
    expect(decided).toEqual([2, 100]);
    expect(await records.findOne({ _id: 'remembered' })).toMatchObject({ version: 4, count: 101 });
    // A refusal on the remembered record is not trusted either.
    await records.updateOne({ _id: 'remembered' }, { $set: { open: true } });
    const opened = await alone.updateVersioned<{ _id: string; version: number; count: number; open?: boolean }>('contract_records', 'remembered', (current) => {
      if (!current.open) throw new Error('closed');
      return { set: { count: current.count + 1 } };
    });
    expect(opened?.after).toMatchObject({ version: 5, count: 102, open: true });
  });

  it('a node that stops gives its claim and registration back, so the next node writes at once', { timeout: 30_000 }, async () => {
    await withLock('before-stopping', async () => undefined);
    await expect.poll(() => LockModel.collection.countDocuments({ _id: 'sole-writer' as never }), { timeout: 10_000 }).toBe(1);
    const claim = await LockModel.collection.findOne({ _id: 'sole-writer' as never });
    await releaseStorage();
    expect(await LockModel.collection.countDocuments({ _id: { $in: ['sole-writer', claim!.token] } } as never)).toBe(0);
    // Writing again registers anew and, alone, claims again.
    await withLock('after-stopping', async () => undefined);
    await expect.poll(() => LockModel.collection.countDocuments({ _id: 'sole-writer' as never }), { timeout: 10_000 }).toBe(1);
  });

  it('a node killed while numbering events holds the numbering up for about two seconds, not ten', { timeout: 90_000 }, async () => {
    await storage().incrementFields('rooms-after-kill', { 'rooms.role:agent': 1 });
    const other = startOtherNode('hold', 'counter:rooms-after-kill');
    await expect.poll(() => existsSync(other.marker), { timeout: 60_000 }).toBe(true);
    other.child.kill('SIGKILL');
    await other.exited;

    const killedAt = Date.now();
    expect(await storage().incrementFields('rooms-after-kill', { 'rooms.role:agent': 1 })).toMatchObject({ rooms: { 'role:agent': 2 } });
    // The lock lives 2 s after its last renewal; the margin is for a loaded machine, far from the old 10 s.
    expect(Date.now() - killedAt).toBeLessThan(5_000);
  });

  it('a live holder that works past the lock life keeps it: nobody else enters meanwhile', { timeout: 30_000 }, async () => {
    const entries: string[] = [];
    // A lock lives by wall time (renewed against the database, as between real nodes), so the holder
    // really works past it: half again a shortened life, kept long enough for several renewals.
    const holder = withDatabaseLock('slow-holder', async () => {
      entries.push('holder in');
      await sleep(1_500);
      entries.push('holder out');
    }, { ttlMs: 1_000 });
    await expect.poll(() => entries.length).toBe(1);
    await withDatabaseLock('slow-holder', async () => {
      entries.push('other in');
    }, {});
    await holder;
    expect(entries).toEqual(['holder in', 'holder out', 'other in']);
  });

  it('a node paused past its lock life has its write refused and decided again on what the other node saved', { timeout: 90_000 }, async () => {
    const records = mongoose.connection.collection<{ _id: string; version: number; count: number }>('contract_records');
    await records.insertOne({ _id: 'paused', version: 1, count: 0 });
    const decided: number[] = [];
    let other: ReturnType<typeof startOtherNode> | undefined;
    await storage().updateVersioned<{ _id: string; version: number; count: number }>('contract_records', 'paused', (current) => {
      decided.push(current.count);
      if (!other) {
        // While this node is frozen holding the record's lock, the other node waits for it, then saves +10.
        other = startOtherNode('add', 'paused');
        freezeUntil(() => existsSync(other!.marker));
      }
      return { set: { count: current.count + 1 } };
    });
    await other!.exited;

    expect(decided).toEqual([0, 10]);
    expect(await records.findOne({ _id: 'paused' })).toMatchObject({ version: 3, count: 11 });
  });

  /**
   * The embedded adapter on this node, which freezes (renewals included) once it has checked its lock
   * for its first write to `recordId`, until the other node has taken the lapsed lock and saved +10.
   */
  function stallBeforeWriteWhileOtherNodeAdds(recordId: string) {
    let other: ReturnType<typeof startOtherNode> | undefined;
    const storage = createFerretDbStorage(mongoose.connection, systemClock, {
      beforeVersionedWrite: () => {
        if (other) return;
        other = startOtherNode('add', recordId);
        freezeUntil(() => existsSync(other!.marker));
      },
    });
    return { storage, otherExited: () => other!.exited };
  }

  it('a node that stalls between its last look at the lock and its write, past the lock’s life, has that write put back and decided again on what the other node saved', { timeout: 90_000 }, async () => {
    const records = mongoose.connection.collection<{ _id: string; version: number; count: number }>('contract_records');
    await records.insertOne({ _id: 'stalled-writer', version: 1, count: 0 });
    const decided: number[] = [];
    const stalling = stallBeforeWriteWhileOtherNodeAdds('stalled-writer');
    const saved = await stalling.storage.updateVersioned<{ _id: string; version: number; count: number }>('contract_records', 'stalled-writer', (current) => {
      decided.push(current.count);
      return { set: { count: current.count + 1 } };
    });
    await stalling.otherExited();

    expect(decided).toEqual([0, 10]);
    expect(saved?.after).toMatchObject({ version: 3, count: 11 });
    expect(await records.findOne({ _id: 'stalled-writer' })).toMatchObject({ version: 3, count: 11 });
  });

  it('a node that stalls the same way before deleting a version has the record it removed put back, and its delete refused', { timeout: 90_000 }, async () => {
    const records = mongoose.connection.collection<{ _id: string; version: number; count: number }>('contract_records');
    await records.insertOne({ _id: 'stalled-deleter', version: 1, count: 0 });
    const stalling = stallBeforeWriteWhileOtherNodeAdds('stalled-deleter');
    const deleted = await stalling.storage.deleteVersioned('contract_records', 'stalled-deleter', 1);
    await stalling.otherExited();

    expect(deleted).toBe(false);
    expect(await records.findOne({ _id: 'stalled-deleter' })).toMatchObject({ version: 2, count: 10 });
  });
});
