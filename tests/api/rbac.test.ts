import { describe, expect, it } from 'vitest';
import { isPublicApiRoute } from '../../server/src/app.js';
import { createSignedInUser } from '../helpers/factories.js';
import { createTestApp } from '../helpers/test-app.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

/** Every concrete API route of the app, with path parameters filled in. */
function apiRoutes(app: ReturnType<typeof createTestApp>['app']) {
  const seen = new Set<string>();
  return app.routes
    .filter((route) => route.path.startsWith('/api/') && route.method !== 'ALL' && !route.path.includes('*'))
    .map((route) => ({ method: route.method, path: route.path.replace(/:[^/]+/g, '0123456789abcdef01234567') }))
    .filter((route) => {
      const key = `${route.method} ${route.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

describe('every API route is closed to the anonymous', () => {
  it('answers 401 on every /api route but the public ones', async () => {
    const { app } = createTestApp();
    const routes = apiRoutes(app);
    expect(routes.length).toBeGreaterThan(8);
    for (const route of routes) {
      if (isPublicApiRoute(route.method, route.path)) continue;
      const response = await app.request(route.path, {
        method: route.method,
        headers: { 'Content-Type': 'application/json' },
        body: route.method === 'GET' || route.method === 'HEAD' ? undefined : '{}',
      });
      expect({ route, status: response.status }).toEqual({ route, status: 401 });
      expect((await json(response)).error.code).toBe('unauthenticated');
    }
  });

  it('refuses a forged or expired session cookie', async () => {
    const { app } = createTestApp();
    const response = await app.request('/api/auth/me', { headers: { Cookie: 'mowakaba_session=forged-value' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toMatch(/mowakaba_session=;/);
  });
});

describe('roles', () => {
  it('keeps admin routes from agents and supervisors with 403', async () => {
    const { app } = createTestApp();
    for (const role of ['agent', 'supervisor'] as const) {
      const { cookie } = await createSignedInUser(app, role);
      const create = await app.request('/api/users', {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'x@mowakaba.test', name: 'X', password: 'long enough pass', role: 'admin' }),
      });
      expect(create.status).toBe(403);
      expect((await json(create)).error.code).toBe('forbidden');
    }
  });

  it('lets supervisors list users but not agents', async () => {
    const { app } = createTestApp();
    const supervisor = await createSignedInUser(app, 'supervisor');
    const agent = await createSignedInUser(app, 'agent');
    expect((await app.request('/api/users', { headers: { Cookie: supervisor.cookie } })).status).toBe(200);
    expect((await app.request('/api/users', { headers: { Cookie: agent.cookie } })).status).toBe(403);
  });
});
