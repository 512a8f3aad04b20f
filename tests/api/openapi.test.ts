import { describe, expect, it } from 'vitest';
import { createSignedInUser } from '../helpers/factories.js';
import { json } from '../helpers/json.js';
import { createTestApp } from '../helpers/test-app.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

describe('API documentation', () => {
  it('describes the routes with the request schemas they validate with', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const response = await app.request('/api/openapi.json', { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const document = await json(response);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/health', '/ready', '/api/auth/login', '/api/auth/me', '/api/users', '/api/users/{id}']),
    );
    const createUserSchema = document.paths['/api/users'].post.requestBody.content['application/json'].schema;
    expect(createUserSchema.required).toEqual(expect.arrayContaining(['email', 'name', 'password', 'role']));
    expect(createUserSchema.properties.role.enum).toEqual(['agent', 'supervisor', 'admin']);
    expect(createUserSchema.properties.password.minLength).toBe(10);
  });

  it('serves the docs page and its assets from the server itself', async () => {
    const { app } = createTestApp();
    const { cookie } = await createSignedInUser(app);
    const page = await app.request('/api/docs', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/docs/swagger-ui-bundle.js');
    const script = await app.request('/api/docs/swagger-ui-bundle.js', { headers: { Cookie: cookie } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await app.request('/api/docs/package.json', { headers: { Cookie: cookie } })).status).toBe(404);
  });
});
