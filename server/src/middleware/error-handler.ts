import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { TErrorCode } from '@mowakaba/shared/errors';
import type { AppEnv } from '../app-env.js';
import { AppError, errorBody } from '../errors.js';

const CODE_BY_STATUS: Record<number, TErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** Turns every thrown error into `{ error: { code, message, details? } }`; never leaks a stack. */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof AppError) {
    for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
    return c.json(errorBody(error.code, error.message, error.details), error.status as ContentfulStatusCode);
  }
  if (error instanceof HTTPException && error.status < 500) {
    const code = CODE_BY_STATUS[error.status] ?? 'bad_request';
    return c.json(errorBody(code, error.message || code.replace(/_/g, ' ')), error.status as ContentfulStatusCode);
  }
  const requestId = c.get('requestId');
  if (isDatabaseOutage(error)) {
    c.get('logger')?.warn({ err: error, requestId }, 'database unavailable during a request');
    c.header('Retry-After', '2');
    return c.json(errorBody('service_unavailable', 'the database is unavailable for a moment; try again shortly'), 503);
  }
  c.get('logger')?.error({ err: error, requestId }, 'unexpected error');
  return c.json(errorBody('internal_error', 'something went wrong on our side', { requestId }), 500);
};

export function respondNotFound(c: Context<AppEnv>) {
  return c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404);
}

export const handleNotFound: NotFoundHandler<AppEnv> = (c) => respondNotFound(c);

// The driver's and mongoose's names for "the server cannot be reached", as opposed to a bug.
const DATABASE_OUTAGE_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
]);

// The embedded database's SQLite file stayed locked by another writer past FerretDB's 10 s wait
// (seen once, at a million tickets): the write did not happen, and a retry a moment later succeeds.
const EMBEDDED_DATABASE_BUSY = /\(SQLITE_BUSY\)/;

/** True for errors that mean the database went away, or was busy, while the request ran: a 503, not a 500. */
export function isDatabaseOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (DATABASE_OUTAGE_ERRORS.has(error.name)) return true;
  if (error.name === 'MongoServerError' && EMBEDDED_DATABASE_BUSY.test(error.message)) return true;
  // mongoose queues operations while disconnected and gives up with this message.
  return error.name === 'MongooseError' && /buffering timed out/.test(error.message);
}
