import { AppError } from '../../errors.js';
import type { Clock } from '../clock.js';
import { runInLocalQueue } from './local-queue.js';
import { LeaseLostError, type Fence, type Lease, type Storage } from './storage.js';

const DEFAULT_MUTEX_TTL_MS = 10_000;
const DEFAULT_MUTEX_WAIT_MS = 15_000;

/**
 * `Storage.withMutex` for both adapters: one lease per key, taken in sorted order with a growing
 * pause between tries, renewed every third of its lifetime while `work` runs, released and its record
 * removed at the end.
 * Callers in one process first wait their turn per key, in the same order: their exclusion from each
 * other then never depends on a lease's clock (a stalled process or a test that moves the time), and
 * only one of them at a time polls the database. `enterAlone` lets an adapter skip the leases while
 * its process is the only one writing (then its turn is all the exclusion needed).
 */
export function holdLeases<T>(
  acquireLease: Storage['acquireLease'],
  clock: Clock,
  keys: string[],
  work: (fence: Fence) => Promise<T>,
  options: { ttlMs?: number; waitMs?: number } = {},
  enterAlone: () => AloneSection | null = () => null,
): Promise<T> {
  const holdInTurn = async () => {
    const alone = enterAlone();
    if (!alone) return holdDatabaseLeases(acquireLease, clock, keys, work, options);
    try {
      return await work(alone.fence);
    } finally {
      alone.leave();
    }
  };
  const inTurn = [...new Set(keys)].sort().reduceRight<() => Promise<T>>((next, key) => () => runInLocalQueue(`mutex:${key}`, next), holdInTurn);
  return inTurn();
}

/** A hold that needs no lease, fenced by whatever lets its process write alone. */
export interface AloneSection {
  fence: Fence;
  leave(): void;
}

async function holdDatabaseLeases<T>(
  acquireLease: Storage['acquireLease'],
  clock: Clock,
  keys: string[],
  work: (fence: Fence) => Promise<T>,
  options: { ttlMs?: number; waitMs?: number },
): Promise<T> {
  const ttlMs = options.ttlMs ?? DEFAULT_MUTEX_TTL_MS;
  const owner = `mutex:${process.pid}:${Math.random().toString(36).slice(2)}`;
  // The deadline is real time: a caller waiting for a busy key must give up even when a test stopped the clock.
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_MUTEX_WAIT_MS);
  const leases: Lease[] = [];
  try {
    for (const key of [...new Set(keys)].sort()) {
      for (let delayMs = 1; ; delayMs = Math.min(delayMs * 2, 40)) {
        const lease = await acquireLease(`mutex:${key}`, { owner, ttlMs });
        if (lease) {
          leases.push(lease);
          break;
        }
        if (Date.now() > deadline) throw new AppError('service_unavailable', 'the system is busy; try again');
        await new Promise((resolveDelay) => setTimeout(resolveDelay, delayMs + Math.random() * delayMs));
      }
    }
    // A renewal that failed may let a lease lapse before the next one: from then on the hold makes no
    // more writes, even while the lease record still looks live, and says why.
    let renewalFailure: unknown = null;
    const fence: Fence = {
      assertHeld: async () => {
        if (renewalFailure) throw Object.assign(new LeaseLostError(`mutex:${keys.join(',')}`), { cause: renewalFailure });
        await Promise.all(leases.map((lease) => lease.assertHeld()));
      },
    };
    const stopRenewing = clock.every(Math.max(1, Math.floor(ttlMs / 3)), async () => {
      if (renewalFailure) return;
      await Promise.all(leases.map((lease) => lease.renew())).catch((error: unknown) => {
        renewalFailure = error;
      });
    });
    try {
      return await work(fence);
    } finally {
      stopRenewing();
    }
  } finally {
    // Forgotten, not kept free: most keys name one record (a voicemail, a message), and a kept
    // document per key would pile up for ever. The owner is unique to this hold, so the fence still
    // tells it apart from a later holder whose token starts again from 1.
    await Promise.all(leases.map((lease) => lease.release({ forget: true }).catch(() => undefined)));
  }
}
