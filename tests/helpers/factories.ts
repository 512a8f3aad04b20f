import { randomBytes } from 'node:crypto';
import type { TRole } from '@mowakaba/shared/constants';
import type { TUser } from '@mowakaba/shared/schemas/users';
import mongoose from 'mongoose';
import { TeamModel } from '../../server/src/modules/teams/team.model.js';
import { hashPassword } from '../../server/src/modules/users/password.js';
import { UserModel } from '../../server/src/modules/users/user.model.js';
import { toUserDtoWithTeams } from '../../server/src/modules/users/users.service.js';
import type { App } from '../../server/src/app.js';
import { SESSION_COOKIE } from '../../server/src/middleware/session.js';
import { createSession } from '../../server/src/modules/auth/sessions.service.js';
import { testAppOf } from './test-app.js';

export const TEST_PASSWORD = 'correct horse battery';

// Argon2 spends about 10 ms of CPU on each hash (measured: 100 test users in 1,065 ms, 75 ms with the
// hash made beforehand), for hundreds of users a run: each password is hashed once per worker.
const passwordHashes = new Map<string, Promise<string>>();
function passwordHashOf(password: string): Promise<string> {
  let passwordHash = passwordHashes.get(password);
  if (!passwordHash) passwordHashes.set(password, (passwordHash = hashPassword(password)));
  return passwordHash;
}

/**
 * A user stored in the test database, as `createUser` stores one (creating users is tested through
 * its route in tests/api/users.test.ts), with a real Argon2 hash of the password, made once; every
 * field can be overridden.
 */
export async function createTestUser(
  overrides: Partial<{ email: string; name: string; role: TRole; password: string }> = {},
): Promise<TUser & { password: string }> {
  const password = overrides.password ?? TEST_PASSWORD;
  const user = await UserModel.create({
    email: overrides.email ?? `user-${randomBytes(4).toString('hex')}@mowakaba.test`,
    name: overrides.name ?? 'Salma Bennani',
    role: overrides.role ?? 'agent',
    language: 'ar',
    passwordHash: await passwordHashOf(password),
  });
  return { ...(await toUserDtoWithTeams(user.toObject())), password };
}

/** Signs in through the API and returns the Cookie header to send with later requests. */
export async function signIn(app: App, email: string, password = TEST_PASSWORD, headers: Record<string, string> = {}) {
  const response = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0]!;
}

/**
 * A signed-in user of the given role and the cookie of their session, made as the sign-in route makes
 * it but without checking the password again (Argon2 spends 15–30 ms of CPU on each check, hundreds of
 * times a run); signing in itself is tested in tests/api/auth.test.ts. An app this file did not make
 * signs in through its route.
 */
export async function createSignedInUser(app: App, role: TRole = 'agent') {
  const user = await createTestUser({ role });
  const settings = testAppOf(app)?.sessionSettings;
  const cookie = settings ? `${SESSION_COOKIE}=${await createSession(user.id, settings)}` : await signIn(app, user.email, user.password);
  return { user, cookie };
}

/** A signed-in agent, the one member of a new team skilled in Arabic and founding (the phone menu's first keys). */
export async function createAgentInFoundingTeam(app: App) {
  const agent = await createSignedInUser(app);
  await TeamModel.create({
    key: `founding-${new mongoose.Types.ObjectId().toString()}`,
    name: { ar: 'التأسيس', fr: 'Création', en: 'Founding' },
    skills: { languages: ['ar'], topics: ['founding'] },
    memberIds: [new mongoose.Types.ObjectId(agent.user.id)],
  });
  return agent;
}

/** JSON request options for app.request(). */
export function jsonRequest(method: string, body: unknown, cookie?: string, headers: Record<string, string> = {}): RequestInit {
  return {
    method,
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}), ...headers },
    body: JSON.stringify(body),
  };
}
