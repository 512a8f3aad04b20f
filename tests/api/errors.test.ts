import { createRoute } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { z } from 'zod';
import { handleError } from '../../server/src/middleware/error-handler.js';
import { createOpenApiApp } from '../../server/src/openapi-app.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { createTestApp } from '../helpers/test-app.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';
import { createLogger } from '../../server/src/logger.js';

useTestDatabase();

describe('the one error model', () => {
  it('answers an unknown API route with 404 JSON', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const response = await app.request('/api/nothing-here', { headers: { Cookie: cookie } });
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({ error: { code: 'not_found', message: 'no route for GET /api/nothing-here' } });
  });

  it('answers an unknown page or webhook with 404 JSON when no web app is built', async () => {
    const { app } = createTestApp();
    for (const path of ['/somewhere', '/webhooks/twilio/unknown']) {
      const response = await app.request(path, { method: 'POST' });
      expect(response.status).toBe(404);
      expect((await json(response)).error.code).toBe('not_found');
    }
  });

  it('answers malformed JSON with 400', async () => {
    const { app } = createTestApp();
    const response = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"email": "a@b.c", "password": ',
    });
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe('bad_request');
  });

  it('answers a body that is not JSON at all with 415, not 500', async () => {
    const { app } = createTestApp();
    const response = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'email=a@b.c',
    });
    expect(response.status).toBe(415);
    expect((await json(response)).error.code).toBe('unsupported_media_type');
  });

  it('answers a body over 1 MiB with 413', async () => {
    const { app } = createTestApp();
    const response = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1_100_000) }),
    });
    expect(response.status).toBe(413);
    expect((await json(response)).error.code).toBe('payload_too_large');
  });

  it('answers an unexpected failure with 500, the request id and no stack trace', async () => {
    const lines: string[] = [];
    const logger = createLogger('error', { write: (line: string) => lines.push(line) });
    const app = createOpenApiApp();
    app.use('*', async (c, next) => {
      c.set('requestId', 'req-42');
      c.set('logger', logger);
      await next();
    });
    app.openapi(
      createRoute({ method: 'get', path: '/explode', responses: { 200: { description: 'never' } } }),
      () => {
        throw new Error('database password is hunter2 at /srv/app.js:10');
      },
    );
    app.onError(handleError);

    const response = await app.request('/explode');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal_error', message: 'something went wrong on our side', details: { requestId: 'req-42' } },
    });
    expect(text).not.toMatch(/hunter2|\.js:\d+|at /);
    expect(lines.join('')).toMatch(/req-42/);
  });

  it('answers the embedded database being busy past its wait with 503 and Retry-After, as an outage, not a bug', async () => {
    const app = createOpenApiApp();
    app.openapi(createRoute({ method: 'post', path: '/busy', responses: { 200: { description: 'never' } } }), () => {
      // As FerretDB answered a write while its SQLite file stayed locked (the message it sent).
      throw new mongoose.mongo.MongoServerError({
        ok: 0,
        errmsg: '[msg_update.go:133 handler.(*Handler).updateDocument] [update.go:105 common.UpdateDocument] [collection.go:135 sqlite.(*collection).InsertAll.func1] database is locked (5) (SQLITE_BUSY)',
        code: 1,
        codeName: 'InternalError',
      });
    });
    app.onError(handleError);
    const response = await app.request('/busy', { method: 'POST' });
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toBe('2');
    expect(await response.json()).toEqual({ error: { code: 'service_unavailable', message: 'the database is unavailable for a moment; try again shortly' } });
  });

  it('validates path and query parameters with field details', async () => {
    const app = createOpenApiApp();
    app.openapi(
      createRoute({
        method: 'get',
        path: '/items/{id}',
        request: { params: z.object({ id: z.string().regex(/^\d+$/) }), query: z.object({ limit: z.coerce.number().max(100) }) },
        responses: { 200: { description: 'ok' } },
      }),
      (c) => c.json({ ok: true }, 200),
    );
    app.onError(handleError);
    const badId = await app.request('/items/abc?limit=5');
    expect(badId.status).toBe(400);
    const body = await json(badId);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details[0]).toMatchObject({ path: 'id' });
    const badLimit = await app.request('/items/12?limit=1000');
    expect((await json(badLimit)).error.details[0]).toMatchObject({ path: 'limit', code: 'too_big' });
  });
});

describe('cross-site request forgery', () => {
  it('refuses a write from another origin even with a valid session', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const response = await app.request(
      '/api/auth/me',
      jsonRequest('PATCH', { language: 'fr' }, cookie, { Origin: 'https://evil.example' }),
    );
    expect(response.status).toBe(403);
    expect((await json(response)).error.message).toBe('cross-site request refused');
    const me = await app.request('/api/auth/me', { headers: { Cookie: cookie } });
    expect((await json(me)).user.language).toBe('ar');
  });

  it('refuses a cross-site write told by Sec-Fetch-Site and accepts our own origin', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const crossSite = await app.request('/api/auth/me', jsonRequest('PATCH', { language: 'fr' }, cookie, { 'Sec-Fetch-Site': 'cross-site' }));
    expect(crossSite.status).toBe(403);
    const sameOrigin = await app.request(
      '/api/auth/me',
      jsonRequest('PATCH', { language: 'fr' }, cookie, { Origin: 'http://localhost:3000', 'Sec-Fetch-Site': 'same-origin' }),
    );
    expect(sameOrigin.status).toBe(200);
  });
});
