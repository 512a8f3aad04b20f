import { describe, expect, it } from 'vitest';
import { LOGIN_LIMIT_PER_IP } from '../../server/src/modules/auth/auth.service.js';
import { RateLimitModel } from '../../server/src/modules/rate-limit/rate-limit.model.js';
import { UserModel } from '../../server/src/modules/users/user.model.js';
import { createTestUser, jsonRequest, signIn } from '../helpers/factories.js';
import { createTestApp } from '../helpers/test-app.js';
import { json } from '../helpers/json.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

const LIMIT = LOGIN_LIMIT_PER_IP.limit;

function login(app: ReturnType<typeof createTestApp>['app'], body: unknown, ip?: string, deviceCookie?: string) {
  return app.request('/api/auth/login', jsonRequest('POST', body, deviceCookie, ip ? { 'X-Forwarded-For': ip } : {}));
}

/** The `mowakaba_device=…` pair a successful sign-in set, to send back as the browser would. */
function deviceCookieOf(response: Response): string {
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('mowakaba_device='));
  expect(cookie).toBeDefined();
  return cookie!.split(';')[0]!;
}

describe('sign in, session and sign out', () => {
  it('signs in with the right password and sets an httpOnly, SameSite=Lax session cookie', async () => {
    const { app } = createTestApp();
    const user = await createTestUser({ email: 'Salma.Agent@Mowakaba.test', role: 'agent' });

    const response = await login(app, { email: 'salma.agent@mowakaba.test', password: user.password });

    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.user).toMatchObject({ email: 'salma.agent@mowakaba.test', role: 'agent', disabled: false });
    expect(body.user).not.toHaveProperty('passwordHash');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^mowakaba_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const { app } = createTestApp({ PUBLIC_URL: 'https://mowakaba.example.ma' });
    const user = await createTestUser();
    const response = await login(app, { email: user.email, password: user.password });
    expect(response.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('answers /api/auth/me with the signed-in user and refuses it after logout', async () => {
    const { app } = createTestApp();
    const user = await createTestUser({ role: 'supervisor' });
    const cookie = await signIn(app, user.email);

    const me = await app.request('/api/auth/me', { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect((await json(me)).user).toMatchObject({ id: user.id, role: 'supervisor' });

    const logout = await app.request('/api/auth/logout', { method: 'POST', headers: { Cookie: cookie } });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/mowakaba_session=;.*Max-Age=0/);

    const after = await app.request('/api/auth/me', { headers: { Cookie: cookie } });
    expect(after.status).toBe(401);
    expect(await json(after)).toEqual({ error: { code: 'unauthenticated', message: 'sign in first' } });
  });

  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    const { app } = createTestApp();
    const user = await createTestUser();
    const wrongPassword = await login(app, { email: user.email, password: 'not the password' });
    const unknownEmail = await login(app, { email: 'nobody@mowakaba.test', password: 'not the password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(await json(wrongPassword)).toEqual(await json(unknownEmail));
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a disabled user with the same answer as a wrong password', async () => {
    const { app } = createTestApp();
    const user = await createTestUser();
    await UserModel.updateOne({ email: user.email }, { disabled: true });
    const response = await login(app, { email: user.email, password: user.password });
    expect(response.status).toBe(401);
    expect((await json(response)).error.message).toBe('the e-mail or password is incorrect');
  });

  it('answers 400 with field details for a malformed login body', async () => {
    const { app } = createTestApp();
    const response = await login(app, { email: '', extra: true });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.error.code).toBe('validation_failed');
    const paths = body.error.details.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('remembers the interface language chosen by the user', async () => {
    const { app } = createTestApp();
    const user = await createTestUser();
    const cookie = await signIn(app, user.email);
    const response = await app.request('/api/auth/me', jsonRequest('PATCH', { language: 'fr' }, cookie));
    expect(response.status).toBe(200);
    expect((await json(response)).user.language).toBe('fr');
    const invalid = await app.request('/api/auth/me', jsonRequest('PATCH', { language: 'de' }, cookie));
    expect(invalid.status).toBe(400);
  });
});

describe('password change', () => {
  it('changes the password, keeps this session and signs out the others', async () => {
    const { app } = createTestApp();
    const user = await createTestUser();
    const current = await signIn(app, user.email);
    const other = await signIn(app, user.email);

    const response = await app.request(
      '/api/auth/password',
      jsonRequest('POST', { currentPassword: user.password, newPassword: 'a brand new passphrase' }, current),
    );
    expect(response.status).toBe(204);

    expect((await app.request('/api/auth/me', { headers: { Cookie: current } })).status).toBe(200);
    expect((await app.request('/api/auth/me', { headers: { Cookie: other } })).status).toBe(401);
    expect((await login(app, { email: user.email, password: user.password })).status).toBe(401);
    expect((await login(app, { email: user.email, password: 'a brand new passphrase' })).status).toBe(200);
  });

  it('refuses a wrong current password and a too short new one without changing anything', async () => {
    const { app } = createTestApp();
    const user = await createTestUser();
    const cookie = await signIn(app, user.email);

    const wrong = await app.request(
      '/api/auth/password',
      jsonRequest('POST', { currentPassword: 'wrong wrong', newPassword: 'a brand new passphrase' }, cookie),
    );
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).error.details[0].path).toBe('currentPassword');

    const short = await app.request('/api/auth/password', jsonRequest('POST', { currentPassword: user.password, newPassword: 'short' }, cookie));
    expect(short.status).toBe(400);
    expect((await json(short)).error.details[0].path).toBe('newPassword');

    expect((await login(app, { email: user.email, password: user.password })).status).toBe(200);
  });
});

describe('login rate limits', () => {
  it(`allows ${LIMIT} failed attempts per address in 5 minutes, then answers 429 with Retry-After`, async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const user = await createTestUser();
    for (let attempt = 0; attempt < LIMIT; attempt += 1) {
      const response = await login(app, { email: `someone${attempt}@mowakaba.test`, password: 'guess guess' }, '192.0.2.10');
      expect(response.status).toBe(401);
    }
    const blocked = await login(app, { email: user.email, password: user.password }, '192.0.2.10');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(300);
    expect((await json(blocked)).error.code).toBe('rate_limited');

    const otherAddress = await login(app, { email: user.email, password: user.password }, '192.0.2.11');
    expect(otherAddress.status).toBe(200);
  });

  it(`counts thirty simultaneous failed sign-ins from one address exactly: ${LIMIT} are checked, the rest refused`, async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const address = '198.51.100.230';
    const statuses = await Promise.all(Array.from({ length: 30 }, async (_, attempt) => (await login(app, { email: `spray${attempt}@mowakaba.test`, password: 'guess guess' }, address)).status));
    expect(statuses.filter((status) => status === 401)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - LIMIT);
    expect((await RateLimitModel.findById(`login-ip:${address}`).lean())!.count).toBe(30);
  });

  it('never locks a user out for wrong passwords typed by others, from any number of addresses', async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const user = await createTestUser();
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const response = await login(app, { email: user.email, password: 'guess guess' }, `198.51.100.${attempt}`);
      expect(response.status).toBe(401);
    }
    // One address keeps guessing: it is slowed down, then refused, and nothing it sends is counted.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 15; attempt += 1) statuses.push((await login(app, { email: user.email, password: 'guess guess' }, '198.51.100.66')).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4).every((status) => status === 429)).toBe(true);

    const victim = await login(app, { email: user.email, password: user.password }, '203.0.113.50');
    expect(victim.status).toBe(200);
  });

  it('makes one address wait longer after each further failure on an account, and does not count the right password sent while it waits', async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const user = await createTestUser();
    const address = '192.0.2.77';
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await login(app, { email: user.email, password: 'guess guess' }, address)).status).toBe(401);
    }
    const waiting = await login(app, { email: user.email, password: user.password }, address);
    expect(waiting.status).toBe(429);
    const firstWait = Number(waiting.headers.get('retry-after'));
    expect(firstWait).toBeGreaterThanOrEqual(1);
    expect(firstWait).toBeLessThanOrEqual(2);

    // The wait is over (the last failure moved a minute back in the database instead of waited for): one more failure doubles it.
    const key = `login-account-address:${user.email.toLowerCase()}|${address}`;
    const failures = (await RateLimitModel.findById(key).lean())!;
    await RateLimitModel.updateOne({ _id: key }, { $set: { expiresAt: new Date(failures.expiresAt.getTime() - 60_000) } });
    expect((await login(app, { email: user.email, password: 'guess guess' }, address)).status).toBe(401);
    const longer = await login(app, { email: user.email, password: user.password }, address);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBeGreaterThan(firstWait);
    expect((await RateLimitModel.findById(key).lean())!.count).toBe(5);
  });

  it('lets an admin lift the waits on an account', async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const user = await createTestUser();
    const admin = await createTestUser({ role: 'admin' });
    const adminCookie = await signIn(app, admin.email, admin.password, { 'X-Forwarded-For': '203.0.113.1' });
    for (let attempt = 0; attempt < 4; attempt += 1) await login(app, { email: user.email, password: 'guess guess' }, '192.0.2.88');
    expect((await login(app, { email: user.email, password: user.password }, '192.0.2.88')).status).toBe(429);

    const agent = await createTestUser();
    const agentCookie = await signIn(app, agent.email, agent.password, { 'X-Forwarded-For': '203.0.113.2' });
    expect((await app.request(`/api/users/${user.id}/sign-in-failures`, { method: 'DELETE', headers: { Cookie: agentCookie } })).status).toBe(403);
    expect((await app.request(`/api/users/${user.id}/sign-in-failures`, { method: 'DELETE', headers: { Cookie: adminCookie } })).status).toBe(204);
    expect((await login(app, { email: user.email, password: user.password }, '192.0.2.88')).status).toBe(200);
  });

  it('keeps wrong current passwords on the password form apart from sign-in', async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const user = await createTestUser();
    const cookie = await signIn(app, user.email, user.password, { 'X-Forwarded-For': '192.0.2.90' });
    const change = (currentPassword: string) =>
      app.request('/api/auth/password', jsonRequest('POST', { currentPassword, newPassword: 'a brand new passphrase' }, cookie, { 'X-Forwarded-For': '192.0.2.90' }));
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await change('wrong wrong')).status).toBe(400);
    expect((await change(user.password)).status).toBe(429);
    expect((await login(app, { email: user.email, password: user.password }, '192.0.2.91')).status).toBe(200);
  });

  it('does not count successful sign-ins, so a room of agents behind one address can sign in', async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    for (let agent = 0; agent < 8; agent += 1) {
      const user = await createTestUser();
      expect((await login(app, { email: user.email, password: user.password }, '203.0.113.7')).status).toBe(200);
    }
  });

  it('holds the limit under parallel attempts', async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const responses = await Promise.all(
      Array.from({ length: LIMIT + 7 }, (_, attempt) => login(app, { email: `p${attempt}@mowakaba.test`, password: 'guess guess' }, '192.0.2.99')),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });

  it('lets an agent sign in from a browser where they signed in before, while others used up their office address’s limit', async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const office = '192.0.2.120';
    const [returning, newcomer] = await Promise.all([createTestUser(), createTestUser()]);
    const first = await login(app, { email: returning.email, password: returning.password }, office);
    expect(first.status).toBe(200);
    const device = deviceCookieOf(first);
    expect(first.headers.getSetCookie().find((cookie) => cookie.startsWith('mowakaba_device='))).toMatch(/HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/i);

    // Colleagues (or someone on the office network) mistype until the address is refused.
    for (let attempt = 0; attempt < LIMIT; attempt += 1) await login(app, { email: `typo${attempt}@mowakaba.test`, password: 'guess guess' }, office);
    expect((await login(app, { email: newcomer.email, password: newcomer.password }, office)).status).toBe(429);
    expect((await login(app, { email: returning.email, password: returning.password }, office, device)).status).toBe(200);

    // The browser's token opens nothing for another account, nor a forged or altered one for this account.
    expect((await login(app, { email: newcomer.email, password: newcomer.password }, office, device)).status).toBe(429);
    const [userId, token] = device.slice('mowakaba_device='.length).split('.');
    expect((await login(app, { email: returning.email, password: returning.password }, office, `mowakaba_device=${userId}.${token!.slice(0, -2)}xx`)).status).toBe(429);
  });

  it('slows down wrong passwords from a known browser on that browser, without counting them for the address', async () => {
    const { app } = createTestApp({ TRUST_PROXY: 'true' });
    const office = '192.0.2.121';
    const user = await createTestUser();
    const device = deviceCookieOf(await login(app, { email: user.email, password: user.password }, office));
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LIMIT; attempt += 1) statuses.push((await login(app, { email: user.email, password: 'guess guess' }, office, device)).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4).every((status) => status === 429)).toBe(true);
    // The address was never charged: a colleague on the same network signs in.
    const colleague = await createTestUser();
    expect((await login(app, { email: colleague.email, password: colleague.password }, office)).status).toBe(200);
  });
});
