import { ZErrorBody } from '@mowakaba/shared/errors';

const errorContent = { 'application/json': { schema: ZErrorBody } };

/** The error responses routes document; the body is always the one error shape. */
export const errorResponses = {
  400: { description: 'Invalid request', content: errorContent },
  401: { description: 'No session', content: errorContent },
  403: { description: 'Not allowed', content: errorContent },
  404: { description: 'Not found', content: errorContent },
  409: { description: 'Conflict', content: errorContent },
  429: { description: 'Too many requests', content: errorContent },
  503: { description: 'Unavailable for now', content: errorContent },
} as const;

export function jsonBody<T>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

export function jsonResponse<T>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } } as const;
}
