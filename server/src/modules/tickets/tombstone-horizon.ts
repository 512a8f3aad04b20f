import { FEED_RETENTION_MS } from '../../platform/events/change-feed.js';

/**
 * How long a removal's tombstone outlives the moment every holder applied it. A change saved just
 * before the removal may reach the feed just after it (its writer was slow to append; the ticket
 * refuses every change after the removal), numbered past the removal: only the tombstone stops it
 * from putting the ticket back. Such a writer appends within seconds; an hour is far beyond that.
 */
export const TOMBSTONE_GRACE_MS = 3_600_000;

/** What a tombstone guards: the feed position of its removal and when that was written. */
export interface TombstoneGuard {
  position: number;
  /** Milliseconds since the epoch. */
  at: number;
}

/**
 * Whether a removed ticket's tombstone may be forgotten: once the holder has applied the feed past
 * the removal and the grace is over (no late change can still come), or once the removal is older
 * than the feed's retention (a consumer that never reached it rebuilds from the records, where the
 * ticket is gone).
 */
export function isTombstonePrunable(guard: TombstoneGuard, holder: { appliedPosition: number; now: number }): boolean {
  const age = holder.now - guard.at;
  if (age > FEED_RETENTION_MS) return true;
  return guard.position <= holder.appliedPosition && age >= TOMBSTONE_GRACE_MS;
}
