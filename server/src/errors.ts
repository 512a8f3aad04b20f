import { ERROR_STATUS, type TErrorBody, type TErrorCode } from '@mowakaba/shared/errors';

/** The one error type of the server; the error handler turns it into the one JSON body. */
export class AppError extends Error {
  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): (typeof ERROR_STATUS)[TErrorCode] {
    return ERROR_STATUS[this.code];
  }
}

export function errorBody(code: TErrorCode, message: string, details?: unknown): TErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
