import { describe, expect, it } from 'vitest';
import { UserModel } from '../../server/src/modules/users/user.model.js';
import { createSignedInUser, jsonRequest, signIn } from '../helpers/factories.js';
import { createTestApp } from '../helpers/test-app.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const newAgent = { email: 'Youssef.Agent@Mowakaba.test', name: 'يوسف العلوي', password: 'a long passphrase', role: 'agent' };

describe('admin user management', () => {
  it('creates a user who can then sign in, storing only a hash of the password', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');

    const response = await app.request('/api/users', jsonRequest('POST', newAgent, admin.cookie));

    expect(response.status).toBe(201);
    const created = await json(response);
    expect(created).toMatchObject({ email: 'youssef.agent@mowakaba.test', name: 'يوسف العلوي', role: 'agent', disabled: false });
    expect(created).not.toHaveProperty('password');
    const stored = await UserModel.findById(created.id).lean();
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await signIn(app, 'youssef.agent@mowakaba.test', newAgent.password)).toMatch(/^mowakaba_session=/);
  });

  it('answers 409 for an e-mail already taken, in any letter case, and keeps the first user', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const first = await app.request('/api/users', jsonRequest('POST', { ...newAgent, email: 'dup@mowakaba.test' }, admin.cookie));
    expect(first.status).toBe(201);
    const second = await app.request(
      '/api/users',
      jsonRequest('POST', { ...newAgent, email: 'DUP@mowakaba.test', name: 'Other' }, admin.cookie),
    );
    expect(second.status).toBe(409);
    expect((await json(second)).error.code).toBe('conflict');
    expect(await UserModel.find({ email: 'dup@mowakaba.test' }).lean()).toHaveLength(1);
  });

  it('lets only one of two parallel creations of the same e-mail through', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const responses = await Promise.all(
      [1, 2, 3].map(() => app.request('/api/users', jsonRequest('POST', { ...newAgent, email: 'race@mowakaba.test' }, admin.cookie))),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409]);
  });

  it('answers 400 with the fields at fault for bad input', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const response = await app.request(
      '/api/users',
      jsonRequest('POST', { email: 'not-an-email', name: '', password: 'short', role: 'boss', extra: 1 }, admin.cookie),
    );
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.error.code).toBe('validation_failed');
    const paths = body.error.details.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'name', 'password', 'role']));
  });

  it('disables a user, which ends their sessions and their sign-ins', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const agent = await createSignedInUser(app, 'agent');

    const response = await app.request(`/api/users/${agent.user.id}`, jsonRequest('PATCH', { disabled: true }, admin.cookie));
    expect(response.status).toBe(200);
    expect((await json(response)).disabled).toBe(true);
    expect((await app.request('/api/auth/me', { headers: { Cookie: agent.cookie } })).status).toBe(401);
    await expect(signIn(app, agent.user.email, agent.user.password)).rejects.toThrow(/401/);
  });

  it('resets a password, which ends the sessions opened with the old one', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const agent = await createSignedInUser(app, 'agent');
    const response = await app.request(`/api/users/${agent.user.id}`, jsonRequest('PATCH', { password: 'reset by the admin' }, admin.cookie));
    expect(response.status).toBe(200);
    expect((await app.request('/api/auth/me', { headers: { Cookie: agent.cookie } })).status).toBe(401);
    expect(await signIn(app, agent.user.email, 'reset by the admin')).toMatch(/^mowakaba_session=/);
  });

  it('refuses to let an admin disable or demote themselves', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const response = await app.request(`/api/users/${admin.user.id}`, jsonRequest('PATCH', { disabled: true }, admin.cookie));
    expect(response.status).toBe(409);
    expect((await app.request('/api/auth/me', { headers: { Cookie: admin.cookie } })).status).toBe(200);
  });

  it('answers 400 for a malformed id, 404 for an unknown one and 400 for an empty change', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    expect((await app.request('/api/users/not-an-id', jsonRequest('PATCH', { name: 'x' }, admin.cookie))).status).toBe(400);
    const unknown = await app.request('/api/users/0123456789abcdef01234567', jsonRequest('PATCH', { name: 'x' }, admin.cookie));
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toEqual({ error: { code: 'not_found', message: 'user not found' } });
    expect((await app.request(`/api/users/${admin.user.id}`, jsonRequest('PATCH', {}, admin.cookie))).status).toBe(400);
  });

  it('lists users and reads one, without password hashes', async () => {
    const { app } = createTestApp();
    const admin = await createSignedInUser(app, 'admin');
    const list = await app.request('/api/users', { headers: { Cookie: admin.cookie } });
    expect(list.status).toBe(200);
    const { items } = await json(list);
    expect(items.some((user: { id: string }) => user.id === admin.user.id)).toBe(true);
    expect(JSON.stringify(items)).not.toMatch(/argon2/);
    const one = await app.request(`/api/users/${admin.user.id}`, { headers: { Cookie: admin.cookie } });
    expect((await json(one)).email).toBe(admin.user.email);
  });
});
