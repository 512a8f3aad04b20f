import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LockModel } from '../../server/src/platform/storage/ferretdb/lock.model.js';
import { withDatabaseLock, withLock } from '../../server/src/platform/storage/ferretdb/with-lock.js';
import { createCounterBlocks } from '../../server/src/modules/counters/counters.service.js';
import { allocateTicketReference } from '../../server/src/modules/tickets/ticket-reference.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

describe('database lock and counters', () => {
  it('runs critical sections one at a time, so a read-modify-write loses nothing', async () => {
    let balance = 0;
    let inside = 0;
    let mostInside = 0;
    await Promise.all(
      Array.from({ length: 40 }, () =>
        withLock('account:1', async () => {
          inside += 1;
          mostInside = Math.max(mostInside, inside);
          const read = balance;
          await yieldToOthers();
          balance = read + 1;
          inside -= 1;
        }),
      ),
    );
    expect(balance).toBe(40);
    expect(mostInside).toBe(1);
    expect(await LockModel.countDocuments({ _id: 'account:1' })).toBe(0);
  });

  it('excludes callers that meet only in the database, as on two nodes', async () => {
    let balance = 0;
    await Promise.all(
      Array.from({ length: 15 }, () =>
        withDatabaseLock('account:2', async () => {
          const read = balance;
          await yieldToOthers();
          balance = read + 1;
        }, {}),
      ),
    );
    expect(balance).toBe(15);
  });

  it('releases the lock when the critical section throws', async () => {
    await expect(withLock('failing', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withLock('failing', async () => 'taken again')).toBe('taken again');
  });

  it('takes over a lock whose holder died and left it expired', async () => {
    await LockModel.collection.insertOne({ _id: 'orphan' as never, token: 'dead', expiresAt: new Date(Date.now() - 1000) });
    expect(await withLock('orphan', async () => 'recovered', { waitMs: 2000 })).toBe('recovered');
  });

  it('gives up with 503 when a live lock is held too long', async () => {
    await LockModel.collection.insertOne({ _id: 'busy' as never, token: 'other', expiresAt: new Date(Date.now() + 60_000) });
    await expect(withDatabaseLock('busy', async () => 'never', { waitMs: 100 })).rejects.toMatchObject({ code: 'service_unavailable' });
  });

  it('hands out 200 distinct ticket references to 200 parallel creations', async () => {
    const references = await Promise.all(Array.from({ length: 200 }, () => allocateTicketReference(new Date('2026-06-01T12:00:00Z'))));
    expect(new Set(references).size).toBe(200);
    for (const reference of references) expect(reference).toMatch(/^T-2026-\d{6}$/);
    expect(references.map((reference) => Number(reference.slice(-6))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, index) => index + 1),
    );
  });

  it('numbers references per year in Moroccan time', async () => {
    // 23:30 UTC on 31 December 2026 is already 2027 in Casablanca (UTC+1).
    expect(await allocateTicketReference(new Date('2026-12-31T23:30:00Z'))).toBe('T-2027-000001');
    expect(await allocateTicketReference(new Date('2027-01-01T10:00:00Z'))).toBe('T-2027-000002');
    expect(await allocateTicketReference(new Date('2026-12-31T22:30:00Z'))).toMatch(/^T-2026-\d{6}$/);
  });

  it('never gives two nodes the same number, and a restarted node skips what the old one had reserved', async () => {
    const firstNode = createCounterBlocks(20);
    const secondNode = createCounterBlocks(20);
    const values = await Promise.all(Array.from({ length: 150 }, (_, index) => (index % 2 === 0 ? firstNode : secondNode)('shared')));
    expect(new Set(values).size).toBe(150);

    const highestReserved = Math.max(...values);
    const restarted = createCounterBlocks(20);
    const afterRestart = await restarted('shared');
    expect(afterRestart).toBeGreaterThan(highestReserved);
    expect(values).not.toContain(afterRestart);
  });
});
