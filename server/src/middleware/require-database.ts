import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { DatabaseAvailability } from '../database/database-availability.js';
import { AppError } from '../errors.js';

/** Seconds a client is asked to wait while the database is away (a restart takes about one). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

export function databaseUnavailable(): AppError {
  return new AppError('service_unavailable', 'the database is unavailable for a moment; try again shortly', undefined, {
    'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
  });
}

/**
 * Answers 503 at once while the database is known to be away, instead of letting the request wait
 * for the driver's server-selection timeout (5 s) and fail with a 500.
 */
export function requireDatabase(database: DatabaseAvailability): MiddlewareHandler<AppEnv> {
  return async (_c, next) => {
    if (!database.isAvailable()) throw databaseUnavailable();
    await next();
  };
}
