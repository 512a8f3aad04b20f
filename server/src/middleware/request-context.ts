import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { Logger } from '../logger.js';

/** Gives each request a child logger carrying its id, and logs one line per response. */
export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = c.get('requestId');
    const requestLogger = logger.child({ requestId });
    c.set('logger', requestLogger);
    const started = performance.now();
    await next();
    // Only the path: query strings may hold phone numbers or search text.
    requestLogger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        userId: c.get('user')?._id.toString(),
      },
      'request',
    );
  };
}
