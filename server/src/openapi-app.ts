import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.js';
import { AppError } from './errors.js';
import { toValidationIssues } from './middleware/validation-issues.js';

/** A Hono sub-app whose zod validation failures become the one 400 error body. */
export function createOpenApiApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new AppError('validation_failed', 'the request is not valid', toValidationIssues(result.error.issues));
      }
    },
  });
}
