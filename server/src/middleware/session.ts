import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { TRole } from '@mowakaba/shared/constants';
import type { Actor } from '../access/access-rule.js';
import type { AppEnv } from '../app-env.js';
import { AppError } from '../errors.js';
import { findSessionUser, type SessionSettings } from '../modules/auth/sessions.service.js';

export const SESSION_COOKIE = 'mowakaba_session';

/** Reads the session cookie, if any, and puts the signed-in user on the context. */
export function loadSession(settings: SessionSettings): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const user = token ? await findSessionUser(token, settings) : undefined;
    c.set('user', user);
    c.set('sessionToken', user ? token : undefined);
    if (token && !user) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    await next();
  };
}

export function setSessionCookie(c: Context<AppEnv>, token: string, settings: SessionSettings, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    maxAge: Math.floor(settings.ttlMs / 1000),
  });
}

/** Marks the browser as one where the user signed in (auth.service.ts): kept across sign-outs, sent to the auth routes only. */
export const DEVICE_COOKIE = 'mowakaba_device';
const DEVICE_COOKIE_PATH = '/api/auth';
const DEVICE_COOKIE_DAYS = 180;

export const readDeviceCookie = (c: Context<AppEnv>) => getCookie(c, DEVICE_COOKIE);

export function setDeviceCookie(c: Context<AppEnv>, token: string, secure: boolean): void {
  setCookie(c, DEVICE_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure, path: DEVICE_COOKIE_PATH, maxAge: DEVICE_COOKIE_DAYS * 24 * 3600 });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The signed-in user; throws 401 when there is none. */
export function requireUser(c: Context<AppEnv>) {
  const user = c.get('user');
  if (!user) throw new AppError('unauthenticated', 'sign in first');
  return user;
}

/** The signed-in user as the access rule and the services see them; throws 401 when there is none. */
export function requireActor(c: Context<AppEnv>): Actor {
  const user = requireUser(c);
  return { id: user._id.toString(), role: user.role };
}

/** Refuses requests without a session, except on the routes declared public. */
export function requireSession(isPublic: (method: string, path: string) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!isPublic(c.req.method, c.req.path)) requireUser(c);
    await next();
  };
}

/** Allows only the given roles; 401 without a session, 403 with the wrong role. */
export function requireRole(...roles: TRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = requireUser(c);
    if (!roles.includes(user.role)) throw new AppError('forbidden', 'your role does not allow this');
    await next();
  };
}
