import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

describe('health and readiness', () => {
  it('answers /health with status ok', async () => {
    const { app } = createTestApp();
    const response = await app.request('/health');
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'ok' });
  });

  it('answers /ready with 200 while the database answers', async () => {
    const { app } = createTestApp();
    const response = await app.request('/ready');
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'ready', database: 'up' });
  });

  it('gives every response a request id, and keeps a sane one sent by the caller', async () => {
    const { app } = createTestApp();
    expect((await app.request('/health')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await app.request('/health', { headers: { 'X-Request-Id': 'lb-1234' } });
    expect(echoed.headers.get('x-request-id')).toBe('lb-1234');
  });

  it('lets pages play media from the server only: recordings are same-origin', async () => {
    const { app } = createTestApp();
    const policy = (await app.request('/health')).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("media-src 'self';");
    expect(policy).not.toMatch(/media-src[^;]*https:/);
  });
});
