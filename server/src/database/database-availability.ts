import type mongoose from 'mongoose';
import { pingDatabase } from './connect-database.js';

/**
 * Whether the database can be used right now, known without asking it: API requests read this to
 * answer 503 at once while the database is away instead of waiting for the driver's server
 * selection timeout and answering 500.
 */
export interface DatabaseAvailability {
  isAvailable(): boolean;
  /** Pings the database (for `/ready`); a failed ping marks it unavailable until one succeeds. */
  check(): Promise<boolean>;
}

/**
 * Follows the driver's view of the connection (mongoose's `disconnected` / `connected` events,
 * raised by its heartbeat and by failed operations) and, for the embedded database, its
 * supervisor, which knows the instant the process dies and the instant its replacement is up.
 */
export function createDatabaseAvailability(
  connection: mongoose.Connection,
  supervisor?: { isRunning(): boolean },
): DatabaseAvailability {
  let failedPing = false;
  const driverConnected = () => connection.readyState === 1;
  return {
    isAvailable: () => (supervisor?.isRunning() ?? true) && driverConnected() && !failedPing,
    async check() {
      if (supervisor && !supervisor.isRunning()) return false;
      const up = await pingDatabase(connection);
      failedPing = !up;
      return up;
    },
  };
}
