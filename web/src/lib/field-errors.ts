import { ApiError } from './api-client';

/** The fields a 400 `validation_failed` answer names (top-level path segment), for showing errors next to them. */
export function fieldErrorsOf(error: unknown): Set<string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed' || !Array.isArray(error.details)) return new Set();
  return new Set(
    (error.details as Array<{ path?: unknown }>).map((detail) => (typeof detail.path === 'string' ? detail.path.split('.')[0]! : '')),
  );
}
