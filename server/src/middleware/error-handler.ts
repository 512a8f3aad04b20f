import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { TErrorCode } from '../../../shared/src/errors.js';
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
  c.get('logger')?.error({ err: error, requestId }, 'unexpected error');
  return c.json(errorBody('internal_error', 'something went wrong on our side', { requestId }), 500);
};

export function respondNotFound(c: Context<AppEnv>) {
  return c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404);
}

export const handleNotFound: NotFoundHandler<AppEnv> = (c) => respondNotFound(c);
