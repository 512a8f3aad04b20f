import type { TChangePasswordRequest } from '@mowakaba/shared/schemas/auth';
import { AppError } from '../../errors.js';
import {
  clearFailures,
  consumeRateLimit,
  rateLimitedError,
  readBackoff,
  recordFailure,
  type BackoffRule,
  type RateLimitRule,
} from '../rate-limit/rate-limit.service.js';
import { hashPassword, verifyDecoyPassword, verifyPassword } from '../users/password.js';
import { findUserRecordByEmail, setUserPassword, type UserDocument } from '../users/user-records.js';
import { createSession, revokeUserSessions, type SessionSettings } from './sessions.service.js';
import { getStorage } from '../../platform/storage/index.js';
import { isSignedToken, newSignedToken } from '../../platform/signed-tokens.js';

/** Failed sign-ins per address from browsers not yet known for the account tried (password spraying). */
export const LOGIN_LIMIT_PER_IP: RateLimitRule = { bucket: 'login-ip', limit: 10, windowMs: 5 * 60_000 };
/**
 * Failed sign-ins to one account from one address slow down that address only, never the account:
 * a hard per-account lock would let anyone lock any user out (OWASP authentication guidance).
 */
export const LOGIN_BACKOFF_PER_ACCOUNT_AND_ADDRESS: BackoffRule = {
  bucket: 'login-account-address',
  freeFailures: 3,
  firstDelayMs: 2_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};
/** Wrong current passwords on the password-change form, per user: their own session is the only one that can try. */
export const PASSWORD_CHANGE_BACKOFF: BackoffRule = { bucket: 'password-change', freeFailures: 3, firstDelayMs: 5_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

const WRONG_CREDENTIALS = 'the e-mail or password is incorrect';

function tooManyAttempts(retryAfterSeconds: number): AppError {
  return rateLimitedError(retryAfterSeconds, 'too many sign-in attempts; try again later');
}

const accountAddressKey = (email: string, ip: string) => `${email.toLowerCase()}|${ip}`;

// A browser where an account signed in before holds a device token for that account (OWASP's "device
// cookie"): `<user id>.<signed token>`, the signature's purpose naming the user.
const devicePurpose = (userId: string) => `sign-in-device:${userId}`;

/** A new device token for the user, given with every successful sign-in. */
const newDeviceToken = (userId: string, settings: SessionSettings) => `${userId}.${newSignedToken(devicePurpose(userId), settings.secret)}`;

/** The user a device token was given to, when it bears the server's signature (checked without a database read). */
function deviceTokenUser(deviceToken: string | undefined, settings: SessionSettings): string | null {
  const [userId, token] = deviceToken?.split('.') ?? [];
  return userId && token && isSignedToken(token, devicePurpose(userId), settings.secret) ? userId : null;
}

/**
 * Checks credentials. From a browser where the account signed in before (its device token), failures
 * slow down that browser only, so an office address others guessed from never keeps the account's
 * own agent out. Otherwise at most a few failures per address (a successful attempt is given back,
 * so a room of agents behind one address can still sign in), and a growing wait between failures on
 * one account from one address. An attempt refused by a limit is never checked and never counted.
 */
export async function logIn(
  credentials: { email: string; password: string; ip: string; userAgent?: string; deviceToken?: string },
  settings: SessionSettings,
): Promise<{ user: UserDocument; token: string; deviceToken: string }> {
  const deviceUserId = deviceTokenUser(credentials.deviceToken, settings);
  // Only a signed token for the account tried opens its own path: tried on another account, it counts for the address.
  const knownUser = deviceUserId ? await findUserRecordByEmail(credentials.email) : null;
  const knownDevice = knownUser?._id.toString() === deviceUserId;
  const perIp = knownDevice ? null : await consumeRateLimit(LOGIN_LIMIT_PER_IP, credentials.ip);
  if (perIp && !perIp.allowed) throw tooManyAttempts(perIp.retryAfterSeconds);
  const accountKey = accountAddressKey(credentials.email, knownDevice ? `device:${credentials.deviceToken!.slice(-16)}` : credentials.ip);
  const backoff = await readBackoff(LOGIN_BACKOFF_PER_ACCOUNT_AND_ADDRESS, accountKey);
  if (!backoff.allowed) {
    await perIp?.refund();
    throw tooManyAttempts(backoff.retryAfterSeconds);
  }
  const user = knownDevice ? knownUser : await findUserRecordByEmail(credentials.email);
  const passwordMatches = user
    ? await verifyPassword(user.passwordHash, credentials.password)
    : await verifyDecoyPassword(credentials.password);
  if (!user || !passwordMatches || user.disabled) {
    await recordFailure(LOGIN_BACKOFF_PER_ACCOUNT_AND_ADDRESS, accountKey);
    throw new AppError('unauthenticated', WRONG_CREDENTIALS);
  }

  await Promise.all([perIp?.refund(), clearFailures(LOGIN_BACKOFF_PER_ACCOUNT_AND_ADDRESS, accountKey)]);
  const token = await createSession(user._id.toString(), settings, credentials.userAgent);
  return { user, token, deviceToken: newDeviceToken(user._id.toString(), settings) };
}

/** An admin lifts the waits that failed sign-ins put on a user's account, from every address. */
export async function clearSignInFailures(email: string): Promise<void> {
  await clearFailures(LOGIN_BACKOFF_PER_ACCOUNT_AND_ADDRESS, `${email.toLowerCase()}|`);
}

/** Changes the signed-in user's password and signs out their other sessions. */
export async function changeOwnPassword(
  user: UserDocument,
  request: TChangePasswordRequest,
  current: { token: string; settings: SessionSettings },
): Promise<void> {
  const userKey = user._id.toString();
  const backoff = await readBackoff(PASSWORD_CHANGE_BACKOFF, userKey);
  if (!backoff.allowed) throw tooManyAttempts(backoff.retryAfterSeconds);
  if (!(await verifyPassword(user.passwordHash, request.currentPassword))) {
    await recordFailure(PASSWORD_CHANGE_BACKOFF, userKey);
    throw new AppError('validation_failed', 'the request is not valid', [
      { path: 'currentPassword', code: 'incorrect', message: 'the current password is incorrect' },
    ]);
  }
  await clearFailures(PASSWORD_CHANGE_BACKOFF, userKey);
  await setUserPassword(user._id, await hashPassword(request.newPassword), getStorage().clock.now());
  await revokeUserSessions(user._id.toString(), current);
}
